"""Figures of sentence sentiment. Each takes tidy tables and returns a Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from analysis.plots import article_sample, doc_labels, heatmap, largest, sampled_title, shown_title
from analysis.sentiment import THRESHOLD
from analysis.style import group_colours
from analysis.uncertainty import SEED

DIVERGING = "PuOr"
"""Orange (negative) to purple (positive) through white: distinguishable under the common
colour-vision deficiencies, unlike red-green."""
COMPOUND_LABEL = "VADER compound score (-1 negative to +1 positive)"
SWARM_POINTS = 1_000
"""Sentences up to which a panel places one dot per sentence without overlap (a swarm, whose
placement grows with the square of the points); beyond, the dots are jittered sideways with a
fixed seed."""


def sentiment_distribution(scored: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Every sentence's compound score, per period and per article (``article_sample`` of the
    articles): box plus one dot per sentence; the band marks VADER's neutral zone, -0.05 to 0.05."""
    periods = pd.Series(documents["period"].to_numpy(), index=documents["doc_id"])
    shown = article_sample(documents)
    labels = doc_labels(shown)
    order = shown.sort_values(["published", "doc_id"])["doc_id"]
    rows = scored.assign(period=scored["doc_id"].map(periods), article=scored["doc_id"].map(labels))
    colours = group_colours(documents["period"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), gridspec_kw={"width_ratios": [1, 2]}, sharey=True)
    for ax, column, levels in (
        (axes[0], "period", sorted(colours)),
        (axes[1], "article", list(labels[order])),
    ):
        palette = (
            {level: colours[periods[doc]] for level, doc in zip(labels[order], order, strict=True)}
            if column == "article"
            else colours
        )
        groups = [rows.loc[rows[column] == level, "compound"].to_numpy() for level in levels]
        boxes = ax.boxplot(
            groups,
            positions=range(len(levels)),
            widths=0.6,
            showfliers=False,
            patch_artist=True,
            orientation="vertical",
            medianprops={"color": "#333333"},
        )
        for box, level in zip(boxes["boxes"], levels, strict=True):
            box.set(facecolor=palette[level], alpha=0.35)
        dots = rows[rows[column].isin(levels)]
        if len(dots) <= SWARM_POINTS:
            sns.swarmplot(
                data=dots,
                x=column,
                y="compound",
                hue=column,
                order=levels,
                palette=palette,
                ax=ax,
                size=3.5,
                legend=False,
            )
        else:
            at = dots[column].map({level: x for x, level in enumerate(levels)}).to_numpy()
            jitter = np.random.default_rng(SEED).uniform(-0.3, 0.3, len(dots))
            ax.scatter(
                at + jitter, dots["compound"], s=2, alpha=0.3, color=dots[column].map(palette), zorder=3
            )
        ax.set_xticks(range(len(levels)), levels)
        ax.axhspan(-THRESHOLD, THRESHOLD, color="#DDDDDD", zorder=0)
        ax.set_xlabel("Period" if column == "period" else "Article (id · published)")
    if len(order) <= 15:
        axes[1].tick_params(axis="x", rotation=30)
    else:  # many articles: upright labels side by side
        axes[1].tick_params(axis="x", rotation=90, labelsize=6)
    axes[0].set_ylabel(COMPOUND_LABEL)
    axes[1].set_ylabel("")
    title = sampled_title(
        "Sentence sentiment per period and per article (grey band: neutral)", shown, documents
    )
    fig.suptitle(title, fontweight="bold")
    return fig


