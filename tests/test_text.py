from analysis.text import NORMALISE_TABLE, normalise, token_view


def test_normalise_keeps_length_and_maps_one_to_one():
    raw = "Israel\u2019s \u201cwar\u201d\u00a0\u2013 Iran\u2014US \u2018Kata\u2019ib\u2019"
    assert len(normalise(raw)) == len(raw)
    assert normalise(raw) == "Israel's \"war\" - Iran-US 'Kata'ib'"
    assert all(len(v) == 1 for v in NORMALISE_TABLE.values())


def test_token_view_keeps_em_dash_so_it_separates_words():
    assert token_view("war\u2014and") == "war\u2014and"
    assert token_view("Israel\u2013Hamas") == "Israel-Hamas"


def test_normalise_and_token_view_equal_translate_with_their_tables():
    from analysis.text import TOKEN_VIEW_TABLE

    every = "".join(chr(k) for k in NORMALISE_TABLE)
    text = f"a{every}b \u00e9t\u00e9 {every[::-1]} \u2014 plain"
    assert normalise(text) == text.translate(NORMALISE_TABLE)
    assert token_view(text) == text.translate(TOKEN_VIEW_TABLE)
    assert normalise("plain ascii") == "plain ascii"
