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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.corpus import doc_groups
from analysis.uncertainty import SEED, pooled_sd


@dataclass(frozen=True)
class Statistic:
    """A statistic of a set of sentence rows that is a ratio of two sums:
    ``scale * sum(numerator[rows]) / sum(denominator[rows])``. A mean has a denominator of
    ones; a rate per 1,000 words has word counts and a scale of 1,000. Ratios of sums let the
    bootstrap and the permutation test work on whole arrays at once."""

    numerator: np.ndarray
    denominator: np.ndarray
    scale: float = 1.0

    def __call__(self, rows: np.ndarray) -> float:
        bottom = self.denominator[rows].sum()
        return float(self.scale * self.numerator[rows].sum() / bottom) if bottom else float("nan")


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
        groups = doc_groups(documents, by).to_dict()
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

    def layout(docs: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sizes = np.array([len(design.doc_rows[d]) for d in docs], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        return design.rows(docs).astype(np.int64), starts, sizes

    def draw(rows_starts_sizes: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[float, float]:
        rows, starts, sizes = rows_starts_sizes
        chosen = rng.integers(0, len(sizes), size=len(sizes))
        lengths = sizes[chosen]
        within = (rng.random(int(lengths.sum())) * np.repeat(lengths, lengths)).astype(np.int64)
        picked = rows[np.repeat(starts[chosen], lengths) + within]
        return statistic.numerator[picked].sum(), statistic.denominator[picked].sum()

    diffs = np.empty(n_resamples)
    first, second = layout(design.docs(design.first)), layout(design.docs(design.second))
    for i in range(n_resamples):
        top_a, bottom_a = draw(first)
        top_b, bottom_b = draw(second)
        a = statistic.scale * top_a / bottom_a if bottom_a else np.nan
        b = statistic.scale * top_b / bottom_b if bottom_b else np.nan
        diffs[i] = b - a
    low, high = np.nanquantile(diffs, [0.025, 0.975])
    return float(low), float(high)


def permutation_test(
    design: Design, statistic: Statistic, max_exact: int = 5000, n_random: int = 5000, seed: int = SEED
) -> tuple[float, int]:
    """Two-sided p-value of the difference under reassignments of whole articles, and the number
    of assignments used (exact when there are at most ``max_exact``)."""
    docs = design.docs(design.first) + design.docs(design.second)
    k = len(design.docs(design.first))
    tops = np.array([statistic.numerator[design.doc_rows[d]].sum() for d in docs])
    bottoms = np.array([statistic.denominator[design.doc_rows[d]].sum() for d in docs])
    if math.comb(len(docs), k) <= max_exact:
        masks = np.zeros((math.comb(len(docs), k), len(docs)), dtype=bool)
        for i, chosen in enumerate(itertools.combinations(range(len(docs)), k)):
            masks[i, list(chosen)] = True
    else:
        rng = np.random.default_rng(seed)
        masks = np.zeros((n_random, len(docs)), dtype=bool)
        for i in range(n_random):
            masks[i, rng.choice(len(docs), size=k, replace=False)] = True
    with np.errstate(divide="ignore", invalid="ignore"):
        a = statistic.scale * (masks @ tops) / (masks @ bottoms)
        b = statistic.scale * ((~masks) @ tops) / ((~masks) @ bottoms)
    observed = abs(difference(design, statistic))
    extreme = np.abs(b - a) >= observed - 1e-12
    return float(extreme.mean()), len(masks)


def cohens_d(values: np.ndarray, design: Design) -> float:
    """Cohen's d of a sentence-level variable: difference in means over the pooled SD."""
    a, b = values[design.rows(design.docs(design.first))], values[design.rows(design.docs(design.second))]
    return float((b.mean() - a.mean()) / pooled_sd(a, b))


def mean_of(values: np.ndarray) -> Statistic:
    """Statistic: the mean of a sentence-level column."""
    values = np.asarray(values, dtype=float)
    return Statistic(values, np.ones_like(values))


def rate_of(counts: np.ndarray, words: np.ndarray, per: float = 1000.0) -> Statistic:
    """Statistic: occurrences per ``per`` words over the rows."""
    return Statistic(np.asarray(counts, dtype=float), np.asarray(words, dtype=float), per)


def compare(design: Design, measures: dict[str, tuple[Statistic, np.ndarray | None]]) -> pd.DataFrame:
    """The period summary (``SUMMARY_COLUMNS``) of named measures; each is a statistic and, for
    sentence-level means, the values behind it (for Cohen's d), else None."""
    rows = []
    for name, (statistic, values) in measures.items():
        value_a = statistic(design.rows(design.docs(design.first)))
        value_b = statistic(design.rows(design.docs(design.second)))
        diff = value_b - value_a
        low, high = hierarchical_bootstrap(design, statistic)
        p_value, n_permutations = permutation_test(design, statistic)
        loao = list(leave_one_out(design, statistic)["difference"])
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
