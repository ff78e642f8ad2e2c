"""Figures of the two-period comparison. Each takes tidy tables and returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch

from analysis.plots import MAX_ROWS, nothing_to_show
from analysis.style import OKABE_ITO, group_colours

SHIFT_COLOURS = {"+": OKABE_ITO[4], "-": OKABE_ITO[5]}
"""Orange for words above the reference valence, sky blue for words below it."""


def keyness_chart(table: pd.DataFrame, n: int = 12) -> plt.Figure:
    """Each group's top ``n`` keywords by G2, drawn as Log Ratio bars; a hatched bar is a
    keyword only one article of its group uses. Labels give G2 and document frequency."""
    groups = sorted(table["period"].unique())
    if not groups:
        return nothing_to_show("Distinctive words of each period", "keywords (it needs two periods)")
    colours = group_colours(groups)
    fig, axes = plt.subplots(1, len(groups), figsize=(5.2 * len(groups), 0.34 * n + 1.8), squeeze=False)
    for ax, group in zip(axes[0], groups, strict=True):
        rows = table[(table["period"] == group) & (table["G2"] > 0)].head(n)
        bars = ax.barh(rows["term"], rows["log_ratio"], color=colours[group])
        for bar, single in zip(bars, rows["single_article"], strict=True):
            if single:
                bar.set_hatch("///")
                bar.set_edgecolor("white")
        for y, row in enumerate(rows.itertuples(index=False)):
            ax.text(
                row.log_ratio, y, f" G2 {row.G2:.1f}, {row.doc_freq}/{row.n_docs}", va="center", fontsize=8
            )
        ax.invert_yaxis()
        ax.set_xlim(0, table["log_ratio"].max() * 1.45)
        ax.set_title(f"{group} against {rows['reference'].iloc[0] if len(rows) else 'the rest'}")
        ax.set_xlabel("Log Ratio (log2 of relative frequency; +1 = twice as frequent)")
    axes[0][0].set_ylabel("Keyword")
    fig.suptitle(
        "Distinctive words of each period (label: G2 and articles using it; hatched: one article only)",
        fontweight="bold",
    )
    return fig


def word_shift_chart(
    shift: pd.DataFrame, totals: dict[str, float], first: str, second: str, n: int = 20
) -> plt.Figure:
    """The ``n`` words contributing most to the change in average valence from ``first`` to
    ``second``; solid bars are words used more in ``second``, hatched ones words used less."""
    if shift.empty:
        return nothing_to_show(
            f"Word shift from {first} to {second}", "word of the sentiment lexicon in a period"
        )
    rows = shift.head(n)
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(rows) + 1.8))
    for y, row in enumerate(rows.itertuples(index=False)):
        sign, direction = row.kind.split()
        ax.barh(
            y,
            row.contribution,
            color=SHIFT_COLOURS[sign],
            hatch="" if direction == "more" else "///",
            edgecolor="white",
        )
    ax.set_yticks(range(len(rows)), rows["term"])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_xlabel(f"Contribution to the change in average valence, {first} to {second} (VADER units)")
    ax.set_ylabel("Word")
    handles = [
        Patch(facecolor=SHIFT_COLOURS["+"], label="above reference, used more"),
        Patch(
            facecolor=SHIFT_COLOURS["+"], hatch="///", edgecolor="white", label="above reference, used less"
        ),
        Patch(facecolor=SHIFT_COLOURS["-"], label="below reference, used more"),
        Patch(
            facecolor=SHIFT_COLOURS["-"], hatch="///", edgecolor="white", label="below reference, used less"
        ),
    ]
    ax.legend(handles=handles, bbox_to_anchor=(1.02, 1), loc="upper left")
    ax.set_title(
        f"Word shift: average valence {totals['first']:+.3f} ({first}) to {totals['second']:+.3f} ({second})"
    )
    return fig


def shift_forest(summary: pd.DataFrame) -> plt.Figure:
    """Sentence-level differences between the periods in standard deviations (Cohen's d) with
    their 95% hierarchical-bootstrap intervals, and the permutation p-value."""
    rows = summary[summary["effect_size"].notna()].reset_index(drop=True)
    scale = rows["difference"] / rows["effect_size"]
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(rows) + 1.6))
    for y, row in rows.iterrows():
        low, high = row["ci_low"] / scale[y], row["ci_high"] / scale[y]
        low, high = min(low, high), max(low, high)
        ax.errorbar(
            row["effect_size"],
            y,
            xerr=[[row["effect_size"] - low], [high - row["effect_size"]]],
            fmt="o",
            color="#333333",
            capsize=3,
        )
        ax.text(high, y, f"  p={row['p_value']:.2g}", va="center", fontsize=8)
    ax.axvline(0, color="#555555", linewidth=1)
    ax.set_yticks(range(len(rows)), rows["measure"])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(
        f"Difference, {rows['period_b'].iloc[0]} minus {rows['period_a'].iloc[0]} "
        "(standard deviations; 95% interval resampling articles, then sentences)"
    )
    ax.set_ylabel("Measure")
    ax.set_title("How much sentiment and escalation changed, and how sure we can be")
    return fig


def actor_shift_chart(summary: pd.DataFrame) -> plt.Figure:
    """Change in actor mentions per 1,000 words between the periods, with 95% intervals."""
    rows = summary.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(rows) + 1.6))
    for y, row in rows.iterrows():
        ax.errorbar(
            row["difference"],
            y,
            xerr=[[row["difference"] - row["ci_low"]], [row["ci_high"] - row["difference"]]],
            fmt="o",
            color="#333333",
            capsize=3,
        )
        ax.text(row["ci_high"], y, f"  p={row['p_value']:.2g}", va="center", fontsize=8)
    ax.axvline(0, color="#555555", linewidth=1)
    ax.set_yticks(range(len(rows)), rows["measure"].str.replace(" mentions per 1,000 words", "", regex=False))
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel(
        f"Change in mentions per 1,000 words, {rows['period_b'].iloc[0]} minus {rows['period_a'].iloc[0]}"
    )
    ax.set_ylabel("Actor")
    ax.set_title("Which actors the coverage names more or less, with 95% intervals")
    return fig


def leave_one_out_chart(
    results: dict[str, pd.DataFrame], full: dict[str, float], documents: pd.DataFrame
) -> plt.Figure:
    """For each measure, the difference with each article left out (dots) against the
    difference on all articles (line): how much one article carries a conclusion."""
    colours = group_colours(documents["period"])
    fig, axes = plt.subplots(1, len(results), figsize=(3.6 * len(results), 3.6), squeeze=False)
    for ax, (name, table) in zip(axes[0], results.items(), strict=True):
        ax.axhline(full[name], color="#333333", linewidth=1, label="all articles")
        ax.axhline(0, color="#999999", linewidth=0.8, linestyle="--")
        few = len(table) <= MAX_ROWS  # beyond, a label per article would not be readable
        dots = table["period"].map(colours)
        ax.scatter(range(len(table)), table["difference"], color=dots, s=40 if few else 6, zorder=3)
        if few:
            ax.set_xticks(range(len(table)), table["doc_id"])
        ax.set_xlabel("Article left out" if few else f"Article left out (each of {len(table):,}, by period)")
        ax.set_title(name, fontsize=9)
    axes[0][0].set_ylabel("Difference between the periods (own units)")
    handles = [Patch(color=c, label=f"left out from {p}") for p, c in colours.items()]
    axes[0][-1].legend(handles=handles, loc="best", fontsize=8)
    fig.suptitle("Leave one article out: does any single article carry the difference?", fontweight="bold")
    return fig
