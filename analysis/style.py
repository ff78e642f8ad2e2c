"""The house style of every figure, and saving figures under stable names.

Colours are the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"), which stays
distinguishable under the common colour-vision deficiencies; where a figure needs more than its
eight colours, Paul Tol's ten-colour "muted" scheme (also designed for colour-blind readers);
sequential maps use ``cividis``.
PNGs are written without the software-version text chunk, so the same figure gives the same
bytes on every run.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import Image

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
TOL_MUTED = [
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#DDDDDD",
]
SEQUENTIAL = "cividis"
FIGURES_DIR = Path(__file__).resolve().parent.parent / "figures"

_RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9,
    "svg.hashsalt": "analysis",
    "image.cmap": SEQUENTIAL,
}


def use_house_style() -> None:
    """Apply the house style to matplotlib and seaborn (Agg-safe, no display needed)."""
    sns.set_theme(context="notebook", style="whitegrid", palette=OKABE_ITO, rc=_RC)
    matplotlib.rcParams.update(_RC)


def categorical_palette(n: int) -> list[str]:
    """``n`` distinct colour-blind-safe colours: Okabe-Ito up to 8, Tol's muted scheme up to 10."""
    if n <= len(OKABE_ITO):
        return OKABE_ITO[:n]
    if n <= len(TOL_MUTED):
        return TOL_MUTED[:n]
    raise ValueError(f"{n} categories cannot be told apart by colour; group them into 10 or fewer")


def group_colours(labels: pd.Series | list[str]) -> dict[str, str]:
    """Map each distinct label (sorted) to a colour of ``categorical_palette``, the same on
    every figure that shows the same labels."""
    distinct = sorted(set(labels))
    return dict(zip(distinct, categorical_palette(len(distinct)), strict=True))


def save_figure(fig: plt.Figure, notebook: str, name: str, out_dir: str | Path = FIGURES_DIR) -> Image:
    """Save ``fig`` as ``<out_dir>/<notebook>__<name>.png``, close it and return it for display.

    ``notebook`` is the notebook's file stem (``01_corpus_overview``) and ``name`` a short
    slug (``article_lengths``), so every figure file says where it comes from.
    """
    for part, value in (("notebook", notebook), ("name", name)):
        if not re.fullmatch(r"[0-9a-z_]+", value):
            raise ValueError(f"{part}={value!r}: use lower-case letters, digits and '_' only")
    path = Path(out_dir) / f"{notebook}__{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata={"Software": None})
    plt.close(fig)
    return Image(filename=str(path))
