import math
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.comparison import (
    Design,
    cohens_d,
    compare,
    difference,
    hierarchical_bootstrap,
    interval,
    leave_one_out,
    mean_of,
    permutation_test,
    rate_of,
)
from analysis.keyness import chi2_1df_p, g2, keyness, log_odds_z, log_ratio
from analysis.period_comparison import (
    compared_periods,
    findings,
    official_rhetoric,
    rhetoric_evidence,
    sentence_measures,
    verdict,
)
from analysis.uncertainty import pooled_sd
from analysis.wordshift import SHIFT_COLUMNS, word_shift


def test_g2_and_log_ratio_by_hand():
    # a=10 in c=1000 words, b=2 in d=1000: E1 = E2 = 6
    expected = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6))
    assert g2([10], [2], 1000, 1000)[0] == pytest.approx(expected)
    assert g2([2], [10], 1000, 1000)[0] == pytest.approx(-expected)  # signed: underuse is negative
    assert g2([0], [5], 1000, 1000)[0] == pytest.approx(-2 * 5 * math.log(5 / 2.5))
    assert log_ratio([10], [2], 1000, 1000)[0] == pytest.approx(math.log2(5))
    assert log_ratio([4], [0], 1000, 2000)[0] == pytest.approx(math.log2((4 / 1000) / (0.5 / 2000)))
    assert chi2_1df_p([3.841459])[0] == pytest.approx(0.05, abs=1e-6)


def test_weighted_log_odds_by_hand():
    a, b = np.array([10.0, 5.0]), np.array([2.0, 8.0])
    alpha = a + b  # 12, 13; alpha0 = 25; n_a = 15, n_b = 10
    omega_a = (10 + 12) / (15 + 25 - 10 - 12)
    omega_b = (2 + 12) / (10 + 25 - 2 - 12)
    delta = math.log(omega_a) - math.log(omega_b)
    z = delta / math.sqrt(1 / (10 + 12) + 1 / (2 + 12))
    assert log_odds_z(a, b)[0] == pytest.approx(z)
    assert log_odds_z(a, b)[1] < 0 < log_odds_z(a, b)[0]
    assert alpha.sum() == 25


def _tokens(rows):
    table = pd.DataFrame(rows, columns=["doc_id", "lower"])
    return table.assign(is_punct=False, is_stop=False, token=table["lower"], sent_id=0,
                        token_id=table.groupby("doc_id").cumcount(), start=0, end=1)


DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["p1", "p1", "p2"]})


def test_keyness_table_and_single_article_flag():
    tokens = _tokens([("a", "war")] * 3 + [("a", "talks")] + [("b", "talks")] * 2 + [("c", "war")] + [("c", "peace")] * 3)
    table = keyness(tokens, DOCS, min_freq=1).set_index(["period", "term"])
    war = table.loc[("p1", "war")]
    assert war[["freq", "freq_reference", "doc_freq", "n_docs", "doc_freq_reference"]].tolist() == [3, 1, 1, 2, 1]
    assert bool(war["single_article"]) and not bool(table.loc[("p1", "talks"), "single_article"])
    assert war["G2"] == pytest.approx(g2([3], [1], 6, 4)[0])
    assert table.loc[("p2", "peace"), "G2"] > 0
    kept = keyness(tokens, DOCS, min_freq=3)
    assert sorted(zip(kept["period"], kept["term"], strict=True)) == [("p1", "talks"), ("p1", "war"), ("p2", "peace")]
    with pytest.raises(ValueError, match="not a documents column"):
        keyness(tokens, DOCS, by="year")
    alone = keyness(tokens, DOCS.assign(period="p1"), min_freq=1)  # one period: nothing to compare
    assert alone.empty and list(alone.columns) == list(keyness(tokens, DOCS, min_freq=1).columns)
    # a period without a content word leaves nothing to compare against (this used to stop with
    # StopIteration)
    assert keyness(tokens[tokens["doc_id"] != "c"], DOCS, min_freq=1).empty


