"""Term counts per group, with document frequency beside term frequency."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.corpus import doc_groups

FREQUENCY_COLUMNS = ["group", "term", "n", "per_1000", "doc_freq", "n_docs"]
"""Columns of a term-frequency table: ``n`` occurrences of ``term`` in ``group``; ``per_1000``
per 1,000 word tokens (tokens that are not punctuation) of the group; ``doc_freq`` the number
of the group's ``n_docs`` documents that use the term."""


_LETTER = re.compile(r"[^\W\d_]")


def content_mask(tokens: pd.DataFrame, lower: tuple[np.ndarray, pd.Index] | None = None) -> np.ndarray:
    """True for each token that carries content: not punctuation, not a stop word, with at least
    one letter (looked up once per distinct form). ``lower``: ``pd.factorize(tokens["lower"])``
    when the caller has it already."""
    codes, forms = pd.factorize(tokens["lower"]) if lower is None else lower
    has_letter = np.array([_LETTER.search(form) is not None for form in forms], dtype=bool)
    return (
        ~tokens["is_punct"].to_numpy(dtype=bool) & ~tokens["is_stop"].to_numpy(dtype=bool) & has_letter[codes]
    )


def content_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens that carry content: not punctuation, not stop words, with at least one letter."""
    return tokens[content_mask(tokens)]


def content_by_group(tokens: pd.DataFrame, groups: pd.Series, form: str) -> pd.DataFrame:
    """The content tokens as ``doc_id``, ``form`` and ``group`` (``groups`` maps doc_id to
    group): the three columns counting needs, not a copy of every column."""
    content = tokens.loc[content_mask(tokens), ["doc_id", form]]
    content["group"] = content["doc_id"].map(groups)
    return content


def term_frequencies(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    by: str = "period",
    form: str = "lower",
) -> pd.DataFrame:
    """Count content terms per ``by`` group (a ``documents`` column, or ``doc_id``).

    ``form`` is the token column counted: ``lower`` (word as written, lower-cased) or ``norm``
    (its stem). Returns ``FREQUENCY_COLUMNS``, sorted by group, then descending ``n``, then term.
    """
    if form not in tokens.columns:
        raise ValueError(f"form={form!r} is not a tokens column; use 'lower' or 'norm'")
    groups = doc_groups(documents, by)
    size = tokens.loc[~tokens["is_punct"], "doc_id"].map(groups).value_counts()
    n_docs = groups.value_counts()
    content = content_by_group(tokens, groups, form)
    table = (
        content.groupby(["group", form])
        .agg(n=("doc_id", "size"), doc_freq=("doc_id", "nunique"))
        .reset_index()
        .rename(columns={form: "term"})
    )
    table["per_1000"] = 1000 * table["n"] / table["group"].map(size)
    table["n_docs"] = table["group"].map(n_docs).astype("int64")
    table = table.sort_values(["group", "n", "term"], ascending=[True, False, True])
    return table[FREQUENCY_COLUMNS].reset_index(drop=True)


def top_terms(frequencies: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` most frequent terms of each group (ties broken alphabetically)."""
    return frequencies.groupby("group", sort=True).head(n).reset_index(drop=True)
