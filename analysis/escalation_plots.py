"""Figures of escalation and restraint language. Each takes tidy tables and returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.escalation import CATEGORIES
from analysis.plots import (
    article_sample,
    doc_labels,
    evenly_spaced,
    heatmap,
    largest,
    sampled_title,
    shown_title,
)
from analysis.style import OKABE_ITO, group_colours

LADDER_TOP_DOWN = CATEGORIES[::-1]
POLARITY_COLOURS = {"escalating": OKABE_ITO[1], "restraining": OKABE_ITO[0]}
"""Vermillion for escalation, blue for restraint, on every escalation figure."""


def ladder_heatmap(profile: pd.DataFrame, title: str, xlabel: str) -> plt.Figure:
    """Heat map of ``per_1000`` by rung (war at the top) and group; of more than
    ``MAX_ROWS`` groups (articles), that many evenly spaced in their order."""
    matrix = profile.pivot_table(index="category", columns="group", values="per_1000", fill_value=0)
    matrix = matrix.reindex(index=LADDER_TOP_DOWN, fill_value=0)
    columns = evenly_spaced(matrix.shape[1])
    title = shown_title(title, len(columns), matrix.shape[1], "shown, evenly spaced")
    matrix = matrix.iloc[:, columns]
    return heatmap(
        matrix,
        title=title,
        xlabel=xlabel,
        ylabel="Rung of the ladder (war at the top)",
        colorbar="Matches per 1,000 words",
        fmt=".1f",
        figsize=(1.3 * matrix.shape[1] + 4.5, 0.5 * len(matrix) + 1.8),
    )


def shares_chart(by_period: pd.DataFrame, by_article: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Share of sentences that escalate and that restrain, per period and per article
    (``article_sample`` of the articles), with 95% bootstrap intervals."""
    shown = article_sample(documents)
    labels = doc_labels(shown)
    by_article = by_article[by_article["group"].isin(labels.index)]
    rows = pd.concat(
        [
            by_period.assign(label=by_period["group"].map(lambda g: f"period {g}")),
            by_article.assign(label=by_article["group"].map(labels)),
        ],
        ignore_index=True,
    )
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(rows) + 1.8))
    for offset, (kind, colour) in zip((-0.15, 0.15), POLARITY_COLOURS.items(), strict=True):
        share, low, high = rows[f"share_{kind}"], rows[f"{kind}_low"], rows[f"{kind}_high"]
        ys = [y + offset for y in range(len(rows))]
        ax.errorbar(
            share * 100,
            ys,
            xerr=[(share - low) * 100, (high - share) * 100],
            fmt="o",
            color=colour,
            capsize=3,
            label=f"share {kind}",
        )
    ax.set_yticks(range(len(rows)), rows["label"])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-2, 102)
    ax.set_xlabel("Sentences (%), with 95% bootstrap interval")
    ax.set_ylabel("Period, then article (id · published)")
    ax.legend(bbox_to_anchor=(1.02, 1), loc="upper left")
    ax.set_title(sampled_title("How many sentences escalate, and how many restrain", shown, documents))
    return fig


def positions_chart(positions: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Escalation and restraint scores of each sentence by its position in the article, one
    panel per article (``article_sample`` of the articles)."""
    shown = article_sample(documents)
    title = sampled_title("Where each article escalates (vermillion) and restrains (blue)", shown, documents)
    order = shown.sort_values(["published", "doc_id"])["doc_id"].tolist()
    labels = doc_labels(shown)
    fig, axes = plt.subplots(
        len(order), 1, figsize=(8, 1.3 * len(order) + 1.2), sharex=True, sharey=True, squeeze=False
    )
    for ax, doc_id in zip(axes[:, 0], order, strict=True):
        rows = positions[positions["doc_id"] == doc_id]
        ax.vlines(rows["position"], 0, rows["escalation"], color=POLARITY_COLOURS["escalating"], linewidth=2)
        ax.vlines(rows["position"], 0, -rows["restraint"], color=POLARITY_COLOURS["restraining"], linewidth=2)
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_ylabel(labels[doc_id], rotation=0, ha="right", va="center", fontsize=9)
    axes[-1, 0].set_xlabel("Position of the sentence in the article (0 = first, 1 = last)")
    axes[-1, 0].set_xlim(-0.02, 1.02)
    fig.supylabel("Score (Goldstein units): escalation up, restraint down", fontsize=10)
    fig.suptitle(title, fontweight="bold")
    return fig


def speaker_ladder_chart(table: pd.DataFrame) -> plt.Figure:
    """Heat map of ladder matches by speaker (quotation and reported speech apart) and rung."""
    rows = table.assign(
        who=table["speaker"]
        + " ("
        + table["mode"].map({"quotation": "quoted", "narration": "reported"})
        + ")"
    )
    matrix = rows.pivot_table(index="who", columns="category", values="n", aggfunc="sum", fill_value=0)
    matrix = matrix.reindex(columns=[c for c in CATEGORIES if c in matrix.columns])
    kept = largest(matrix.sum(axis=1))
    title = shown_title(
        "What each speaker's sentences do on the ladder",
        len(kept),
        len(matrix),
        "speakers, those with the most matches",
    )
    matrix = matrix.loc[kept]
    return heatmap(
        matrix,
        title=title,
        xlabel="Rung of the ladder",
        ylabel="Speaker (quoted or reported)",
        colorbar="Matches",
        figsize=(0.8 * matrix.shape[1] + 5, 0.42 * len(matrix) + 2.6),
    )


def escalation_vs_sentiment(scored: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Each sentence's VADER compound against its escalation and restraint scores."""
    periods = pd.Series(documents["period"].to_numpy(), index=documents["doc_id"])
    colours = group_colours(documents["period"])
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.4), sharey=True)
    for ax, column, name in ((axes[0], "escalation", "Escalation"), (axes[1], "restraint", "Restraint")):
        for period, colour in colours.items():
            part = scored[scored["doc_id"].map(periods) == period]
            ax.scatter(part[column], part["compound"], s=18, color=colour, alpha=0.8, label=period)
        ax.axhline(0, color="#555555", linewidth=0.8)
        ax.set_xlabel(f"{name} score of the sentence (Goldstein units)")
    axes[0].set_ylabel("VADER compound score (-1 to +1)")
    axes[0].legend(title="Period")
    fig.suptitle("Escalation against sentiment: do they measure the same thing?", fontweight="bold")
    return fig


def confusion_heatmap(confusion: pd.DataFrame) -> plt.Figure:
    """Heat map of a confusion matrix (gold rows, scorer columns)."""
    return heatmap(
        confusion,
        title="The scorer against the gold standard",
        xlabel="Scorer's label",
        ylabel="Gold label (careful reading)",
        colorbar="Sentences",
        figsize=(6.4, 4.8),
    )
