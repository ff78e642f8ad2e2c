import pandas as pd
import pytest

from analysis.actor_stats import (
    actor_counts,
    actor_matrix,
    actor_sentences,
    cooccurrence,
    cooccurrence_matrix,
    period_change,
    regroup_actor_counts,
    side_shares,
)
from analysis.actors import Gazetteer, default_gazetteer, find_mentions, match_text
from analysis.audit import coverage_audit
from analysis.lexicons import read_lexicon


def _actors(text):
    return [(text[a:b], actor, modifier) for a, b, actor, modifier in match_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kataib Hezbollah and Hezbollah", [("Kataib Hezbollah", "Kataib Hezbollah", ""), ("Hezbollah", "Hezbollah", "")]),
        ("Kataeb Hezbollah", [("Kataeb Hezbollah", "Kataib Hezbollah", "")]),
        ("Kata'ib Hezbollah's sites", [("Kata'ib Hezbollah", "Kataib Hezbollah", "")]),
        ("Kata\u2019ib Hezbollah\u2019s sites", [("Kata\u2019ib Hezbollah", "Kataib Hezbollah", "")]),
        ("the Islamic Resistance in Iraq", [("Islamic Resistance in Iraq", "Islamic Resistance in Iraq", "")]),
        ("IS is us", [("IS", "Islamic State", "")]),
        ("let us see what the US does", [("US", "United States", "")]),
        ("the Islamic State (IS) group", [("Islamic State", "Islamic State", "")]),
        ("According to the Washington Post, Washington", [("Washington Post", "Washington Post", ""), ("Washington", "United States", "")]),
        ("the capital's Green Zone", []),
        ("The National Security Council", [("National Security Council", "United States", "")]),
        ("The National reported", [("The National", "The National", "")]),
        ("Iran-backed militias", [("Iran", "Iran", "sponsor"), ("militias", "Militias", "")]),
        ("Iranian-backed militia facilities", [("Iranian", "Iran", "sponsor"), ("militia", "Militias", "")]),
        ("pro-Iran groups", [("Iran", "Iran", "sponsor")]),
        ("US-trained Iraqi Counter-Terrorism Service", [("US", "United States", "sponsor"), ("Iraqi Counter-Terrorism Service", "Counter-Terrorism Service", "")]),
        ("anti-US protests", [("US", "United States", "anti")]),
        ("Iran's supreme leader", [("Iran", "Iran", "")]),
        ("the US's support", [("US", "United States", "")]),
        ("Iranian forces", [("Iranian forces", "Iranian forces", "")]),
        ("Militias and the Coalition", [("Militias", "Militias", ""), ("Coalition", "Coalition", "")]),
        ("Austin\u00a0said", [("Austin", "Lloyd Austin", "")]),
    ],
)
def test_gazetteer_hard_cases(text, expected):
    assert _actors(text) == expected


def test_each_pattern_finds_the_longest_form_at_every_word_start():
    forms = pd.DataFrame(
        {
            "form": ["Iran", "Iran-backed group", "Ira", "US", "militia", "militias"],
            "actor": ["Iran", "Iran", "Iran", "United States", "Militias", "Militias"],
            "case": ["exact", "exact", "exact", "exact", "any", "any"],
            "note": [""] * 6,
        }
    )
    actors = pd.DataFrame(
        {"actor": ["Iran", "United States", "Militias"], "type": ["state"] * 3, "side": ["other"] * 3, "note": [""] * 3}
    )
    gazetteer = Gazetteer(actors, forms)
    exact, anycase = gazetteer.patterns
    assert exact.match("Iran-backed group.")[1] == "Iran-backed group"
    assert exact.match("Iran-backed groups")[1] == "Iran"  # the longer form ends inside a word
    assert exact.match("Iranian") is None and exact.match("iran") is None
    assert anycase.match("MILITIAS'")[1] == "MILITIAS"
    text = "xIran, US-Ira Militia"  # no match right after a letter; overlapping starts kept
    assert [(text[a:b], actor) for a, b, actor, _ in match_text(text, gazetteer)] == [
        ("US", "United States"), ("Ira", "Iran"), ("Militia", "Militias")
    ]
    assert Gazetteer(actors, forms.iloc[0:0]).patterns[0].search("Iran") is None


