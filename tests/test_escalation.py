import pandas as pd
import pytest

from analysis.escalation import CATEGORIES, POLARITY, default_lexicon, label, match_sentence, score_escalation
from analysis.escalation_stats import (
    cohen_kappa,
    escalation_summary,
    gold_agreement,
    ladder_change,
    ladder_profile,
    load_gold,
    match_concordance,
    modes_by_rung,
    official_vs_reporter,
    positions,
    sentiment_relation,
    speaker_ladder,
)
from analysis.lexicons import read_lexicon
from tests.conftest import ROOT

GOLD = ROOT / "tests" / "data" / "escalation_gold.csv"


def _matches(text):
    return [(text[m["start"]:m["end"]], m["category"], m["weight"], m["rules"]) for m in match_sentence(text)]


def test_weights_are_the_goldstein_values_of_their_cameo_codes():
    table = dict(zip(*[read_lexicon("cameo_goldstein")[c] for c in ("cameo", "goldstein")], strict=True))
    lexicon = default_lexicon().terms
    for row in lexicon.itertuples():
        if not row.departure:
            assert float(row.goldstein) == float(table[row.cameo]), row.term
        assert row.note, row.term
    for row in lexicon.itertuples():
        sign = 1 if POLARITY[row.category] == "restraint" else -1
        assert sign * float(row.goldstein) > 0, f"{row.term}: weight sign disagrees with its rung"


def test_every_form_is_listed_once():
    forms = [f for forms in default_lexicon().terms["forms"] for f in forms.split("|")]
    assert len(forms) == len(set(forms))
    assert set(default_lexicon().terms["category"]) <= set(CATEGORIES)


@pytest.mark.parametrize(
    ("text", "surface", "category"),
    [
        ("US strikes on bases", "strikes", "assault and fighting"),
        ("The US struck bases", "struck", "assault and fighting"),
        ("a strike on Sunday", "strike", "assault and fighting"),
        ("a drone attack in Jordan", "drone attack", "assault and fighting"),
        ("Iran will pay a very heavy price", "pay a very heavy price", "threats"),
        ("avoid triggering a major escalation", "avoid triggering a major escalation", "restraint and de-escalation"),
        ("urged immediate de-escalation", "de-escalation", "restraint and de-escalation"),
        ("pulled out of the landmark nuclear deal", "pulled out of the landmark nuclear deal", "coercion and retaliation"),
        ("pulled out of a military base", "pulled out of a military base", "restraint and de-escalation"),
        ("Defence Secretary Lloyd Austin", None, None),
        ("if it receives enough warning", None, None),
    ],
)
def test_lemma_forms_and_longest_match(text, surface, category):
    found = _matches(text)
    if surface is None:
        assert found == []
    else:
        assert (surface, category) in [(f[0], f[1]) for f in found]


@pytest.mark.parametrize(
    ("text", "term_text", "polarity", "rule"),
    [
        ("He then said he did not want war.", "war", "restraint", "negation"),
        ("The United States was not at war with Iran.", "war", "restraint", "negation"),
        ("There are ways to manage this so it doesn\u2019t get out of control.", "out of control", "restraint", "negation"),
        ("without any retaliatory measures", "retaliatory", "restraint", "negation"),
        ("There is no ceasefire.", "ceasefire", "escalation", "negation"),
        ("They urged them not to attack.", "attack", "escalation", "negation under a demand"),
        ("Iran may be planning new attacks.", "attacks", "escalation", "hedged"),
        ("They could strike at any time.", "strike", "escalation", "hedged"),
        ("We will respond at a time of our choosing.", "respond", "escalation", "committed"),
        ("We are prepared to deter further bad behaviour.", "deter", "escalation", "committed"),
        ('"If this happens, Iran will pay a very heavy price."', "pay a very heavy price", "escalation", "conditional"),
        ("The US will strike the militias.", "strike", "escalation", "future"),
        ("Three soldiers were killed on Sunday.", "killed", "escalation", "past"),
    ],
)
def test_context_rules(text, term_text, polarity, rule):
    found = {text[m["start"]:m["end"]]: m for m in match_sentence(text)}
    match = found[term_text]
    assert match["polarity"] == polarity
    assert rule in match["rules"].split("; ")


def test_negation_is_local():
    # "no set formula" negates the formula, not the avoiding of escalation
    found = match_sentence("He said there is no set formula for protecting troops and avoiding escalation.")
    assert {m["term"]: m["negated"] for m in found} == {"defend": False, "troops": False, "avoid escalation": False}


def test_weights_follow_the_rules():
    plain = match_sentence("Iran is planning new attacks.")[0]
    hedged = match_sentence("Iran may be planning new attacks.")[0]
    assert hedged["weight"] == plain["weight"] / 2
    assert match_sentence("We did not want war.")[0]["weight"] == 7.0