def mean_intervals(by_article: pd.DataFrame, by_period: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Mean compound per article (``article_sample`` of the articles) and per period with 95%
    bootstrap intervals."""
    periods = pd.Series(documents["period"].to_numpy(), index=documents["doc_id"])
    colours = group_colours(documents["period"])
    shown = article_sample(documents)
    labels = doc_labels(shown)
    by_article = by_article[by_article["group"].isin(labels.index)]
    rows = pd.concat(
        [
            by_period.assign(
                label=by_period["group"].map(lambda g: f"period {g}"), colour=by_period["group"].map(colours)
            ),
            by_article.assign(
                label=by_article["group"].map(labels), colour=by_article["group"].map(periods).map(colours)
            ),
        ],
        ignore_index=True,
    )
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.6))
    for y, row in enumerate(rows.itertuples(index=False)):
        ax.errorbar(
            row.mean_compound,
            y,
            xerr=[[row.mean_compound - row.ci_low], [row.ci_high - row.mean_compound]],
            fmt="o",
            color=row.colour,
            capsize=3,
            markersize=7 if row.label.startswith("period") else 5,
        )
        ax.text(row.ci_high, y, f"  n={row.n_sentences}", va="center", fontsize=8)
    ax.axvline(0, color="#555555", linewidth=1)
    ax.set_yticks(range(len(rows)), rows["label"])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel("Mean " + COMPOUND_LABEL)
    ax.set_ylabel("Period, then article (id · published)")
    ax.set_title(
        sampled_title("Mean sentence sentiment with 95% bootstrap intervals over sentences", shown, documents)
    )
    return fig


def sentiment_heatmap(
    table: pd.DataFrame, rows: str, columns: str, title: str, ylabel: str, xlabel: str
) -> plt.Figure:
    """Heat map of mean compound (``rows`` x ``columns`` of a summary table), annotated with
    the mean and the number of sentences behind it; of more than ``MAX_ROWS`` rows, those
    with the most sentences."""
    means = table.pivot_table(index=rows, columns=columns, values="mean_compound")
    counts = table.pivot_table(index=rows, columns=columns, values="n_sentences")
    keep = largest(counts.sum(axis=1))
    title = shown_title(title, len(keep), len(means), f"{rows}s, those with the most sentences")
    means, counts = means.loc[keep], counts.loc[keep]
    notes = means.map(lambda v: "" if pd.isna(v) else f"{v:+.2f}") + counts.map(
        lambda n: "" if pd.isna(n) else f"\nn={int(n)}"
    )
    return heatmap(
        means,
        title=title,
        xlabel=xlabel,
        ylabel=ylabel,
        colorbar="Mean VADER compound",
        fmt="",
        annot_kws={"fontsize": 8},
        cmap_override=DIVERGING,
        vmin=-1,
        vmax=1,
        center=0,
        annot_text=notes,
        figsize=(1.6 * means.shape[1] + 4, 0.55 * len(means) + 1.8),
    )


def lexicon_comparison(scored: pd.DataFrame, documents: pd.DataFrame, changes: pd.DataFrame) -> plt.Figure:
    """Left: each sentence's VADER against its AFINN score. Right: the change in mean sentiment
    between two periods under each measure, in standard deviations of that measure (Cohen's d),
    with its 95% bootstrap interval."""
    periods = pd.Series(documents["period"].to_numpy(), index=documents["doc_id"])
    colours = group_colours(documents["period"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
    for period, colour in colours.items():
        part = scored[scored["doc_id"].map(periods) == period]
        axes[0].scatter(part["afinn"], part["compound"], s=18, color=colour, label=period, alpha=0.8)
    axes[0].axhline(0, color="#555555", linewidth=0.8)
    axes[0].axvline(0, color="#555555", linewidth=0.8)
    axes[0].set_xlabel("AFINN score (sum of word scores)")
    axes[0].set_ylabel(COMPOUND_LABEL)
    axes[0].legend(title="Period")
    axes[0].set_title("The two lexicons, sentence by sentence")
    for y, row in enumerate(changes.itertuples(index=False)):
        axes[1].errorbar(
            row.change_sd,
            y,
            xerr=[[row.change_sd - row.ci_low_sd], [row.ci_high_sd - row.change_sd]],
            fmt="o",
            color="#333333",
            capsize=3,
        )
    axes[1].axvline(0, color="#555555", linewidth=1)
    axes[1].set_yticks(range(len(changes)), changes["measure"])
    axes[1].set_ylim(len(changes) - 0.5, -0.5)
    axes[1].set_xlabel("Change in mean, later minus earlier period (standard deviations)")
    axes[1].set_title("Does the change hold under every measure?")
    fig.suptitle("Robustness: VADER against AFINN, with and without actor names", fontweight="bold")
    return fig
