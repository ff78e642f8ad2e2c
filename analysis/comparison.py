"""Comparing two groups of articles (two periods) with the uncertainty a small corpus carries.

Sentences of one article are not independent draws, so intervals come from a hierarchical
bootstrap: each resample draws the articles of each group with replacement, then the sentences
of every drawn article with replacement. The permutation test reassigns whole articles to the
groups (exactly, over every assignment, when there are few enough; otherwise at random with a
fixed seed): with three articles against two there are only ten assignments, so no p-value can
fall below 0.1, and the test says so by construction. Leave-one-article-out differences show
how much a conclusion rests on a single article.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.uncertainty import SEED

Statistic = Callable[[np.ndarray], float]
"""A statistic of a set of sentence rows, given as an array of row positions."""

SUMMARY_COLUMNS = [
    "measure",
    "period_a",
    "value_a",
    "period_b",
    "value_b",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "n_permutations",
    "effect_size",
    "loao_min",
    "loao_max",
    "sign_stable",
]
"""Columns of a period summary: each measure in both groups, the difference (b minus a) with its
95% hierarchical-bootstrap interval, the permutation p-value over articles and the number of
assignments it rests on, Cohen's d for sentence-level means (NaN for ratios), the smallest and
largest difference when any one article is left out, and whether all of those share the sign of
the difference."""


@dataclass(frozen=True)
class Design:
    """Which sentence rows belong to which article and which group."""

    doc_rows: dict[str, np.ndarray]
    doc_group: dict[str, str]
    first: str
    second: str

    @classmethod
    def from_tables(
        cls, sentences: pd.DataFrame, documents: pd.DataFrame, first: str, second: str, by: str = "period"
    ) -> Design:
        """Build the design from sentences (``doc_id``) and documents (``doc_id``, ``by``)."""
        groups = dict(zip(documents["doc_id"], documents[by], strict=True))
        rows = sentences.reset_index(drop=True).groupby("doc_id", sort=True).indices
        for group in (first, second):
            if not any(groups.get(d) == group for d in rows):
                raise ValueError(f"no sentence in group {group!r}; groups: {sorted(set(groups.values()))}")
        return cls({d: np.asarray(r) for d, r in rows.items()}, {d: groups[d] for d in rows}, first, second)

    def docs(self, group: str) -> list[str]:
        return [d for d, g in self.doc_group.items() if g == group]

    def rows(self, docs: list[str]) -> np.ndarray:
        return np.concatenate([self.doc_rows[d] for d in docs]) if docs else np.array([], dtype=int)


def difference(design: Design, statistic: Statistic, exclude: str | None = None) -> float:
    """``statistic`` of the second group minus that of the first (optionally without one article)."""
    a = [d for d in design.docs(design.first) if d != exclude]
    b = [d for d in design.docs(design.second) if d != exclude]
    return statistic(design.rows(b)) - statistic(design.rows(a))


def hierarchical_bootstrap(
    design: Design, statistic: Statistic, n_resamples: int = 2000, seed: int = SEED
) -> tuple[float, float]:
    """95% percentile interval of the difference, resampling articles, then their sentences."""
    rng = np.random.default_rng(seed)
    first, second = design.docs(design.first), design.docs(design.second)

    def draw(docs: list[str]) -> np.ndarray:
        chosen = rng.choice(len(docs), size=len(docs), replace=True)
        parts = [
            rng.choice(design.doc_rows[docs[i]], size=len(design.doc_rows[docs[i]]), replace=True)
            for i in chosen
        ]
        return np.concatenate(parts)

    diffs = np.array([statistic(draw(second)) - statistic(draw(first)) for _ in range(n_resamples)])
    low, high = np.nanquantile(diffs, [0.025, 0.975])
    return float(low), float(high)


def permutation_test(
    design: Design, statistic: Statistic, max_exact: int = 5000, n_random: int = 5000, seed: int = SEED
) -> tuple[float, int]:
    """Two-sided p-value of the difference under reassignments of whole articles, and the number
    of assignments used (exact when there are at most ``max_exact``)."""
    docs = design.docs(design.first) + design.docs(design.second)
    k = len(design.docs(design.first))
    observed = abs(difference(design, statistic))
    n_exact = math.comb(len(docs), k)
    if n_exact <= max_exact:
        assignments = [list(c) for c in itertools.combinations(range(len(docs)), k)]
    else:
        rng = np.random.default_rng(seed)
        assignments = [list(rng.choice(len(docs), size=k, replace=False)) for _ in range(n_random)]
    extreme = 0
    for chosen in assignments:
        a = [docs[i] for i in chosen]
        b = [d for i, d in enumerate(docs) if i not in set(chosen)]
        value = abs(statistic(design.rows(b)) - statistic(design.rows(a)))
        extreme += value >= observed - 1e-12
    return extreme / len(assignments), len(assignments)


def cohens_d(values: np.ndarray, design: Design) -> float:
    """Cohen's d of a sentence-level variable: difference in means over the pooled SD."""
    a, b = values[design.rows(design.docs(design.first))], values[design.rows(design.docs(design.second))]
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    return float((b.mean() - a.mean()) / pooled) if pooled > 0 else float("nan")


def mean_of(values: np.ndarray) -> Statistic:
    """Statistic: the mean of a sentence-level column."""
    return lambda rows: float(values[rows].mean()) if len(rows) else float("nan")


def rate_of(counts: np.ndarray, words: np.ndarray, per: float = 1000.0) -> Statistic:
    """Statistic: occurrences per ``per`` words over the rows."""
    return lambda rows: (
        float(per * counts[rows].sum() / words[rows].sum()) if words[rows].sum() else float("nan")
    )


def compare(design: Design, measures: dict[str, tuple[Statistic, np.ndarray | None]]) -> pd.DataFrame:
    """The period summary (``SUMMARY_COLUMNS``) of named measures; each is a statistic and, for
    sentence-level means, the values behind it (for Cohen's d), else None."""
    rows = []
    docs = design.docs(design.first) + design.docs(design.second)
    for name, (statistic, values) in measures.items():
        value_a = statistic(design.rows(design.docs(design.first)))
        value_b = statistic(design.rows(design.docs(design.second)))
        diff = value_b - value_a
        low, high = hierarchical_bootstrap(design, statistic)
        p_value, n_permutations = permutation_test(design, statistic)
        loao = [
            difference(design, statistic, exclude=d)
            for d in docs
            if len(design.docs(design.doc_group[d])) > 1
        ]
        rows.append(
            (
                name,
                design.first,
                value_a,
                design.second,
                value_b,
                diff,
                low,
                high,
                p_value,
                n_permutations,
                cohens_d(values, design) if values is not None else float("nan"),
                min(loao) if loao else float("nan"),
                max(loao) if loao else float("nan"),
                bool(loao) and all(np.sign(x) == np.sign(diff) for x in loao),
            )
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def leave_one_out(design: Design, statistic: Statistic) -> pd.DataFrame:
    """The difference with each article left out in turn: ``doc_id, period, difference``."""
    docs = [
        d
        for d in design.docs(design.first) + design.docs(design.second)
        if len(design.docs(design.doc_group[d])) > 1
    ]
    return pd.DataFrame(
        {
            "doc_id": docs,
            "period": [design.doc_group[d] for d in docs],
            "difference": [difference(design, statistic, exclude=d) for d in docs],
        }
    )
