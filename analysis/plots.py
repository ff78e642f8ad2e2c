"""Figures of the corpus layer. Each function takes tidy tables and returns a Figure in the
house style; ``analysis.style.save_figure`` writes it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from analysis.style import SEQUENTIAL, categorical_palette, group_colours

MAX_ROWS = 40
"""Rows, panels or columns a figure with one per article, speaker or actor shows at most: a
larger corpus is shown by a sample of articles (``article_sample``) or the largest speakers and
actors (``largest``), so the figure stays readable and within the size a PNG can have (65,536
pixels a side) on a corpus of any size. The tables keep every row."""

ANNOTATED_CELLS = 400
"""Heat maps print each cell's value only up to this many cells; beyond, the colour alone."""


def evenly_spaced(n: int, limit: int = MAX_ROWS) -> np.ndarray:
    """``limit`` positions of ``range(n)`` evenly spaced, the first and the last included
    (every position when ``n <= limit``)."""
    return np.arange(n) if n <= limit else np.linspace(0, n - 1, limit).round().astype(int)


def article_sample(documents: pd.DataFrame, limit: int = MAX_ROWS) -> pd.DataFrame:
    """``documents`` itself when it has at most ``limit`` rows, else ``limit`` of them evenly
    spaced in order of publication (the first and the last included), in their own order."""
    if len(documents) <= limit:
        return documents
    by_date = documents.reset_index(drop=True).sort_values(["published", "doc_id"], kind="stable").index
    keep = np.zeros(len(documents), dtype=bool)
    keep[by_date[evenly_spaced(len(documents), limit)]] = True
    return documents[keep]


def largest(totals: pd.Series, limit: int = MAX_ROWS) -> pd.Index:
    """The labels of the ``limit`` largest ``totals`` (all when there are no more), in their
    own order: the rows a figure with one row per speaker or actor keeps on a large corpus."""
    if len(totals) <= limit:
        return totals.index
    kept = totals.reset_index(drop=True).sort_values(ascending=False, kind="stable").index[:limit]
    return totals.index[np.sort(kept)]


def shown_title(title: str, shown: int, total: int, which: str) -> str:
    """``title``, saying that a figure shows ``shown`` of ``total`` rows (``which`` ones) when
    it does not show them all."""
    return title if shown == total else f"{title}\n({shown} of {total} {which})"


def sampled_title(title: str, shown: pd.DataFrame, documents: pd.DataFrame) -> str:
    """``title``, saying how many articles a figure shows when it shows a sample."""
    return shown_title(title, len(shown), len(documents), "articles, evenly spaced by date")


def doc_labels(documents: pd.DataFrame) -> pd.Series:
    """Readable article labels, ``"000 · 2020-01-02"``, indexed by ``doc_id``."""
    published = documents["published"].where(documents["published"] != "", "undated")
    return pd.Series((documents["doc_id"] + " · " + published).to_numpy(), index=documents["doc_id"])


def nothing_to_show(title: str, what: str) -> plt.Figure:
    """A small figure with ``title`` saying that the corpus has no ``what`` to draw (a figure of
    a corpus too small or too narrow for it, instead of an error)."""
    fig, ax = plt.subplots(figsize=(6, 2.4))
    ax.text(0.5, 0.5, f"Nothing to show: this corpus has no {what}.", ha="center", va="center")
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def heatmap(
    matrix: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    colorbar: str,
    fmt: str = ".0f",
    figsize: tuple[float, float] | None = None,
    mask: pd.DataFrame | None = None,
    cmap_override: str | None = None,
    annot_text: pd.DataFrame | None = None,
    **kwargs: object,
) -> plt.Figure:
    """An annotated heat map in the house style (sequential colour map unless
    ``cmap_override``, no grid); ``annot_text`` replaces the printed values. A matrix of more
    than ``ANNOTATED_CELLS`` cells is shown by colour alone; an empty matrix by
    ``nothing_to_show``."""
    rows, columns = matrix.shape
    if not rows or not columns:
        return nothing_to_show(title, "data for this heat map")
    fig, ax = plt.subplots(figsize=figsize or (0.55 * columns + 3, 0.5 * rows + 2.4))
    annotated = matrix.size <= ANNOTATED_CELLS
    annot = annotated and (True if annot_text is None else annot_text.to_numpy())
    sns.heatmap(
        matrix,
        mask=None if mask is None else mask.to_numpy(),
        annot=annot,
        fmt=fmt,
        cmap=cmap_override or SEQUENTIAL,
        ax=ax,
        linewidths=0.5 if annotated else 0,
        cbar_kws={"label": colorbar},
        **kwargs,
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(False)
    ax.set_title(title)
    return fig


def stacked_bars(
    table: pd.DataFrame,
    colours: list[str],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    legend: str,
    xlim: tuple[float, float] | None = None,
) -> plt.Figure:
    """Horizontal stacked bars, one per row of ``table`` (top to bottom), one segment per column."""
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(table) + 1.8))
    table.plot.barh(stacked=True, ax=ax, width=0.7, color=colours)
    ax.invert_yaxis()
    if xlim:
        ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(title=legend, bbox_to_anchor=(1.02, 1), loc="upper left")
    ax.set_title(title)
    return fig


