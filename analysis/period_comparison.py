"""The 2020-versus-2024 comparison (any two groups): sentence-level measures, their shifts with
uncertainty, actor shifts, and what named officials say."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.comparison import Design, compare, mean_of, rate_of
from analysis.frames import factorize_runs

OFFICIAL_FEATURES = {
    "threats": lambda m: m["category"] == "threats",
    "conditional threats": lambda m: m["conditional"],
    "restraint": lambda m: m["polarity"] == "restraint",
    "hedged (may, could, likely)": lambda m: m["modality"] == "hedged",
    "committed (will, prepared to)": lambda m: m["modality"] == "committed",
    "response framing": lambda m: m["term"].isin(["respond", "retaliate"]),
}
"""Features of officials' rhetoric, each a filter of escalation matches."""


def compared_periods(periods: list[str], first: str = "", second: str = "") -> tuple[str, str]:
    """The two periods to compare: ``first`` ("" for the earliest of ``periods``) and ``second``
    ("" for the latest). Raises, saying how to fix the call, when they are the same period or
    one is not among ``periods``: a period compared with itself gives intervals of nothing."""
    if len(periods) < 2:
        raise ValueError(
            f"a comparison needs two periods and this corpus has {len(periods)} ({', '.join(periods)}); "
            'give a period rule that splits it: PERIODS = ["year"] or date ranges such as '
            '["2020-01-01:2020-06-30=first half", "2020-07-01:2020-12-31=second half"] '
            '(with make figures: OPTIONS="--periods ...")'
        )
    chosen = (first or periods[0], second or periods[-1])
    for period in chosen:
        if period not in periods:
            raise ValueError(f"period {period!r} is not in this corpus; choose from {periods}")
    if chosen[0] == chosen[1]:
        raise ValueError(f"FIRST and SECOND are both {chosen[0]!r}; choose two of {periods}")
    return chosen