def test_word_shift_contributions_sum_to_the_difference(seed_tables):
    shift, totals = word_shift(seed_tables.tokens, seed_tables.documents, "2020", "2024")
    assert shift["contribution"].sum() == pytest.approx(totals["difference"])
    assert totals["difference"] == pytest.approx(totals["second"] - totals["first"])
    assert set(shift["kind"]) <= {"+ more", "+ less", "- more", "- less"}


def test_word_shift_by_hand_and_without_names():
    tokens = _tokens([("a", "good"), ("a", "bad"), ("c", "bad"), ("c", "bad"), ("c", "united")])
    tokens["start"] = [0, 5, 0, 4, 8]
    tokens["end"] = [4, 8, 3, 7, 14]
    _, totals = word_shift(tokens, DOCS, "p1", "p2")
    from analysis.sentiment import vader
    lex = vader().lexicon
    assert totals["first"] == pytest.approx((lex["good"] + lex["bad"]) / 2)
    assert totals["second"] == pytest.approx((2 * lex["bad"] + lex["united"]) / 3)
    names = pd.DataFrame({"doc_id": ["c"], "start": [8], "end": [14]})
    _, masked = word_shift(tokens, DOCS, "p1", "p2", mentions=names)
    assert masked["second"] == pytest.approx(lex["bad"])


def test_word_shift_of_a_period_without_a_lexicon_word_is_empty_and_an_unknown_period_is_named():
    tokens = _tokens([("a", "good"), ("c", "base")])
    shift, totals = word_shift(tokens, DOCS, "p1", "p2")
    assert shift.empty and list(shift.columns) == SHIFT_COLUMNS
    assert all(math.isnan(v) for v in totals.values())
    with pytest.raises(ValueError, match=r"no group 'p3' of 'period'; groups: \['p1', 'p2'\]"):
        word_shift(tokens, DOCS, "p1", "p3")


SENTENCES = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "c", "c", "d"],
                          "value": [1.0, 3.0, 2.0, 2.0, 5.0, 7.0, 6.0], "words": [10, 10, 10, 10, 10, 10, 20]})
DESIGN_DOCS = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "period": ["x", "x", "y", "y"]})


def test_difference_permutation_and_leave_one_out_by_hand():
    design = Design.from_tables(SENTENCES, DESIGN_DOCS, "x", "y")
    values = SENTENCES["value"].to_numpy()
    statistic = mean_of(values)
    assert difference(design, statistic) == pytest.approx(6 - 2)
    p_value, n = permutation_test(design, statistic)
    assert n == math.comb(4, 2) == 6
    # only the observed split and its mirror reach |difference| 4: p = 2/6
    assert p_value == pytest.approx(2 / 6)
    loao = leave_one_out(design, statistic).set_index("doc_id")["difference"]
    assert loao["a"] == pytest.approx(6 - 2) and loao["c"] == pytest.approx(6 - 2) and loao["d"] == pytest.approx(6 - 2)
    assert loao["b"] == pytest.approx(6 - 2)
    assert cohens_d(values, design) == pytest.approx(4 / math.sqrt((3 * np.var([1, 3, 2, 2], ddof=1) + 2 * np.var([5, 7, 6], ddof=1)) / 5))
    rate = rate_of(values, SENTENCES["words"].to_numpy(dtype=float))
    assert rate(np.array([0, 1])) == pytest.approx(1000 * 4 / 20)


def test_bootstrap_is_deterministic_and_brackets_the_difference():
    design = Design.from_tables(SENTENCES, DESIGN_DOCS, "x", "y")
    statistic = mean_of(SENTENCES["value"].to_numpy())
    first, second = hierarchical_bootstrap(design, statistic), hierarchical_bootstrap(design, statistic)
    assert first == second
    assert first[0] <= 4 <= first[1]
    with pytest.raises(ValueError, match="no sentence in group 'z'"):
        Design.from_tables(SENTENCES, DESIGN_DOCS, "x", "z")


