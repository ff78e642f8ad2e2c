"""Escalation measures over articles, periods and speakers, and agreement with a gold standard."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.corpus import doc_groups
from analysis.escalation import CATEGORIES, LADDER
from analysis.uncertainty import bootstrap_mean

LABELS = ["escalating", "restraining", "both", "neither"]

SHARE_COLUMNS = [
    "group",
    "n_sentences",
    "share_escalating",
    "escalating_low",
    "escalating_high",
    "share_restraining",
    "restraining_low",
    "restraining_high",
    "mean_escalation",
    "mean_restraint",
    "mean_net",
]
"""Columns of an escalation summary: the shares of sentences that escalate (label escalating
or both) and that restrain (restraining or both), each with a 95% bootstrap interval over
sentences, and the mean sentence scores."""


def ladder_profile(
    matches: pd.DataFrame, documents: pd.DataFrame, by: str = "period", polarity: str = "category"
) -> pd.DataFrame:
    """Matches per rung of the ladder per ``by`` group: ``group, category, n, per_1000`` (per
    1,000 words of the group; ``documents`` needs ``n_words``), every rung present, in ladder
    order. Negated matches count on the rung of their term."""
    groups = doc_groups(documents, by)
    words = documents.groupby(groups.to_numpy())["n_words"].sum()
    counts = matches.assign(group=matches["doc_id"].map(groups)).groupby(["group", polarity]).size()
    index = pd.MultiIndex.from_product([sorted(groups.unique()), CATEGORIES], names=["group", "category"])
    table = counts.reindex(index, fill_value=0).rename("n").reset_index()
    table["per_1000"] = 1000 * table["n"] / table["group"].map(words)
    return table


def ladder_change(profile: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """How each rung's rate moved from group ``first`` to group ``last`` of a ``ladder_profile``:
    ``category, first, last, change`` (per 1,000 words; a group without words counts 0), from the
    largest fall to the largest rise (rungs that moved alike in ladder order)."""
    rates = profile.set_index(["group", "category"])["per_1000"].fillna(0)
    table = pd.DataFrame(
        {
            "category": CATEGORIES,
            "first": [rates.get((first, c), 0.0) for c in CATEGORIES],
            "last": [rates.get((last, c), 0.0) for c in CATEGORIES],
        }
    )
    table["change"] = table["last"] - table["first"]
    return table.sort_values("change", kind="stable", ignore_index=True)


def escalation_summary(scored: pd.DataFrame, documents: pd.DataFrame, by: str = "period") -> pd.DataFrame:
    """Shares of escalating and restraining sentences per ``by`` group (``SHARE_COLUMNS``)."""
    groups = doc_groups(documents, by)
    rows = []
    for group, part in scored.assign(group=scored["doc_id"].map(groups)).groupby("group", sort=True):
        escalates = part["escalation_label"].isin(["escalating", "both"]).to_numpy(dtype=float)
        restrains = part["escalation_label"].isin(["restraining", "both"]).to_numpy(dtype=float)
        e_mean, e_low, e_high = bootstrap_mean(escalates)
        r_mean, r_low, r_high = bootstrap_mean(restrains)
        rows.append(
            (
                group,
                len(part),
                e_mean,
                e_low,
                e_high,
                r_mean,
                r_low,
                r_high,
                float(part["escalation"].mean()),
                float(part["restraint"].mean()),
                float(part["net"].mean()),
            )
        )
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


def positions(scored: pd.DataFrame) -> pd.DataFrame:
    """Each sentence's relative position in its article (0 first, 1 last) with its scores:
    ``doc_id, sent_id, position, escalation, restraint, net``."""
    size = scored.groupby("doc_id")["sent_id"].transform("max").replace(0, 1)
    table = scored[["doc_id", "sent_id", "escalation", "restraint", "net"]].copy()
    table.insert(2, "position", scored["sent_id"] / size)
    return table


def speaker_ladder(matches: pd.DataFrame, min_matches: int = 2) -> pd.DataFrame:
    """What each speaker's sentences do on the ladder: ``speaker, mode, category, n`` for
    speakers with at least ``min_matches`` matches (quotation and reported speech apart)."""
    spoken = matches[matches["speaker"] != ""]
    totals = spoken.groupby("speaker").size()
    keep = spoken[spoken["speaker"].map(totals) >= min_matches]
    return keep.groupby(["speaker", "mode", "category"]).size().rename("n").reset_index()


def cohen_kappa(gold: pd.Series, predicted: pd.Series) -> float:
    """Cohen's kappa of two label series: agreement beyond what the label frequencies give by
    chance (1 perfect, 0 chance)."""
    observed = float((gold.to_numpy() == predicted.to_numpy()).mean())
    labels = sorted(set(gold) | set(predicted))
    expected = sum(float((gold == lab).mean()) * float((predicted == lab).mean()) for lab in labels)
    return (observed - expected) / (1 - expected) if expected < 1 else float("nan")


def gold_agreement(
    scored: pd.DataFrame, gold: pd.DataFrame | None
) -> tuple[dict[str, float], pd.DataFrame, pd.DataFrame]:
    """Compare the scorer's labels with a gold standard (``doc_id, sent_id, label, note, text``).

    Returns ``({"n": ..., "accuracy": ..., "kappa": ...}, confusion matrix (gold rows, scorer
    columns), disagreements (``doc_id, sent_id, gold_label, escalation_label, categories,
    gold_note, text``))``; with ``gold`` None (a corpus without a gold file), NaN statistics
    and empty tables. Raises if the gold text no longer matches the sentence (sentence
    splitting changed: relabel, do not realign silently).
    """
    if gold is None:
        empty = pd.DataFrame(0, index=pd.Index(LABELS, name="gold"), columns=pd.Index(LABELS, name="scorer"))
        return {"n": 0.0, "accuracy": float("nan"), "kappa": float("nan")}, empty, pd.DataFrame()
    reference = gold.rename(columns={"label": "gold_label", "note": "gold_note", "text": "gold_text"})
    joined = scored.merge(reference, on=["doc_id", "sent_id"], how="inner")
    if len(joined) != len(gold):
        raise ValueError(
            f"{len(gold) - len(joined)} gold sentences have no scored sentence; relabel the gold file"
        )
    moved = joined[joined["text"] != joined["gold_text"]]
    if not moved.empty:
        first = moved.iloc[0]
        raise ValueError(
            f"gold sentence {first.doc_id}:{first.sent_id} no longer matches the text "
            f"({first.gold_text[:40]!r} against {first.text[:40]!r}); relabel the gold file"
        )
    stats = {
        "n": float(len(joined)),
        "accuracy": float((joined["gold_label"] == joined["escalation_label"]).mean()),
        "kappa": cohen_kappa(joined["gold_label"], joined["escalation_label"]),
    }
    confusion = pd.crosstab(
        pd.Categorical(joined["gold_label"], LABELS),
        pd.Categorical(joined["escalation_label"], LABELS),
        rownames=["gold"],
        colnames=["scorer"],
        dropna=False,
    )
    wrong = joined[joined["gold_label"] != joined["escalation_label"]]
    columns = ["doc_id", "sent_id", "gold_label", "escalation_label", "categories", "gold_note", "text"]
    return stats, confusion, wrong[columns].reset_index(drop=True)


def official_vs_reporter(scored: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Ladder profile of what officials said (quotation) against what reporters wrote
    (narration), per 100 sentences of each mode: ``mode, category, n, per_100_sentences``."""
    sentences = scored.groupby("mode").size()
    counts = matches.groupby(["mode", "category"]).size()
    index = pd.MultiIndex.from_product([sorted(sentences.index), CATEGORIES], names=["mode", "category"])
    table = counts.reindex(index, fill_value=0).rename("n").reset_index()
    table["per_100_sentences"] = 100 * table["n"] / table["mode"].map(sentences)
    return table