def sentence_measures(
    scored: pd.DataFrame, tokens: pd.DataFrame, mentions: pd.DataFrame, actors: list[str]
) -> pd.DataFrame:
    """One row per sentence with the variables the comparison resamples: ``doc_id, sent_id,
    n_words, compound, negative, escalation, restraint, net, escalates, restrains`` and one
    mention count per actor in ``actors`` (column named after the actor).

    ``scored`` needs the sentiment and escalation columns (``build_escalation_tables`` run on the
    sentiment sentences)."""
    table = scored[["doc_id", "sent_id", "compound", "escalation", "restraint", "net"]].reset_index(drop=True)
    table["n_words"] = _words_per_sentence(tokens, table)
    table["negative"] = (scored["label"] == "negative").to_numpy(dtype=float)
    table["escalates"] = scored["escalation_label"].isin(["escalating", "both"]).to_numpy(dtype=float)
    table["restrains"] = scored["escalation_label"].isin(["restraining", "both"]).to_numpy(dtype=float)
    counts = (
        mentions[mentions["actor"].isin(actors)]
        .groupby(["doc_id", "sent_id", "actor"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=actors, fill_value=0)
    )
    table = table.merge(counts.reset_index(), on=["doc_id", "sent_id"], how="left")
    table[actors] = table[actors].fillna(0).astype("int64")
    return table


def _words_per_sentence(tokens: pd.DataFrame, sentences: pd.DataFrame) -> np.ndarray:
    """The tokens that are not punctuation in each of ``sentences`` (``doc_id, sent_id``), 0 for
    a sentence without any; counted on one integer key per token (document number and sentence)
    instead of hashing pairs of strings."""
    doc_codes, doc_ids = factorize_runs(tokens["doc_id"].to_numpy(dtype=object))
    word = ~tokens["is_punct"].to_numpy(dtype=bool)
    keys = (doc_codes[word].astype(np.int64) << 32) | tokens["sent_id"].to_numpy(dtype=np.int64)[word]
    codes, distinct = pd.factorize(keys)
    counts = np.r_[np.bincount(codes, minlength=len(distinct)), 0]  # the last for "not found" (-1)
    docs = pd.Index(doc_ids).get_indexer(sentences["doc_id"]).astype(np.int64)  # -1 makes a negative key
    return counts[
        pd.Index(distinct).get_indexer((docs << 32) | sentences["sent_id"].to_numpy(dtype=np.int64))
    ]


MEASURES = {
    "mean sentence sentiment (VADER compound)": "compound",
    "share of negative sentences": "negative",
    "mean escalation score": "escalation",
    "mean restraint score": "restraint",
    "mean net score (restraint minus escalation)": "net",
    "share of escalating sentences": "escalates",
    "share of restraining sentences": "restrains",
}
"""The sentence-level measures of the period summary, by name."""


def period_summary(
    measures: pd.DataFrame,
    documents: pd.DataFrame,
    first: str,
    second: str,
    actors: list[str],
    by: str = "period",
) -> pd.DataFrame:
    """``analysis.comparison.SUMMARY_COLUMNS`` for every measure of ``MEASURES`` and the mention
    rate (per 1,000 words) of every actor in ``actors``."""
    design = Design.from_tables(measures, documents, first, second, by)
    words = measures["n_words"].to_numpy(dtype=float)
    named = {
        name: (mean_of(measures[column].to_numpy(dtype=float)), measures[column].to_numpy(dtype=float))
        for name, column in MEASURES.items()
    }
    named |= {
        f"{actor} mentions per 1,000 words": (rate_of(measures[actor].to_numpy(dtype=float), words), None)
        for actor in actors
    }
    return compare(design, named)


def official_rhetoric(
    scored: pd.DataFrame, matches: pd.DataFrame, officials: dict[str, list[str]]
) -> pd.DataFrame:
    """What named officials say, by the features of ``OFFICIAL_FEATURES``.

    ``officials`` maps a group label (a period) to speaker names. Returns ``group, speaker,
    n_sentences, n_quotation`` and, per feature, the number of the speaker's sentences that show
    it and that number per ten of the speaker's sentences (``<feature> per 10``)."""
    rows = []
    for group, speakers in officials.items():
        for speaker in speakers:
            said = scored[scored["speaker"] == speaker]
            own = matches[matches["speaker"] == speaker]
            row = {
                "group": group,
                "speaker": speaker,
                "n_sentences": len(said),
                "n_quotation": int((said["mode"] == "quotation").sum()),
            }
            for feature, test in OFFICIAL_FEATURES.items():
                hits = own[test(own)].drop_duplicates(["doc_id", "sent_id"]) if len(own) else own
                row[feature] = len(hits)
                row[f"{feature} per 10"] = 10 * len(hits) / len(said) if len(said) else float("nan")
            rows.append(row)
    return pd.DataFrame(rows)


def rhetoric_evidence(
    scored: pd.DataFrame, matches: pd.DataFrame, officials: dict[str, list[str]]
) -> pd.DataFrame:
    """The sentences behind every number of ``official_rhetoric``: ``speaker, feature, doc_id,
    sent_id, mode, terms, text``."""
    speakers = [s for names in officials.values() for s in names]
    own = matches[matches["speaker"].isin(speakers)]
    parts = []
    for feature, test in OFFICIAL_FEATURES.items():
        hits = own[test(own)]
        if hits.empty:
            continue
        terms = hits.groupby(["speaker", "doc_id", "sent_id"])["surface"].agg("; ".join).rename("terms")
        parts.append(terms.reset_index().assign(feature=feature))
    if not parts:
        return pd.DataFrame(columns=["speaker", "feature", "doc_id", "sent_id", "mode", "terms", "text"])
    evidence = pd.concat(parts, ignore_index=True).merge(
        scored[["doc_id", "sent_id", "mode", "text"]], on=["doc_id", "sent_id"]
    )
    return evidence[["speaker", "feature", "doc_id", "sent_id", "mode", "terms", "text"]].sort_values(
        ["speaker", "feature", "doc_id", "sent_id"], ignore_index=True
    )


FINDING_COLUMNS = ["measure", "estimate", "interval", "p_value", "one_article_out", "verdict"]
"""Columns of a findings table: the difference as text, its 95% interval, the permutation
p-value with the number of article assignments, the range of the difference when one article
is left out, and the verdict."""


def verdict(row: pd.Series, alpha: float = 0.05) -> str:
    """``clear`` when the interval excludes 0, the permutation p-value is below ``alpha`` and no
    single article reverses the sign; ``suggestive`` when only the interval excludes 0; else
    ``no evidence of a difference``."""
    excludes_zero = row["ci_low"] > 0 or row["ci_high"] < 0
    if excludes_zero and row["p_value"] < alpha and row["sign_stable"]:
        return "clear"
    if excludes_zero:
        return "suggestive"
    return "no evidence of a difference"


def findings(summary: pd.DataFrame) -> pd.DataFrame:
    """A findings table (``FINDING_COLUMNS``) from a period summary, every number taken from it."""
    rows = []
    for row in summary.itertuples(index=False):
        series = pd.Series(row._asdict())
        rows.append(
            (
                row.measure,
                f"{row.value_a:.3g} in {row.period_a}, {row.value_b:.3g} in {row.period_b} "
                f"(difference {row.difference:+.3g})",
                f"{row.ci_low:+.3g} to {row.ci_high:+.3g}",
                f"{row.p_value:.2g} (of {row.n_permutations} assignments)",
                f"{row.loao_min:+.3g} to {row.loao_max:+.3g}",
                verdict(series),
            )
        )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