def test_sentence_scores_and_labels():
    sentences = pd.DataFrame({
        "doc_id": ["a", "a", "a"], "sent_id": [0, 1, 2], "start": [0, 100, 200],
        "text": ["He threatened to retaliate, but then said he did not want war.", "The weather was fine.",
                 "Three soldiers were killed."],
    })
    scored, matches = score_escalation(sentences)
    assert scored["escalation_label"].tolist() == ["both", "neither", "escalating"]
    first = scored.iloc[0]
    assert first["escalation"] == pytest.approx(6.0 + 7.0) and first["restraint"] == pytest.approx(7.0)
    assert first["net"] == pytest.approx(7.0 - 13.0)
    assert matches.loc[matches["term"] == "kill", "start"].item() == 200 + sentences.loc[2, "text"].index("killed")
    assert label(0, 0) == "neither" and label(1, 0) == "escalating" and label(0, 1) == "restraining"


def test_matches_index_the_raw_text(seed_tables):
    _, matches = score_escalation(seed_tables.sentences)
    texts = dict(zip(seed_tables.documents["doc_id"], seed_tables.documents["text"], strict=True))
    for row in matches.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.surface


CASE_CASES = [
    "IF THEY ATTACK, WE WILL RESPOND.",
    "Cease-Fire talks; a Drone Attack at Tower 22",
    "They Will Pay A Very Heavy Price",
    "counter-attack, attack-ish, ATTACKERS' strikes",
]


def test_lower_cased_ascii_matching_finds_what_ignoring_case_finds(seed_tables):
    from analysis.escalation import _candidates
    from analysis.text import normalise

    lexicon = default_lexicon()
    texts = [*seed_tables.sentences["text"], *CASE_CASES]
    views = [normalise(t) for text in texts for t in (text, text.upper(), text.title(), text.swapcase())]
    ascii_views = [v for v in views if v.isascii()]
    assert len(ascii_views) > 0.9 * len(views)
    found = 0
    for view in ascii_views:
        expected = _candidates(view, lexicon.patterns, lexicon.forms)
        assert _candidates(view.lower(), lexicon.lower_patterns, lexicon.forms) == expected, view
        found += len(expected)
    assert found > 500
    from analysis.escalation import _CONDITIONAL, _CONDITIONAL_LOWER

    words = ["If so", "IF", "iffy", "motif", "if_", "_if", "9if", "unless.", "Unlessly", "say-if", "'if'", "i f"]
    conditionals = 0
    for view in [*ascii_views, *words]:
        conditional = bool(_CONDITIONAL.search(view))
        assert bool(_CONDITIONAL_LOWER.search(view.lower())) == conditional, view
        conditionals += conditional
    assert conditionals > 10


def test_non_ascii_forms_and_sentences_are_matched_ignoring_case():
    from analysis.escalation import Lexicon

    terms = read_lexicon("escalation")
    row = terms.index[terms["term"] == "attack"][0]
    terms.loc[row, "forms"] += "|café bombing"
    lexicon = Lexicon(terms)
    assert lexicon.lower_patterns is None
    found = match_sentence("the CAFÉ BOMBING and the ATTACK", lexicon)
    assert [(m["start"], m["end"], m["term"]) for m in found] == [(4, 16, "attack"), (25, 31, "attack")]
    text = "\u0130stanbul: an ATTACK"  # lower-casing the dotted capital I adds a character
    assert [(m["start"], m["end"]) for m in match_sentence(text)] == [(len(text) - 6, len(text))]


def _clause_words_of_the_whole_prefix(view, start, n):
    from analysis.escalation import _CLAUSE_BREAK, _WORD

    words = []
    for token in reversed(_WORD.findall(view[:start])):
        if token in _CLAUSE_BREAK:
            break
        words.append(token.lower())
        if len(words) == n:
            break
    return words[::-1]


def test_clause_words_read_from_a_window_equal_those_of_the_whole_prefix():
    from analysis.escalation import CLAUSE_WINDOW, _clause_words

    long_word = "x" * (CLAUSE_WINDOW - 5)
    views = [
        "They did not " + long_word + " want war.",  # the window holds too few words: read on
        "cannot " + "y" * (CLAUSE_WINDOW - 3) + " war",  # the window cuts a word
        "Not now, " + " ".join(["word"] * 40) + " war",
        "x" * 3 * CLAUSE_WINDOW + " so it doesn't get out of control",
        "He said: \"we will not " + long_word + " attack\"",
    ]
    for view in views:
        for start in range(len(view) + 1):
            for n in (1, 6):
                expected = _clause_words_of_the_whole_prefix(view, start, n)
                assert _clause_words(view, start, n) == expected, (view, start, n)
    assert match_sentence(views[0])[0]["rules"] == "negation"


def test_cohen_kappa_by_hand():
    gold = pd.Series(["e", "e", "r", "n"])
    assert cohen_kappa(gold, gold) == 1.0
    predicted = pd.Series(["e", "r", "r", "n"])
    # observed 3/4; expected .5*.25 + .25*.5 + .25*.25 = .3125
    assert cohen_kappa(gold, predicted) == pytest.approx((0.75 - 0.3125) / (1 - 0.3125))