MODES = ["quotation", "narration"]
"""The modes of a sentence (``analysis.speakers``): what officials said, what reporters wrote."""


def modes_by_rung(modes: pd.DataFrame) -> pd.DataFrame:
    """``official_vs_reporter`` as one row per rung (ladder order) and one column per mode of
    ``MODES``: matches per 100 sentences of that mode, 0 for a mode the corpus lacks."""
    table = modes.pivot_table(index="category", columns="mode", values="per_100_sentences")
    table = table.reindex(index=CATEGORIES, columns=MODES, fill_value=0)
    return table.rename_axis(index="category", columns="mode")


def sentiment_relation(scored: pd.DataFrame) -> dict[str, float]:
    """How escalation relates to sentiment over sentences: rank correlations of the VADER
    compound with the escalation and restraint scores and with the net score (NaN where a score
    does not vary, as in a corpus without a match)."""
    ranks = scored[["compound", "escalation", "restraint", "net"]].rank()
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(ranks.to_numpy().T)
    return {"escalation": float(corr[0, 1]), "restraint": float(corr[0, 2]), "net": float(corr[0, 3])}


def match_concordance(
    matches: pd.DataFrame, documents: pd.DataFrame, category: str | None = None, width: int = 50
) -> pd.DataFrame:
    """Matches in context: ``doc_id, sent_id, category, term, rules, left, match, right``
    (``width`` characters of raw text either side), one category or all."""
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"category={category!r} is not a rung of the ladder; choose one of {CATEGORIES}")
    rows = matches if category is None else matches[matches["category"] == category]
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    left = [
        " ".join(texts[d][max(0, s - width) : s].split())
        for d, s in zip(rows["doc_id"], rows["start"], strict=True)
    ]
    right = [
        " ".join(texts[d][e : e + width].split()) for d, e in zip(rows["doc_id"], rows["end"], strict=True)
    ]
    return pd.DataFrame(
        {
            "doc_id": rows["doc_id"].to_numpy(),
            "sent_id": rows["sent_id"].to_numpy(),
            "category": rows["category"].to_numpy(),
            "term": rows["term"].to_numpy(),
            "rules": rows["rules"].to_numpy(),
            "left": left,
            "match": rows["surface"].to_numpy(),
            "right": right,
        }
    )


