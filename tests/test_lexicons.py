import re

from analysis.lexicons import abbreviations, furniture_rules, read_lexicon, stopwords


def test_every_entry_has_a_source_or_rationale():
    for name, column in [("abbreviations", "note"), ("furniture", "note"), ("stopwords", "source")]:
        table = read_lexicon(name)
        assert (table[column].str.strip() != "").all(), name
        assert not table.iloc[:, 0].duplicated().any(), name


def test_project_stop_words_say_why():
    table = read_lexicon("stopwords")
    assert (table.loc[table["source"] == "project", "note"].str.len() > 20).all()


def test_abbreviations_are_lower_case_without_final_period():
    for abbreviation in abbreviations():
        assert abbreviation == abbreviation.lower() and not abbreviation.endswith(".")


def test_stop_list_tricky_cases():
    stop = stopwords()
    assert {"the", "'s", "n't", "us"} <= stop
    assert "won" not in stop  # a verb here: the tokenizer turns "won't" into "wo" + "n't"
    assert not {"iran", "war", "attack", "said"} & stop


def test_furniture_rules_compile_and_have_known_scopes():
    rules = furniture_rules()
    assert rules and {scope for _, scope, _ in rules} <= {"line", "span", "rest"}


def test_caption_rule_needs_a_credit_at_the_end_of_the_line():
    caption = next(p for p, _, reason in furniture_rules() if reason == "photo caption")
    assert caption.fullmatch("Esper warned pro-Iran groups [Getty]")
    assert caption.fullmatch("Troops in Baghdad [AFP via Getty Images]")
    assert not caption.fullmatch("This particular strike [on Sunday] It was very bad.")
    assert not caption.fullmatch("He said [the militias] would pay")


def test_see_also_rule_does_not_touch_prose():
    related = [p for p, _, reason in furniture_rules() if reason == "related link"]
    assert any(p.fullmatch("See also Biden will visit the border") for p in related)
    assert not any(p.fullmatch("Plus, the coalition will remain.") for p in related)
    assert not any(re.fullmatch(p.pattern, "Readers may see also that", re.I) for p in related)
