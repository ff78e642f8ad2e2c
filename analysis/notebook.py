"""One call that prepares a notebook: house style for figures, readable pandas tables."""

from __future__ import annotations

import pandas as pd

from analysis.style import use_house_style


def setup() -> None:
    """Apply the figure house style and the pandas display options every notebook shares."""
    use_house_style()
    pd.set_option("display.max_rows", 60)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.precision", 2)
    pd.set_option("display.width", 120)