def article_lengths(documents: pd.DataFrame) -> plt.Figure:
    """Sentences and words per article, coloured by period (``article_sample`` of them)."""
    colours = group_colours(documents["period"])
    shown = article_sample(documents)
    title = sampled_title("Article length in sentences and words, by period", shown, documents)
    documents, labels = shown, doc_labels(shown)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
    for ax, column, unit in zip(axes, ["n_sentences", "n_words"], ["sentences", "words"], strict=True):
        ax.barh(
            labels[documents["doc_id"]].to_numpy(), documents[column], color=documents["period"].map(colours)
        )
        ax.set_xlabel(f"Length ({unit})")
    axes[0].invert_yaxis()
    axes[0].set_ylabel("Article (id · published)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    fig.legend(handles, colours.keys(), title="Period", loc="upper right", bbox_to_anchor=(1.0, 0.93))
    fig.suptitle(title, fontweight="bold")
    return fig


def removed_characters(report: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Characters removed by cleaning per article (``article_sample`` of them), stacked by reason."""
    shown = article_sample(documents)
    title = sampled_title("What cleaning removed from each article, by reason", shown, documents)
    documents = shown
    table = (
        report.assign(chars=report["end"] - report["start"])
        .pivot_table(index="doc_id", columns="reason", values="chars", aggfunc="sum", fill_value=0)
        .reindex(documents["doc_id"], fill_value=0)
    )
    table.index = doc_labels(documents)[table.index].to_numpy()
    if table.empty or not table.shape[1]:
        table = pd.DataFrame({"nothing removed": 0}, index=table.index)
    return stacked_bars(
        table,
        categorical_palette(table.shape[1]),
        title=title,
        xlabel="Characters removed from the raw text",
        ylabel="Article (id · published)",
        legend="Reason",
    )


def top_terms_chart(top: pd.DataFrame) -> plt.Figure:
    """Horizontal bars of ``per_1000`` for each group's top terms, labelled with document
    frequency (``df 2/3``: used by 2 of the group's 3 articles)."""
    groups = sorted(top["group"].unique())
    colours = group_colours(groups)
    n = int(top.groupby("group").size().max())
    fig, axes = plt.subplots(1, len(groups), figsize=(4.2 * len(groups), 0.32 * n + 1.4), squeeze=False)
    for ax, group in zip(axes[0], groups, strict=True):
        rows = top[top["group"] == group]
        ax.barh(rows["term"], rows["per_1000"], color=colours[group])
        for y, row in enumerate(rows.itertuples(index=False)):
            ax.text(row.per_1000, y, f" df {row.doc_freq}/{row.n_docs}", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_title(f"{group}")
        ax.set_xlabel("Occurrences per 1,000 words")
        ax.set_xlim(0, top["per_1000"].max() * 1.25)
    axes[0][0].set_ylabel("Content word")
    fig.suptitle("Most frequent content words per period (df = articles using the word)", fontweight="bold")
    return fig


def dispersion_plot(dispersion: pd.DataFrame, documents: pd.DataFrame, terms: list[str]) -> plt.Figure:
    """Where each term falls within each article (``article_sample`` of them): one row per
    article, one mark per use."""
    shown = article_sample(documents)
    title = sampled_title("Where key terms occur within each article", shown, documents)
    documents, labels = shown, doc_labels(shown)
    colours = dict(zip(terms, categorical_palette(len(terms)), strict=True))
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(documents) + 1.4))
    offsets = {t: (i - (len(terms) - 1) / 2) * 0.18 for i, t in enumerate(terms)}
    rows = {doc_id: i for i, doc_id in enumerate(documents["doc_id"])}
    for term in terms:
        hits = dispersion[(dispersion["term"] == term.lower()) & dispersion["doc_id"].isin(labels.index)]
        ax.scatter(
            hits["position"],
            hits["doc_id"].map(rows) + offsets[term],
            marker="|",
            s=120,
            linewidths=2,
            color=colours[term],
            label=term,
        )
    ax.set_yticks(range(len(rows)), labels[list(rows)].to_numpy())
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-0.01, 1.01)
    ax.set_xlabel("Position in the article (share of its tokens, 0 = start, 1 = end)")
    ax.set_ylabel("Article (id · published)")
    ax.legend(title="Term", bbox_to_anchor=(1.02, 1), loc="upper left")
    ax.set_title(title)
    return fig


def similarity_heatmap(similarity: pd.DataFrame, documents: pd.DataFrame) -> plt.Figure:
    """Heat map of pairwise article similarity (``article_sample`` of the articles)."""
    documents = documents[documents["doc_id"].isin(similarity.index)]
    shown = article_sample(documents)
    labels = doc_labels(shown)
    kept = similarity.index[similarity.index.isin(labels.index)]
    named = similarity.loc[kept, kept].rename(index=labels, columns=labels)
    return heatmap(
        named,
        title=sampled_title("How alike the articles' vocabularies are", shown, documents),
        xlabel="Article (id · published)",
        ylabel="Article (id · published)",
        colorbar="Cosine similarity of TF-IDF vectors (0-1)",
        fmt=".2f",
        figsize=(6.4, 5.2),
        vmin=0,
        vmax=1,
        square=True,
    )
