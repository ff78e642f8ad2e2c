"""Reviewed data files shipped in ``analysis/data/`` and their loaders.

Every file is a CSV with one entry per row and a column that records the entry's source or
rationale; ``analysis/data/README.md`` describes each file.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).parent / "data"


def read_lexicon(name: str) -> pd.DataFrame:
    """Read ``analysis/data/<name>.csv`` as strings, blank cells as empty strings."""
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@cache
def abbreviations() -> tuple[str, ...]:
    """Lower-case abbreviations without their final period (``u.s``, ``mr``, ``gen``)."""
    return tuple(read_lexicon("abbreviations")["abbreviation"])


@cache
def stopwords() -> frozenset[str]:
    """Lower-case stop words (NLTK's English list plus tokenizer clitics)."""
    return frozenset(read_lexicon("stopwords")["word"])


@cache
def furniture_rules() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """Page-furniture rules as ``(compiled pattern, scope, reason)``.

    ``scope`` is ``line`` (the pattern must match a whole line), ``span`` (every match
    inside a line) or ``rest`` (a matching line and everything after it).
    """
    rules = []
    with open(DATA_DIR / "furniture.csv", newline="", encoding="utf-8") as handle:
        for line_no, row in enumerate(csv.DictReader(handle), start=2):
            if row["scope"] not in {"line", "span", "rest"}:
                raise ValueError(
                    f"{DATA_DIR / 'furniture.csv'}:{line_no}: scope {row['scope']!r} "
                    "must be line, span or rest"
                )
            rules.append((re.compile(row["pattern"], re.IGNORECASE), row["scope"], row["reason"]))
    return tuple(rules)
