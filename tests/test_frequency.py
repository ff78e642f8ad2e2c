import numpy as np
import pandas as pd
import pytest

from analysis.concordance import dispersion, kwic
from analysis.frequency import term_frequencies, top_terms
from analysis.overview import period_summary
from analysis.similarity import cosine_similarity, most_similar_pairs, pairs_sharing, tfidf


def _tokens(rows):
    """rows: (doc_id, lower, is_stop, is_punct) -> a tokens table with positions."""
    table = pd.DataFrame(rows, columns=["doc_id", "lower", "is_stop", "is_punct"])
    table["norm"] = table["lower"]
    table["token_id"] = table.groupby("doc_id").cumcount()
    table["sent_id"] = 0
    table["start"] = table["token_id"] * 10
    table["end"] = table["start"] + table["lower"].str.len()
    return table


DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["p1", "p1", "p2"]})
TOKENS = _tokens([
    ("a", "war", False, False), ("a", "war", False, False), ("a", "the", True, False), ("a", ".", False, True),
    ("b", "war", False, False), ("b", "iran", False, False),
    ("c", "iran", False, False), ("c", "25", False, False),
])


def test_term_frequencies_by_hand():
    table = term_frequencies(TOKENS, DOCS, by="period")
    p1 = table[table["group"] == "p1"].set_index("term")
    # p1 has 5 word tokens (war war the war iran); "the" is a stop word, "." punctuation
    assert p1.loc["war", ["n", "doc_freq", "n_docs"]].tolist() == [3, 2, 2]
    assert p1.loc["war", "per_1000"] == pytest.approx(600.0)
    assert p1.loc["iran", ["n", "doc_freq"]].tolist() == [1, 1]
    p2 = table[table["group"] == "p2"]
    assert p2["term"].tolist() == ["iran"]  # the number 25 has no letter
    assert p2["per_1000"].item() == pytest.approx(500.0)


def test_term_frequencies_by_document_and_bad_arguments():
    assert set(term_frequencies(TOKENS, DOCS, by="doc_id")["group"]) == {"a", "b", "c"}
    with pytest.raises(ValueError, match="not a documents column"):
        term_frequencies(TOKENS, DOCS, by="year")
    with pytest.raises(ValueError, match="use 'lower' or 'norm'"):
        term_frequencies(TOKENS, DOCS, form="stem")


def test_top_terms_breaks_ties_alphabetically():
    table = term_frequencies(TOKENS, DOCS)
    assert top_terms(table, n=1)["term"].tolist() == ["war", "iran"]


def test_kwic_and_dispersion():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["No war.\nWar again."]})
    tokens = _tokens([("a", "no", True, False), ("a", "war", False, False), ("a", ".", False, True),
                      ("a", "war", False, False), ("a", "again", False, False), ("a", ".", False, True)])
    tokens["start"] = [0, 3, 6, 8, 12, 17]
    tokens["end"] = [2, 6, 7, 11, 17, 18]
    lines = kwic(tokens, docs, "WAR", width=5)
    assert lines["match"].tolist() == ["war", "War"]
    assert lines["left"].tolist() == ["No", "war."]
    assert lines["right"].tolist() == [". War", "agai"]  # five characters: " agai"
    spread = dispersion(tokens, ["war"])
    assert spread["position"].tolist() == [pytest.approx(1 / 6), pytest.approx(3 / 6)]


def test_tfidf_and_cosine_by_hand():
    tokens = _tokens([("a", "x", False, False), ("a", "y", False, False),
                      ("b", "x", False, False), ("c", "z", False, False)])
    weights = tfidf(tokens, form="lower")
    idf_x, idf_y = np.log(4 / 3) + 1, np.log(4 / 2) + 1
    assert weights[["doc_id", "term", "n", "doc_freq"]].values.tolist() == [
        ["a", "x", 1, 2], ["a", "y", 1, 1], ["b", "x", 1, 2], ["c", "z", 1, 1]
    ]
    assert weights["tfidf"].tolist() == pytest.approx([idf_x, idf_y, idf_x, idf_y])
    sim = cosine_similarity(tokens, form="lower")
    assert sim.loc["a", "b"] == pytest.approx(idf_x / np.hypot(idf_x, idf_y))
    assert sim.loc["a", "c"] == pytest.approx(0.0)
    assert np.diag(sim).tolist() == pytest.approx([1, 1, 1])
    pairs = most_similar_pairs(sim)
    assert pairs[["doc_a", "doc_b"]].iloc[0].tolist() == ["a", "b"]
    assert len(pairs) == 3
    shared = pairs_sharing(pairs, pd.DataFrame({"doc_id": ["a", "b", "c"], "event": ["e", "e", ""]}))
    assert shared["same_event"].tolist() == [True, False, False]


def test_cosine_summed_by_blocks_or_pairs_equals_the_whole_matrix(monkeypatch):
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(7)]
    tokens = _tokens([(doc, str(rng.choice(words)), False, False) for doc in "dcbae" for _ in range(9)])
    weights = tfidf(tokens, form="lower").pivot(index="doc_id", columns="term", values="tfidf").fillna(0)
    unit = weights.to_numpy() / np.linalg.norm(weights.to_numpy(), axis=1, keepdims=True)
    expected = unit @ unit.T
    for share in (0.0, 0.5, 1.0):  # every term in dense blocks, terms of up to 2 documents by pairs, all by pairs
        monkeypatch.setattr("analysis.similarity.SPARSE_SHARE", share)
        for cells in (1, 5, 12, 10_000):  # one term (or pair) per block, a few, all at once
            monkeypatch.setattr("analysis.similarity.BLOCK_CELLS", cells)
            sim = cosine_similarity(tokens, form="lower")
            assert sim.index.tolist() == sim.columns.tolist() == list("abcde")
            assert sim.to_numpy() == pytest.approx(expected)


def test_period_summary():
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["p1", "p1", "p2"],
                         "published": ["2020-01-02", "", "2024-02-01"],
                         "n_sentences": [2, 3, 4], "n_words": [10, 30, 5]})
    summary = period_summary(docs).set_index("period")
    assert summary.loc["p1", ["n_articles", "n_sentences", "n_words"]].tolist() == [2, 5, 40]
    assert summary.loc["p1", "words_per_article"] == 20
    assert summary.loc["p1", "first_published"] == "2020-01-02"


def test_most_similar_pairs_lists_each_pair_once_most_similar_first():
    values = np.random.default_rng(0).random((6, 6))
    labels = list("fedcba")  # doc_a is the earlier in the matrix's order, not the alphabet's
    sim = pd.DataFrame((values + values.T) / 2, index=labels, columns=labels)
    expected = sorted(
        ((a, b, sim.loc[a, b]) for i, a in enumerate(labels) for b in labels[i + 1 :]),
        key=lambda row: (-row[2], row[0], row[1]),
    )
    assert list(most_similar_pairs(sim).itertuples(index=False, name=None)) == expected
