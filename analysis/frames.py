"""Small helpers for going over a DataFrame row by row and for factorized columns."""

from __future__ import annotations

import numpy as np
import pandas as pd


def column_lists(table: pd.DataFrame, *columns: str) -> list[list]:
    """``table``'s ``columns`` as Python lists, to ``zip`` in a loop over rows: iterating a
    pandas string column (or ``itertuples``) goes value by value through pandas and is about
    twenty times slower than ``tolist``; the values are the same."""
    return [table[column].tolist() for column in columns]


def first_occurrences(codes: np.ndarray) -> np.ndarray:
    """Where each code of ``pd.factorize`` (of values with none missing: no code -1) first
    occurs: ``np.unique(codes, return_index=True)[1]`` without sorting. ``factorize`` numbers
    values in the order they first appear, so the running maximum of the codes steps up by one
    exactly at each first occurrence."""
    if len(codes) == 0:
        return np.empty(0, dtype=np.intp)
    highest = np.maximum.accumulate(codes)
    return np.flatnonzero(np.r_[True, highest[1:] != highest[:-1]])


def factorize_runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` of a 1-d object array, hashing one value per run of equal
    neighbours instead of every value (tested): several times faster for a column grouped by
    its values, as ``doc_id`` is in every table of the pipeline, and the same for any order."""
    if len(values) == 0:
        return pd.factorize(values)
    heads = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    codes, uniques = pd.factorize(values[heads])
    return np.repeat(codes, np.diff(np.r_[heads, len(values)])), uniques