def test_agreement_with_the_gold_standard_does_not_fall(seed_tables):
    from analysis.pipeline import build_actor_tables, build_escalation_tables

    scored = build_escalation_tables(build_actor_tables(seed_tables).sentences).sentences
    stats, confusion, disagreements = gold_agreement(scored, load_gold(str(GOLD)))
    assert stats["n"] == len(seed_tables.sentences)
    assert stats["accuracy"] >= 0.85
    assert stats["kappa"] >= 0.70
    assert int(confusion.to_numpy().sum()) == len(seed_tables.sentences)
    assert len(disagreements) == round((1 - stats["accuracy"]) * stats["n"])


def test_gold_file_still_matches_the_sentences(seed_tables):
    gold = load_gold(str(GOLD))
    merged = seed_tables.sentences.merge(gold, on=["doc_id", "sent_id"], suffixes=("", "_gold"))
    assert len(merged) == len(gold) == len(seed_tables.sentences)
    assert (merged["text"] == merged["text_gold"]).all()
    assert (gold["note"].str.len() > 10).all()


def test_gold_agreement_refuses_misaligned_gold(seed_tables):
    scored, _ = score_escalation(seed_tables.sentences)
    gold = load_gold(str(GOLD))
    shifted = gold.assign(text=gold["text"].shift(1).fillna(""))
    with pytest.raises(ValueError, match="no longer matches the text"):
        gold_agreement(scored, shifted)
    assert load_gold("") is None
    stats, _, _ = gold_agreement(scored, None)
    assert stats["n"] == 0


def test_aggregates(seed_tables):
    from analysis.pipeline import build_actor_tables

    sentences = build_actor_tables(seed_tables).sentences
    scored, matches = score_escalation(sentences)
    docs = seed_tables.documents
    profile = ladder_profile(matches, docs)
    assert len(profile) == 2 * len(CATEGORIES)
    assert profile["n"].sum() == len(matches)
    summary = escalation_summary(scored, docs).set_index("group")
    for group, part in scored.groupby(scored["doc_id"].map(dict(zip(docs["doc_id"], docs["period"], strict=True)))):
        share = part["escalation_label"].isin(["escalating", "both"]).mean()
        assert summary.loc[group, "share_escalating"] == pytest.approx(share)
        assert summary.loc[group, "escalating_low"] <= share <= summary.loc[group, "escalating_high"]
    where = positions(scored)
    assert where["position"].between(0, 1).all()
    assert set(speaker_ladder(matches)["speaker"]) >= {"Lloyd Austin", "Mark Esper"}
    modes = official_vs_reporter(scored, matches)
    assert set(modes["mode"]) == {"narration", "quotation"}
    context = match_concordance(matches, docs, "threats")
    assert (context["category"] == "threats").all() and len(context) > 0
    with pytest.raises(ValueError, match="not a rung of the ladder"):
        match_concordance(matches, docs, "anger")


def test_ladder_change_orders_rungs_from_largest_fall_to_largest_rise_and_reads_a_missing_group_as_zero():
    profile = pd.DataFrame(
        {
            "group": ["2020", "2020", "2024", "2024"],
            "category": ["threats", "war", "threats", "war"],
            "n": [4, 0, 1, 3],
            "per_1000": [2.0, 0.0, 0.5, 1.5],
        }
    )
    change = ladder_change(profile, "2020", "2024")
    assert list(change.columns) == ["category", "first", "last", "change"]
    assert len(change) == len(CATEGORIES)
    assert change.iloc[0].tolist() == ["threats", 2.0, 0.5, -1.5]
    assert change.iloc[-1].tolist() == ["war", 0.0, 1.5, 1.5]
    unmoved = change[change["change"] == 0]["category"].tolist()
    assert unmoved == [c for c in CATEGORIES if c in unmoved]  # ties stay in ladder order
    assert (ladder_change(profile, "2020", "2030")["last"] == 0).all()
    no_words = profile.assign(per_1000=[2.0, 0.0, float("nan"), float("nan")])
    assert (ladder_change(no_words, "2020", "2024")["last"] == 0).all()


def test_modes_by_rung_has_every_rung_and_both_modes_even_without_quotations():
    modes = pd.DataFrame(
        {"mode": "narration", "category": CATEGORIES, "n": 1, "per_100_sentences": 10.0}
    )
    table = modes_by_rung(modes)
    assert list(table.index) == CATEGORIES
    assert list(table.columns) == ["quotation", "narration"]
    assert (table["quotation"] == 0).all() and (table["narration"] == 10.0).all()


def test_sentiment_relation_is_nan_without_warnings_where_a_score_does_not_vary():
    import warnings

    scored = pd.DataFrame({"compound": [0.1, -0.3, 0.5], "escalation": 0.0, "restraint": 0.0, "net": 0.0})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        relation = sentiment_relation(scored)
    assert all(pd.isna(v) for v in relation.values())
