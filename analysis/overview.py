"""Summaries of the corpus as a whole: sizes per period."""

from __future__ import annotations

import pandas as pd

PERIOD_SUMMARY_COLUMNS = [
    "period",
    "n_articles",
    "n_sentences",
    "n_words",
    "words_per_article",
    "first_published",
    "last_published",
]


def period_summary(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per period: articles, sentences, words (non-punctuation tokens), mean words per
    article and the span of publication dates (``PERIOD_SUMMARY_COLUMNS``)."""
    dated = documents["published"].where(documents["published"] != "")
    table = (
        documents.assign(dated=dated)
        .groupby("period", sort=True)
        .agg(
            n_articles=("doc_id", "size"),
            n_sentences=("n_sentences", "sum"),
            n_words=("n_words", "sum"),
            first_published=("dated", "min"),
            last_published=("dated", "max"),
        )
        .reset_index()
    )
    table["words_per_article"] = table["n_words"] / table["n_articles"]
    return table[PERIOD_SUMMARY_COLUMNS]