def test_many_articles_are_resampled_whole():
    from analysis.comparison import MANY_ARTICLES, resampling

    rng = np.random.default_rng(0)
    n = MANY_ARTICLES
    sentences = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(2 * n) for _ in range(4)]})
    sentences["value"] = rng.normal(size=len(sentences)) + np.where(sentences["doc_id"] < f"d{n:03d}", 0.0, 1.0)
    docs = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(2 * n)], "period": ["x"] * n + ["y"] * n})
    design = Design.from_tables(sentences, docs, "x", "y")
    assert resampling(design) == "articles"
    assert resampling(Design.from_tables(SENTENCES, DESIGN_DOCS, "x", "y")) == "articles, then sentences"
    values = sentences["value"].to_numpy()
    summary = compare(design, {"value": (mean_of(values), values)})
    row = summary.iloc[0]
    assert row["resampling"] == "articles" and row["ci_low"] < row["difference"] < row["ci_high"]
    assert row["ci_low"] > 0 and row["n_permutations"] == 5000 and row["p_value"] < 0.01
    assert summary.equals(compare(design, {"value": (mean_of(values), values)}))  # seeded


def test_compare_and_findings():
    design = Design.from_tables(SENTENCES, DESIGN_DOCS, "x", "y")
    values = SENTENCES["value"].to_numpy()
    summary = compare(design, {"value": (mean_of(values), values)})
    row = summary.iloc[0]
    assert row["difference"] == pytest.approx(4) and row["n_permutations"] == 6 and row["sign_stable"]
    table = findings(summary)
    assert table.loc[0, "verdict"] == "suggestive"  # interval excludes 0, but p = 1/3
    assert verdict(pd.Series({"ci_low": 0.1, "ci_high": 1.0, "p_value": 0.01, "sign_stable": True})) == "clear"
    assert verdict(pd.Series({"ci_low": -0.1, "ci_high": 1.0, "p_value": 0.01, "sign_stable": True})) == "no evidence of a difference"


def test_sentence_measures_and_officials(seed_tables):
    from analysis.pipeline import build_actor_tables, build_escalation_tables, build_sentiment_tables

    actors = build_actor_tables(seed_tables)
    escalation = build_escalation_tables(build_sentiment_tables(seed_tables, actors).sentences)
    measures = sentence_measures(escalation.sentences, seed_tables.tokens, actors.mentions, ["Iran", "Iraq"])
    assert len(measures) == len(seed_tables.sentences)
    assert measures["n_words"].sum() == seed_tables.documents["n_words"].sum()
    assert measures["Iran"].sum() == (actors.mentions["actor"] == "Iran").sum()
    officials = {"2020": ["Donald Trump"], "2024": ["Lloyd Austin"]}
    rhetoric = official_rhetoric(escalation.sentences, escalation.matches, officials).set_index("speaker")
    assert rhetoric.loc["Donald Trump", "conditional threats"] >= 1
    assert rhetoric.loc["Lloyd Austin", "n_sentences"] == (escalation.sentences["speaker"] == "Lloyd Austin").sum()
    evidence = rhetoric_evidence(escalation.sentences, escalation.matches, officials)
    counted = evidence.groupby(["speaker", "feature"]).size()
    assert counted[("Donald Trump", "conditional threats")] == rhetoric.loc["Donald Trump", "conditional threats"]


def test_small_samples_give_nan_not_numpy_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a tiny corpus's export printed three kinds of RuntimeWarning
        assert math.isnan(pooled_sd(np.array([1.0]), np.array([2.0])))
        assert pooled_sd(np.array([5.0]), np.array([1.0, 3.0])) == pytest.approx(math.sqrt(2.0))  # one value: no spread
        low, high = interval(np.array([[np.nan, 1.0], [np.nan, 3.0]]))
    assert math.isnan(low[0]) and math.isnan(high[0]) and 1.0 <= low[1] <= high[1] <= 3.0


def test_compared_periods_are_two_different_periods_of_the_corpus():
    assert compared_periods(["2020", "2022", "2024"]) == ("2020", "2024")
    assert compared_periods(["2020", "2022", "2024"], second="2022") == ("2020", "2022")
    with pytest.raises(ValueError, match=r"needs two periods and this corpus has 1 \(2020\); give a period rule"):
        compared_periods(["2020"])
    with pytest.raises(ValueError, match=r"period '2030' is not in this corpus"):
        compared_periods(["2020", "2024"], "2030")
    with pytest.raises(ValueError, match=r"FIRST and SECOND are both '2024'"):
        compared_periods(["2020", "2024"], "2024")