def test_lower_cased_search_finds_the_any_case_candidates_of_the_ignore_case_pattern(seed_tables):
    from analysis.actors import _candidates
    from analysis.text import normalise

    gazetteer = default_gazetteer()
    exact, anycase = gazetteer.patterns
    tricky = ["MILITIAS, militia-backed Militia", "antimilitia proxies_x", "The Coalition's proxy militia groups."]
    for view in [*map(normalise, seed_tables.sentences["text"]), *tricky]:
        expected = _candidates(view, [(exact, view), (anycase, view)])
        assert _candidates(view, [(exact, view), (gazetteer.lower_anycase, view.lower())]) == expected, view
    assert match_text("\u0130stanbul MILITIAS") == [(9, 17, "Militias", "")]  # lower-casing adds a character
    forms = pd.DataFrame([{"form": "milicias", "actor": "Iran", "case": "any", "note": ""}])
    assert Gazetteer(gazetteer.actors, forms).lower_anycase is not None
    assert Gazetteer(gazetteer.actors, forms.assign(form="milícias")).lower_anycase is None


def test_gazetteer_files_are_consistent_and_documented():
    gazetteer = default_gazetteer()
    assert (gazetteer.actors["note"].str.len() > 10).all()
    assert not gazetteer.actors["actor"].duplicated().any()
    assert not gazetteer.forms["form"].duplicated().any()
    with pytest.raises(ValueError, match="missing from actors"):
        Gazetteer(gazetteer.actors, pd.concat([gazetteer.forms, pd.DataFrame(
            [{"form": "Atlantis", "actor": "Atlantis", "case": "exact", "note": ""}])]))


def test_gazetteer_covers_every_actor_the_issue_names():
    actors = set(read_lexicon("actors")["actor"])
    assert {"United States", "Pentagon", "US forces", "Iran", "IRGC", "Kataib Hezbollah",
            "Islamic Resistance in Iraq", "Hashd al-Shaabi", "Houthis", "Hamas", "Hezbollah", "Iraq",
            "Counter-Terrorism Service", "Israel", "Syria", "Jordan", "Yemen", "Qatar", "United Kingdom",
            "China", "Islamic State", "Coalition", "Donald Trump", "Joe Biden", "Mark Esper",
            "Lloyd Austin", "Mark Milley", "Ali Khamenei", "John Kirby", "Mohsen Rezaei",
            "Sean Robertson", "Renad Mansour", "Saddam Hussein"} <= actors


def test_mentions_index_the_raw_text(seed_tables):
    mentions = find_mentions(seed_tables.documents, seed_tables.sentences)
    texts = dict(zip(seed_tables.documents["doc_id"], seed_tables.documents["text"], strict=True))
    for row in mentions.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.surface
    assert mentions["side"].notna().all()


def test_every_repeated_name_in_the_seeds_is_covered_or_ignored(seed_tables):
    mentions = find_mentions(seed_tables.documents, seed_tables.sentences)
    audit = coverage_audit(seed_tables.tokens, mentions)
    missing = audit[(audit["status"] == "missing") & (audit["n"] >= 2)]
    assert missing.empty, missing.to_string()


def test_audit_lists_unknown_names_on_any_corpus(write_corpus):
    from analysis.pipeline import build_tables
    tables = build_tables(write_corpus({"a.txt": "Headline here\nGeneral Soleimani met Soleimani aides. Iran and Soleimani agreed on Thursday.\n"}))
    audit = coverage_audit(tables.tokens, find_mentions(tables.documents, tables.sentences)).set_index("name")
    assert audit.loc["Soleimani", "n"] == 3 and audit.loc["Soleimani", "status"] == "missing"
    assert audit.loc["Thursday", "status"] == "ignored"
    assert "Iran" not in audit.index and "Headline" not in audit.index


MENTIONS = pd.DataFrame([
    # doc_id, sent_id, actor, type, side, is_sponsor
    ("a", 0, "Iran", "state", "Iran and aligned groups", True),
    ("a", 0, "Militias", "armed group", "Iran and aligned groups", False),
    ("a", 1, "Iran", "state", "Iran and aligned groups", False),
    ("a", 1, "Iran", "state", "Iran and aligned groups", False),
    ("b", 0, "United States", "state", "US and partners", False),
    ("b", 0, "Iran", "state", "Iran and aligned groups", False),
], columns=["doc_id", "sent_id", "actor", "type", "side", "is_sponsor"]).assign(surface="x", start=0, end=1, modifier="")
DOCS = pd.DataFrame({"doc_id": ["a", "b"], "period": ["p", "p"], "n_words": [100, 400]})
SENTENCES = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sent_id": [0, 1, 0, 1], "text": ["s0", "s1", "t0", "t1"]})