def load_gold(path: str) -> pd.DataFrame | None:
    """Read a gold-standard file (``doc_id, sent_id, label, note, text``); ``None`` for an
    empty path, so a corpus without one skips the comparison."""
    if not path:
        return None
    gold = pd.read_csv(path, dtype={"doc_id": str, "sent_id": "int64"}, keep_default_na=False)
    unknown = set(gold["label"]) - set(LABELS)
    if unknown:
        raise ValueError(f"{path}: unknown labels {sorted(unknown)}; use {LABELS}")
    return gold


def ladder_summary(lexicon: pd.DataFrame) -> pd.DataFrame:
    """One row per rung, in ladder order: ``terms`` on it, the lowest and highest Goldstein
    weight of its terms, and its ``side`` (escalation or restraint)."""
    table = (
        lexicon.assign(goldstein=lexicon["goldstein"].astype(float))
        .groupby("category")
        .agg(terms=("term", "size"), lowest_weight=("goldstein", "min"), highest_weight=("goldstein", "max"))
    )
    return table.reindex([c for c, _ in LADDER]).assign(side=[p for _, p in LADDER])


def ruled_matches(matches: pd.DataFrame) -> pd.DataFrame:
    """The matches a context rule changed or qualified: negated, hedged, conditional, or a
    negation kept under a demand."""
    changed = (
        matches["negated"]
        | (matches["modality"] == "hedged")
        | matches["conditional"]
        | matches["rules"].str.contains("demand")
    )
    return matches[changed]
