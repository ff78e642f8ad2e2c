"""Which words account for a difference in average sentiment between two groups of texts.

A word shift in the manner of Gallagher et al. (2021, "Generalized word shift graphs"): with a
fixed lexicon, the average valence of a text is ``Phi = sum_w p_w h_w`` over the lexicon words
it uses (``p_w`` their relative frequency, ``h_w`` their valence; here VADER's lexicon values,
before its rules). The difference between two texts splits exactly into word contributions
``(p_w2 - p_w1) (h_w - Phi_ref)``, with ``Phi_ref`` the first text's average, so a word pulls
the second text up when it is more frequent there and above the reference, or less frequent
and below it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.corpus import doc_groups
from analysis.sentiment import vader
from analysis.tokenization import tokens_in_spans

SHIFT_COLUMNS = ["term", "valence", "p_first", "p_second", "p_change", "contribution", "kind"]
"""Columns of a word shift: ``valence`` from the lexicon, relative frequencies among scored
words in each group, the contribution to the difference in average valence and its ``kind``:
``+ more`` (positive relative to the reference, used more), ``+ less``, ``- more``, ``- less``."""


def word_shift(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    first: str,
    second: str,
    by: str = "period",
    mentions: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Word shift from group ``first`` to ``second`` of ``by``; with ``mentions``, words inside
    actor names ("United" in "United States") are left out.

    Returns ``(SHIFT_COLUMNS table sorted by absolute contribution, {"first": Phi1, "second":
    Phi2, "difference": Phi2 - Phi1})``; the contributions sum to the difference. A group
    without a word of the lexicon has no average valence: the table is empty, the totals NaN.
    """
    lexicon = vader().lexicon
    of_document = doc_groups(documents, by)
    known = set(of_document)
    for group in (first, second):
        if group not in known:
            raise ValueError(f"no group {group!r} of {by!r}; groups: {sorted(known)}")
    if mentions is not None:
        tokens = tokens[~tokens_in_spans(tokens, mentions)]
    groups = tokens["doc_id"].map(of_document)
    scored = tokens.assign(group=groups)[tokens["lower"].isin(lexicon.keys())]
    frequencies = scored.groupby(["group", "lower"]).size().unstack(fill_value=0)
    if first not in frequencies.index or second not in frequencies.index:
        nan = float("nan")
        return pd.DataFrame(columns=SHIFT_COLUMNS), {"first": nan, "second": nan, "difference": nan}
    p1 = frequencies.loc[first] / frequencies.loc[first].sum()
    p2 = frequencies.loc[second] / frequencies.loc[second].sum()
    valence = pd.Series([lexicon[w] for w in frequencies.columns], index=frequencies.columns)
    phi1, phi2 = float((p1 * valence).sum()), float((p2 * valence).sum())
    change = p2 - p1
    relative = valence - phi1
    contribution = change * relative
    kind = np.where(relative > 0, "+", "-") + np.where(change > 0, " more", " less")
    table = pd.DataFrame(
        {
            "term": frequencies.columns,
            "valence": valence.to_numpy(),
            "p_first": p1.to_numpy(),
            "p_second": p2.to_numpy(),
            "p_change": change.to_numpy(),
            "contribution": contribution.to_numpy(),
            "kind": kind,
        }
    )
    table = table[table["p_change"] != 0]
    table = table.assign(weight=table["contribution"].abs()).sort_values(
        ["weight", "term"], ascending=[False, True]
    )
    totals = {"first": phi1, "second": phi2, "difference": phi2 - phi1}
    return table.drop(columns="weight").reset_index(drop=True), totals
