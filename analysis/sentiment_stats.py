"""Sentiment aggregated over articles, periods, actors and speakers, with the words behind it.

Every mean comes with a 95% percentile bootstrap interval over the sentences of its group
(``analysis.uncertainty``): an interval over sentences treats sentences as independent, which
they are not within an article, so it is a lower bound on the real uncertainty; the
2020-versus-2024 notebook resamples articles as well.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.corpus import doc_groups
from analysis.uncertainty import SEED, bootstrap_mean, percentile_interval, pooled_sd

SUMMARY_COLUMNS = [
    "group",
    "n_sentences",
    "mean_compound",
    "ci_low",
    "ci_high",
    "share_positive",
    "share_neutral",
    "share_negative",
    "mean_afinn",
]
"""Columns of a sentiment summary: mean VADER compound with its bootstrap interval, the shares
of positive, neutral and negative sentences (VADER's +-0.05 thresholds) and the mean AFINN
score per sentence."""


def _summarise(groups: pd.core.groupby.DataFrameGroupBy) -> list[tuple]:
    """One ``SUMMARY_COLUMNS`` row per group (after the group's keys), in sorted key order."""
    frame = groups.obj
    compound, afinn = frame["compound"].to_numpy(dtype=float), frame["afinn"].to_numpy(dtype=float)
    label = frame["label"].to_numpy(dtype=object)
    rows = []
    for key, at in sorted(groups.indices.items()):
        mean, low, high = bootstrap_mean(compound[at])
        labels = label[at]
        rows.append(
            (
                *(key if isinstance(key, tuple) else (key,)),
                len(at),
                mean,
                low,
                high,
                *(np.count_nonzero(labels == name) / len(at) for name in ("positive", "neutral", "negative")),
                float(afinn[at].mean()),
            )
        )
    return rows


def sentiment_summary(scored: pd.DataFrame, documents: pd.DataFrame, by: str = "period") -> pd.DataFrame:
    """Sentiment per ``by`` group of documents (``SUMMARY_COLUMNS``)."""
    groups = doc_groups(documents, by)
    rows = _summarise(scored.assign(group=scored["doc_id"].map(groups)).groupby("group", sort=True))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def actor_sentiment(
    scored: pd.DataFrame,
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    by: str = "period",
    min_sentences: int = 3,
) -> pd.DataFrame:
    """Sentiment of the sentences that mention each actor, per ``by`` group: ``actor, side``
    then ``SUMMARY_COLUMNS``. Actors with fewer than ``min_sentences`` sentences in a group are
    left out of it (their mean would say little)."""
    groups = doc_groups(documents, by)
    pairs = mentions.drop_duplicates(["doc_id", "sent_id", "actor"])[["doc_id", "sent_id", "actor", "side"]]
    rows = scored.merge(pairs, on=["doc_id", "sent_id"]).assign(group=lambda t: t["doc_id"].map(groups))
    table = pd.DataFrame(
        _summarise(rows.groupby(["actor", "side", "group"], sort=True)),
        columns=["actor", "side", *SUMMARY_COLUMNS],
    )
    return table[table["n_sentences"] >= min_sentences].reset_index(drop=True)


def speaker_sentiment(scored: pd.DataFrame, min_sentences: int = 2) -> pd.DataFrame:
    """Sentiment of each speaker's sentences, quotation and reported speech apart, beside all
    narration without a speaker (speaker ``(narration)``): ``speaker, mode`` then
    ``SUMMARY_COLUMNS`` less ``group``."""
    rows = scored.assign(speaker=scored["speaker"].where(scored["speaker"] != "", "(narration)"))
    rows = rows[(rows["speaker"] != "(narration)") | (rows["mode"] == "narration")]
    table = pd.DataFrame(
        _summarise(rows.groupby(["speaker", "mode"], sort=True)),
        columns=["speaker", "mode", *SUMMARY_COLUMNS[1:]],
    )
    return table[table["n_sentences"] >= min_sentences].reset_index(drop=True)


def top_words(
    contributions: pd.DataFrame, documents: pd.DataFrame, by: str = "period", n: int = 10
) -> pd.DataFrame:
    """The words that move each group's VADER scores most, in either direction:
    ``group, word, n, total_valence, mean_valence, direction``, ``n`` per direction and group."""
    groups = doc_groups(documents, by)
    rows = contributions.assign(
        group=contributions["doc_id"].map(groups), word=contributions["word"].str.lower()
    )
    table = (
        rows.groupby(["group", "word"])
        .agg(n=("valence", "size"), total_valence=("valence", "sum"))
        .reset_index()
    )
    table["mean_valence"] = table["total_valence"] / table["n"]
    table["direction"] = np.where(table["total_valence"] > 0, "positive", "negative")
    table["weight"] = table["total_valence"].abs()
    table = table.sort_values(["group", "direction", "weight", "word"], ascending=[True, True, False, True])
    return table.groupby(["group", "direction"]).head(n).drop(columns="weight").reset_index(drop=True)


def explain_sentences(scored: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """``scored`` with ``drivers``: the words that moved each sentence's VADER score, strongest
    first, as ``word (valence)``."""
    ordered = contributions.assign(weight=contributions["valence"].abs()).sort_values(
        ["doc_id", "sent_id", "weight"], ascending=[True, True, False]
    )
    drivers = (
        ordered.groupby(["doc_id", "sent_id"])
        .apply(
            lambda g: ", ".join(f"{w} ({v:+.2f})" for w, v in zip(g["word"], g["valence"], strict=True)),
            include_groups=False,
        )
        .rename("drivers")
    )
    merged = scored.merge(drivers.reset_index(), on=["doc_id", "sent_id"], how="left")
    return merged.assign(drivers=merged["drivers"].fillna(""))


def extreme_sentences(explained: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` most negative and ``n`` most positive sentences by VADER compound."""
    ordered = explained.sort_values(["compound", "doc_id", "sent_id"])
    return pd.concat([ordered.head(n), ordered.tail(n).iloc[::-1]], ignore_index=True)


def _ranks_correlation(a: pd.Series, b: pd.Series) -> float:
    if len(a) < 3 or a.nunique() < 2 or b.nunique() < 2:
        return float("nan")
    return float(np.corrcoef(a.rank().to_numpy(), b.rank().to_numpy())[0, 1])


def lexicon_agreement(scored: pd.DataFrame, documents: pd.DataFrame, by: str = "period") -> pd.DataFrame:
    """How far VADER and AFINN agree, per group and overall: ``group, n_sentences,
    label_agreement`` (share of sentences both call positive, neutral or negative alike) and
    ``spearman`` (rank correlation of the two scores)."""
    groups = doc_groups(documents, by)
    rows = scored.assign(group=scored["doc_id"].map(groups))
    out = []
    for key, part in [*rows.groupby("group", sort=True), ("all", rows)]:
        out.append(
            (
                key,
                len(part),
                float((part["label"] == part["afinn_label"]).mean()),
                _ranks_correlation(part["compound"], part["afinn"]),
            )
        )
    return pd.DataFrame(out, columns=["group", "n_sentences", "label_agreement", "spearman"])


MEASURES = {
    "VADER compound": "compound",
    "VADER, names masked": "compound_masked",
    "AFINN": "afinn",
    "AFINN, names masked": "afinn_masked",
}
"""The sentence scores compared in the robustness check, by label."""


def direction_check(
    scored: pd.DataFrame, documents: pd.DataFrame, first: str, second: str, by: str = "period"
) -> pd.DataFrame:
    """Change in mean sentence sentiment from group ``first`` to ``second`` under every measure
    of ``MEASURES`` present in ``scored``.

    Columns: ``measure, first, second, change, ci_low, ci_high`` (the change in the measure's
    own units, with a bootstrap interval over sentences), ``change_sd, ci_low_sd, ci_high_sd``
    (the same divided by the pooled within-group standard deviation, i.e. Cohen's d, so that
    measures on different scales can be compared) and ``direction``, called only when the
    interval excludes 0, else ``unclear``.
    """
    groups = scored["doc_id"].map(doc_groups(documents, by))
    for group in (first, second):
        if not (groups == group).any():
            raise ValueError(f"no sentence in group {group!r}; groups: {sorted(groups.dropna().unique())}")
    out = []
    for label, column in MEASURES.items():
        if column not in scored.columns:
            continue
        a = scored.loc[groups == first, column].to_numpy(dtype=float)
        b = scored.loc[groups == second, column].to_numpy(dtype=float)
        rng = np.random.default_rng(SEED)
        diffs = np.array([rng.choice(b, len(b)).mean() - rng.choice(a, len(a)).mean() for _ in range(2000)])
        low, high = percentile_interval(diffs)
        change = b.mean() - a.mean()
        pooled = pooled_sd(a, b)
        direction = "unclear" if low <= 0 <= high else "more negative" if change < 0 else "more positive"
        out.append(
            (
                label,
                a.mean(),
                b.mean(),
                change,
                low,
                high,
                change / pooled,
                low / pooled,
                high / pooled,
                direction,
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "measure",
            "first",
            "second",
            "change",
            "ci_low",
            "ci_high",
            "change_sd",
            "ci_low_sd",
            "ci_high_sd",
            "direction",
        ],
    )


def summary_by(scored: pd.DataFrame, column: str) -> pd.DataFrame:
    """Sentiment per value of a sentence column (``mode``, ``speaker_cue``, ``label`` ...):
    ``SUMMARY_COLUMNS``, ``group`` holding the value."""
    if column not in scored.columns:
        raise ValueError(f"column={column!r} is not a column of the scored sentences")
    return pd.DataFrame(
        _summarise(scored.assign(group=scored[column]).groupby("group", sort=True)), columns=SUMMARY_COLUMNS
    )


def name_effects(scored: pd.DataFrame) -> pd.DataFrame:
    """Sentences whose VADER compound changes when actor names are masked, largest change
    first: ``doc_id, sent_id, compound, compound_masked, name_effect, text``."""
    effect = scored["compound"] - scored["compound_masked"]
    table = scored.assign(name_effect=effect)[effect != 0]
    table = table.assign(weight=table["name_effect"].abs()).sort_values(
        ["weight", "doc_id", "sent_id"], ascending=[False, True, True]
    )
    return table[["doc_id", "sent_id", "compound", "compound_masked", "name_effect", "text"]].reset_index(
        drop=True
    )
