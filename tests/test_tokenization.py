import pandas as pd
import pytest

from analysis.cleaning import segment
from analysis.tokenization import split_sentences, tokenize
from tests.conftest import one_doc


def _run(text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = one_doc(text)
    sentences = split_sentences(docs, segment(docs))
    return sentences, tokenize(docs, sentences)


@pytest.mark.parametrize(
    "text",
    [
        "Riots outside the U.S. embassy in Baghdad followed. Washington blamed Iran.",
        "Maj.-Gen. Mohsen Rezaei compared it to ISIS. Tehran denied it.",
        "Mr. Austin said so. Mr Austin said it again.",
        "Lt.-Col. Smith and Gen. Milley met. They spoke.",
    ],
)
def test_sentences_do_not_break_at_abbreviations(text):
    sentences, _ = _run(text)
    assert len(sentences) == 2
    assert sentences["text"].iloc[-1].split()[0] in {"Washington", "Tehran", "Mr", "They"}


def test_sentences_never_cross_lines_and_keep_closing_quotes():
    sentences, _ = _run("US approves plans to strike\n\u201cWe will respond,\u201d he said. Then more.")
    assert list(sentences["text"]) == [
        "US approves plans to strike",
        "\u201cWe will respond,\u201d he said.",
        "Then more.",
    ]


def test_unclosed_quote_at_end_of_paragraph_ends_the_sentence():
    sentences, _ = _run("He said: \u201cWe will respond at a time of our choosing.\nIran denied it.")
    assert len(sentences) == 2


def test_offsets_index_the_raw_text():
    text = "\u00a0Iran\u2019s \u201cproxies\u201d \u2013 Kata\u2019ib Hezbollah \u2013 didn\u2019t stop."
    sentences, tokens = _run(text)
    for row in sentences.itertuples():
        assert text[row.start : row.end] == row.text
    for row in tokens.itertuples():
        assert text[row.start : row.end] == row.token


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran's proxies", ["iran", "'s", "proxies"]),
        ("Iran\u2019s proxies", ["iran", "'s", "proxies"]),
        ("the US's support", ["the", "us", "'s", "support"]),
        ("Iran-backed militias", ["iran-backed", "militias"]),
        ("pro-Iranian militia Kata'ib Hezbollah", ["pro-iranian", "militia", "kata'ib", "hezbollah"]),
        ("Kata\u2019ib", ["kata'ib"]),
        ("it doesn't matter", ["it", "does", "n't", "matter"]),
        ("the \u2018provocative behaviour\u2019", ["the", "'", "provocative", "behaviour", "'"]),
        ("\u201cregret\u201d it", ['"', "regret", '"', "it"]),
        ("the U.S. embassy", ["the", "u.s.", "embassy"]),
        ("a 'sneak attack' on U.S", ["a", "'", "sneak", "attack", "'", "on", "u.s"]),
        ("Maj.-Gen. Rezaei", ["maj.-gen.", "rezaei"]),
        ("25,000 wounded, $2.5 billion", ["25,000", "wounded", ",", "$", "2.5", "billion"]),
        ("months... So", ["months", "...", "so"]),
        ("war\u2014and peace", ["war", "-", "and", "peace"]),
        ("militias' bases", ["militias", "'", "bases"]),
        ("MR. SMITH DOESN'T, HTTPS://X.ORG", ["mr.", "smith", "does", "n't", ",", "https://x.org"]),
    ],
)
def test_tokens(text, expected):
    _, tokens = _run(text)
    assert list(tokens["lower"]) == expected


def test_stop_flags_spare_capitalised_acronyms():
    _, tokens = _run("US forces said IS is weak and us too")
    assert not tokens.loc[tokens["token"] == "US", "is_stop"].item()
    assert not tokens.loc[tokens["token"] == "IS", "is_stop"].item()
    assert tokens.loc[tokens["token"] == "is", "is_stop"].item()
    assert tokens.loc[tokens["token"] == "us", "is_stop"].item()