def test_actor_counts_by_hand():
    counts = actor_counts(MENTIONS, DOCS, SENTENCES, by="period").set_index("actor")
    iran = counts.loc["Iran"]
    assert iran[["n", "n_sponsor", "n_direct", "n_sentences", "doc_freq", "n_docs"]].tolist() == [4, 1, 3, 3, 2, 2]
    assert iran["per_1000"] == pytest.approx(1000 * 4 / 500)
    assert iran["per_1000_direct"] == pytest.approx(1000 * 3 / 500)
    assert iran["sentence_share"] == pytest.approx(3 / 4)
    assert counts.index[0] == "Iran"
    by_doc = actor_counts(MENTIONS, DOCS, SENTENCES, by="doc_id")
    matrix = actor_matrix(by_doc, value="n")
    assert matrix.loc["a", "United States"] == 0 and matrix.loc["a", "Iran"] == 3


def test_counts_by_period_summed_from_counts_by_document_are_the_counts_by_period(seed_tables):
    mixed = pd.concat([  # a third document names an actor with two types and sides
        MENTIONS, MENTIONS.iloc[[1, 1]].assign(doc_id="c", sent_id=[0, 1], type="state", side="US and partners"),
        MENTIONS.iloc[[0, 1]].assign(doc_id="c", sent_id=1),
    ], ignore_index=True)
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["p2", "p1", "p2"], "n_words": [100, 400, 50]})
    mixed_sentences = pd.concat([SENTENCES, SENTENCES.iloc[:2].assign(doc_id="c")], ignore_index=True)
    seed_mentions = find_mentions(seed_tables.documents, seed_tables.sentences)
    for mentions, documents, sentences in (
        (MENTIONS, DOCS, SENTENCES), (mixed, docs, mixed_sentences), (MENTIONS.iloc[0:0], DOCS, SENTENCES),
        (seed_mentions, seed_tables.documents, seed_tables.sentences),
    ):
        by_doc = actor_counts(mentions, documents, sentences, by="doc_id")
        pd.testing.assert_frame_equal(
            regroup_actor_counts(by_doc, documents, sentences, by="period"),
            actor_counts(mentions, documents, sentences, by="period"),
        )


def test_cooccurrence_counts_sentences_once():
    pairs = cooccurrence(MENTIONS)
    assert pairs[["actor_a", "actor_b", "n_sentences"]].values.tolist() == [["Iran", "Militias", 1], ["Iran", "United States", 1]]
    # Iran is in 3 sentences, Militias in 1, both in 1 -> 1 / (3 + 1 - 1)
    assert pairs.loc[0, "jaccard"] == pytest.approx(1 / 3)
    assert cooccurrence(MENTIONS, include_sponsor=False)["actor_a"].tolist() == ["Iran"]
    matrix = cooccurrence_matrix(pairs, ["Iran", "Militias"])
    assert matrix.loc["Militias", "Iran"] == matrix.loc["Iran", "Militias"] == 1


def test_side_shares_and_concordance():
    shares = side_shares(MENTIONS, DOCS, by="doc_id")
    assert shares.groupby("group")["share"].sum().tolist() == pytest.approx([1, 1])
    lines = actor_sentences(MENTIONS, SENTENCES, "Militias")
    assert lines["text"].tolist() == ["s0"]
    with pytest.raises(ValueError, match="actors mentioned: Iran, Militias, United States"):
        actor_sentences(MENTIONS, SENTENCES, "Atlantis")
    most = actor_sentences(MENTIONS, SENTENCES)  # no actor named: the most mentioned, Iran
    assert set(most["surfaces"]) == {"x", "x; x"} and len(most) == 3
    assert actor_sentences(MENTIONS.iloc[0:0], SENTENCES).empty  # nobody mentioned: no sentence


def test_period_change():
    counts = actor_counts(MENTIONS, DOCS.assign(period=["p1", "p2"]), SENTENCES, by="period")
    change = period_change(counts, "p1", "p2", value="n").set_index("actor")
    assert change.loc["United States", ["first", "second", "change", "in_both"]].tolist() == [0, 1, 1, False]
    assert change.loc["Iran", ["first", "second", "change", "in_both"]].tolist() == [3, 1, -2, True]
    with pytest.raises(ValueError, match="groups: \\['p1', 'p2'\\]"):
        period_change(counts, "p1", "2024")
    silent = period_change(counts, "p1", "p3", value="n", groups=["p1", "p2", "p3"]).set_index("actor")
    assert (silent["second"] == 0).all() and silent.loc["Iran", "change"] == -3  # a period nobody is mentioned in
