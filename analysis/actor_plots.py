"""Figures of who appears and who speaks. Each takes tidy tables and returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from analysis.actors import SIDES
from analysis.plots import (
    MAX_ROWS,
    article_sample,
    doc_labels,
    heatmap,
    largest,
    sampled_title,
    stacked_bars,
)
from analysis.style import OKABE_ITO

SIDE_COLOURS = dict(zip(SIDES, [OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[2], "#999999"], strict=True))
"""One colour per side on every figure: blue for the US and partners, vermillion for Iran and
aligned groups, green for Iraq, grey for the rest."""
MODE_COLOURS = {"direct quotation": OKABE_ITO[3], "reported speech": OKABE_ITO[4]}
"""Reddish purple and orange: colours no side uses, so a mode is never read as a side."""


def _side_legend(ax: plt.Axes, sides: list[str], **kwargs: object) -> None:
    handles = [Patch(color=SIDE_COLOURS[s], label=s) for s in SIDES if s in sides]
    ax.legend(handles=handles, title="Side", **kwargs)


def top_actors_chart(counts: pd.DataFrame, n: int = 10) -> plt.Figure:
    """Each group's ``n`` most mentioned actors per 1,000 words, coloured by side; the hatched
    part of a bar is mentions as a sponsor modifier ("Iran-backed"), the label the share of
    articles that mention the actor."""
    groups = sorted(counts["group"].unique())
    fig, axes = plt.subplots(1, len(groups), figsize=(5.2 * len(groups), 0.34 * n + 1.6), squeeze=False)
    for ax, group in zip(axes[0], groups, strict=True):
        rows = counts[counts["group"] == group].head(n)
        colours = rows["side"].map(SIDE_COLOURS)
        ax.barh(rows["actor"], rows["per_1000_direct"], color=colours)
        ax.barh(
            rows["actor"],
            rows["per_1000"] - rows["per_1000_direct"],
            left=rows["per_1000_direct"],
            color=colours,
            hatch="///",
            edgecolor="white",
            linewidth=0,
        )
        for y, row in enumerate(rows.itertuples(index=False)):
            ax.text(row.per_1000, y, f" {row.doc_freq}/{row.n_docs}", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, counts["per_1000"].max() * 1.25)
        ax.set_title(group)
        ax.set_xlabel("Mentions per 1,000 words")
    axes[0][0].set_ylabel("Actor")
    _side_legend(axes[0][-1], list(counts["side"].unique()), loc="lower right")
    fig.suptitle(
        "Most mentioned actors per period (hatched: as sponsor, e.g. 'Iran-backed'; "
        "label: articles mentioning)",
        fontweight="bold",
    )
    return fig


def article_actor_heatmap(matrix: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Heat map of an articles x actors matrix of mentions per 1,000 words (``article_sample``
    of the articles)."""
    documents = documents[documents["doc_id"].isin(matrix.index)]
    shown = article_sample(documents)
    return heatmap(
        matrix[matrix.index.isin(shown["doc_id"])].rename(index=doc_labels(shown)),
        title=sampled_title("How much each article is about each actor", shown, documents),
        xlabel="Actor",
        ylabel="Article (id · published)",
        colorbar="Mentions per 1,000 words",
    )


def cooccurrence_heatmap(matrix: pd.DataFrame) -> plt.Figure:
    """Heat map of a symmetric actors x actors matrix of shared sentences (lower triangle)."""
    mask = pd.DataFrame(False, index=matrix.index, columns=matrix.columns)
    for i in range(len(matrix)):
        mask.iloc[i, i:] = True
    return heatmap(
        matrix,
        title="Which actors are named in the same sentence",
        xlabel="Actor",
        ylabel="Actor",
        colorbar="Sentences naming both actors",
        mask=mask,
        figsize=(0.5 * len(matrix) + 3, 0.5 * len(matrix) + 2),
    )


def side_balance_chart(shares: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Stacked bars of each article's mentions by side (``article_sample`` of the articles), in
    order of publication."""
    shown = article_sample(documents)
    title = sampled_title("Which side each article's actors belong to", shown, documents)
    documents = shown
    order = documents.sort_values(["published", "doc_id"])["doc_id"]
    wide = shares.pivot_table(index="group", columns="side", values="share", fill_value=0)
    wide = wide.reindex(index=order, columns=[s for s in SIDES if s in wide.columns], fill_value=0)
    wide.index = doc_labels(documents)[wide.index].to_numpy()
    return stacked_bars(
        wide.mul(100),
        [SIDE_COLOURS[s] for s in wide.columns],
        title=title,
        xlabel="Share of the article's actor mentions (%)",
        ylabel="Article (id · published), oldest first",
        legend="Side",
        xlim=(0, 100),
    )


def speakers_chart(summary: pd.DataFrame) -> plt.Figure:
    """Per group, sentences of direct quotation and of reported speech per speaker (the
    ``MAX_ROWS`` speakers with the most sentences of a group that has more)."""
    title = "Who speaks in each period: quoted directly or reported"
    if summary.groupby("group").size().max() > MAX_ROWS:
        title = f"{title}\n(in each, the {MAX_ROWS} speakers with the most sentences)"
        summary = pd.concat(
            [
                rows.loc[largest(rows["n_quotation"] + rows["n_reported"])]
                for _, rows in summary.groupby("group", sort=False)
            ]
        )
    groups = sorted(summary["group"].unique())
    n = int(summary.groupby("group").size().max())
    fig, axes = plt.subplots(
        1, len(groups), figsize=(4.6 * len(groups), 0.34 * n + 1.6), squeeze=False, sharex=True
    )
    for ax, group in zip(axes[0], groups, strict=True):
        rows = summary[summary["group"] == group]
        ax.barh(
            rows["speaker"],
            rows["n_quotation"],
            color=MODE_COLOURS["direct quotation"],
            label="direct quotation",
        )
        ax.barh(
            rows["speaker"],
            rows["n_reported"],
            left=rows["n_quotation"],
            color=MODE_COLOURS["reported speech"],
            label="reported speech",
        )
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_title(group)
        ax.set_xlabel("Sentences")
    axes[0][0].set_ylabel("Speaker")
    axes[0][-1].legend(loc="lower right")
    fig.suptitle(title, fontweight="bold")
    return fig