def test_norm_is_a_stem_and_punctuation_flags():
    _, tokens = _run("Strikes struck, striking.")
    assert list(tokens["norm"]) == ["strike", "struck", ",", "strike", "."]
    assert list(tokens["is_punct"]) == [False, False, True, False, True]


def test_ids_count_within_each_document(seed_tables):
    tokens = seed_tables.tokens
    for _, group in tokens.groupby("doc_id"):
        assert list(group["token_id"]) == list(range(len(group)))
    for _, group in seed_tables.sentences.groupby("doc_id"):
        assert list(group["sent_id"]) == list(range(len(group)))


def test_untimed_patterns_give_nltks_own_spans(seed_tables):
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis.text import normalise, token_view
    from analysis.tokenization import sentence_tokenizer, token_pattern, word_tokenizer

    nltk_punkt = PunktSentenceTokenizer(sentence_tokenizer()._params)  # NLTK's timed patterns
    for text in seed_tables.documents["text"]:
        view = token_view(text)
        assert [m.span() for m in token_pattern().finditer(view)] == list(
            word_tokenizer().span_tokenize(view)
        )
        for line in normalise(text).split("\n"):
            assert list(sentence_tokenizer().span_tokenize(line)) == list(nltk_punkt.span_tokenize(line))
    for line in PUNKT_CASES:
        assert list(sentence_tokenizer().span_tokenize(line)) == list(nltk_punkt.span_tokenize(line)), line


PUNKT_CASES = [
    "He waited... Then he left. J. R. Smith came at 2.5 p.m. on Jan. 3. 1,000.5 troops. -3. Done.",
    "It cost $4.50. A. Then B.C. left. 12. He said so. Is it? Yes! ... ok. i. e. x.",
    "The U.S. said so. the end. 3rd. No. 5 was there. (Really.) \"Quoted.\" Next one.",
    "He came at 5. then left. Troops at 1,000. moved on. At -2.5. it froze.",
]


PLAIN_WORD_CASES = [
    "Mr. Smith, Maj.-Gen. Soleimani and Dr Who.", "25,000 troops; 2.5 km at 10:30, 1,2", "U.S. and U.S forces",
    "doesn't, can't; DON'T won't", "Iran's we're they'll I'd", "Iran-backed Kata'ib", "http://x.org/a?b=1 www.y.com",
    "word... -- ok!? (yes) [no] \"quoted\" end", "_under_score 12abc 3rd, e.g. i.e., x", "été naïve 二十 \u0663\u0664,\u0665",
    "a\tb\nc", "a\u2028b\x1cc\u3000d\x0be\u00a0f ", "ends with a word", "Gen.", "n't 's", "A.B.C", "x,y;z!w?v)u]t\"s",
]


def test_plain_word_shortcut_gives_the_grammars_spans(seed_tables):
    # also checks the non-space guard in front of the alternatives (token_pattern's (?=\S))
    import re

    from analysis.text import token_view
    from analysis.tokenization import _grammar, token_pattern

    grammar = re.compile("|".join(_grammar()))
    for text in [*map(token_view, seed_tables.documents["text"]), *PLAIN_WORD_CASES]:
        assert [m.span() for m in token_pattern().finditer(text)] == [m.span() for m in grammar.finditer(text)]


def test_spelled_out_letters_match_what_ignorecase_matches():
    import re
    import string
    import sys

    from analysis.tokenization import _anycase

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    for letter in string.ascii_lowercase:
        assert re.findall(_anycase(letter), every) == re.findall(letter, every, re.IGNORECASE)
    for kind in (r"\S", r"[^\W\d_]", r"\d", r"\w", r"[^\w\s]", r"\s", r"[\s,;!?\")\]]"):  # the grammar's classes
        assert re.findall(kind, every) == re.findall(kind, every, re.IGNORECASE)


def test_an_empty_corpus_gives_an_empty_tokens_table_of_the_same_types(seed_tables):
    docs = seed_tables.documents.iloc[0:0]
    empty = tokenize(docs, split_sentences(docs, segment(docs)))
    assert empty.empty
    assert empty.dtypes.to_dict() == seed_tables.tokens.dtypes.to_dict()
