"""What every notebook starts with: house style for figures, readable pandas tables, and the
corpus analysed with the notebook's parameters."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.corpus import COLUMN_ROLES, TableColumns
from analysis.dates import parse_period_rule
from analysis.pipeline import Analysis, analyse
from analysis.style import use_house_style


def setup() -> None:
    """Apply the figure house style and the pandas display options every notebook shares."""
    use_house_style()
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.precision", 2)
    pd.set_option("display.width", 120)


def analyse_corpus(
    corpus: str,
    cache: str = "",
    periods: Sequence[str] = (),
    columns: dict[str, str] | None = None,
    workers: int = 1,
    progress: bool = False,
) -> Analysis:
    """``analyse`` called with a notebook's parameters: ``cache`` a folder ("" for none),
    ``periods`` the period rule as the command line's ``--periods`` takes it (``parse_period_rule``:
    none for the corpus's own period column, else the year), ``columns`` the column names of a
    CSV or JSON Lines corpus that differ from ``TableColumns``'s (``{"text": "body"}``).
    ``analysis.notebooks.run_on_corpus`` makes the same call first, on several workers, so that
    the notebooks find the tables in the cache."""
    if unknown := sorted(set(columns or {}) - set(COLUMN_ROLES)):
        raise ValueError(f"columns: no such column role {unknown}; use any of {COLUMN_ROLES}")
    return analyse(
        corpus,
        parse_period_rule(periods),
        columns=TableColumns(**(columns or {})),
        workers=workers,
        progress=progress,
        cache=cache or None,
    )
