"""Comparing two groups of articles (two periods) with the uncertainty a small corpus carries.

Sentences of one article are not independent draws, so intervals resample articles. With few
articles in a group (fewer than ``MANY_ARTICLES``) an article-only resample has too few
distinct outcomes, so the bootstrap is hierarchical: each resample draws the articles of each
group with replacement, then the sentences of every drawn article with replacement. With many
articles in both groups it draws articles only (the cluster bootstrap): the article-level draw
already carries the within-article variation, which the second stage would count again (Field
and Welsh 2007, "Bootstrapping clustered data"), and it costs one sum per article instead of
one per sentence. ``resampling`` in the summary says which was used.

The permutation test reassigns whole articles to the groups (exactly, over every assignment,
when there are few enough; otherwise at random with a fixed seed): with three articles against
two there are only ten assignments, so no p-value can fall below 0.1, and the test says so by
construction. Leave-one-article-out differences show
how much a conclusion rests on a single article.
"""

from __future__ import annotations

import itertools
import math
import warnings
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
    "resampling",
]
MANY_ARTICLES = 30
"""From this many articles in each group on, the bootstrap resamples articles only."""
"""Columns of a period summary: each measure in both groups, the difference (b minus a) with its
95% hierarchical-bootstrap interval, the permutation p-value over articles and the number of
assignments it rests on, Cohen's d for sentence-level means (NaN for ratios), the smallest and
largest difference when any one article is left out, whether all of those share the sign of
the difference, and how the interval resampled (``articles, then sentences`` or ``articles``)."""


@dataclass(frozen=True)
class Design:
    """Which sentence rows belong to which article and which group: ``order`` lists the rows
    article by article (articles sorted by ``doc_id``), article ``i`` owning
    ``order[bounds[i]:bounds[i + 1]]``."""

    doc_ids: list[str]
    groups: np.ndarray
    order: np.ndarray
    bounds: np.ndarray
    first: str
    second: str

    @classmethod
    def from_tables(
        cls, sentences: pd.DataFrame, documents: pd.DataFrame, first: str, second: str, by: str = "period"
    ) -> Design:
        """Build the design from sentences (``doc_id``) and documents (``doc_id``, ``by``)."""
        group_of = doc_groups(documents, by).to_dict()
        rows = sentences.reset_index(drop=True).groupby("doc_id", sort=True).indices
        doc_ids = list(rows)
        groups = np.array([group_of.get(d) for d in doc_ids], dtype=object)
        for group in (first, second):
            if not (groups == group).any():
                raise ValueError(f"no sentence in group {group!r}; groups: {sorted(set(group_of.values()))}")
        sizes = np.array([len(r) for r in rows.values()], dtype=np.int64)
        order = np.concatenate(list(rows.values())).astype(np.int64)
        return cls(doc_ids, groups, order, np.concatenate([[0], np.cumsum(sizes)]), first, second)

    def docs(self, group: str) -> list[str]:
        """The articles of ``group``."""
        return [d for d, g in zip(self.doc_ids, self.groups, strict=True) if g == group]

    def rows(self, docs: list[str]) -> np.ndarray:
        """The sentence rows of ``docs``."""
        position = {d: i for i, d in enumerate(self.doc_ids)}
        parts = [self.order[self.bounds[position[d]] : self.bounds[position[d] + 1]] for d in docs]
        return np.concatenate(parts) if parts else np.array([], dtype=np.int64)

    def doc_sums(self, values: np.ndarray) -> np.ndarray:
        """Per-article sums of a row variable (rows in the last axis), articles in order."""
        return np.add.reduceat(values[..., self.order], self.bounds[:-1], axis=-1)


def _stack(statistics: list[Statistic]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tops = np.stack([s.numerator for s in statistics])
    bottoms = np.stack([s.denominator for s in statistics])
    return tops, bottoms, np.array([s.scale for s in statistics])


def _article_sums(design: Design, statistics: list[Statistic]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-article numerator and denominator sums (articles by statistics) and the scales."""
    tops, bottoms, scale = _stack(statistics)
    return design.doc_sums(tops).T, design.doc_sums(bottoms).T, scale


def _ratio(scale: np.ndarray, top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom != 0, scale * top / np.where(bottom != 0, bottom, 1), np.nan)


def difference(design: Design, statistic: Statistic, exclude: str | None = None) -> float:
    """``statistic`` of the second group minus that of the first (optionally without one article)."""
    a = [d for d in design.docs(design.first) if d != exclude]
    b = [d for d in design.docs(design.second) if d != exclude]
    return statistic(design.rows(b)) - statistic(design.rows(a))


def _bootstrap(design: Design, statistics: list[Statistic], n_resamples: int, seed: int) -> np.ndarray:
    """Differences (second minus first) of every statistic in ``n_resamples`` hierarchical
    resamples, one row per resample; all statistics share the same draws."""
    rng = np.random.default_rng(seed)
    tops, bottoms, scale = _stack(statistics)
    sizes = np.diff(design.bounds)

    def layout(group: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        members = np.flatnonzero(design.groups == group)
        group_sizes = sizes[members]
        starts = np.concatenate([[0], np.cumsum(group_sizes)[:-1]]).astype(np.int64)
        rows = np.concatenate([design.order[design.bounds[i] : design.bounds[i + 1]] for i in members])
        return rows, starts, group_sizes

    def draw(rows: np.ndarray, starts: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
        chosen = rng.integers(0, len(group_sizes), size=len(group_sizes))
        lengths = group_sizes[chosen]
        within = (rng.random(int(lengths.sum())) * np.repeat(lengths, lengths)).astype(np.int64)
        picked = rows[np.repeat(starts[chosen], lengths) + within]
        return _ratio(scale, tops[:, picked].sum(axis=1), bottoms[:, picked].sum(axis=1))

    first, second = layout(design.first), layout(design.second)
    diffs = np.empty((n_resamples, len(statistics)))
    for i in range(n_resamples):
        a = draw(*first)
        diffs[i] = draw(*second) - a
    return diffs


def _cluster_bootstrap(
    design: Design, statistics: list[Statistic], n_resamples: int, seed: int
) -> np.ndarray:
    """As ``_bootstrap``, drawing whole articles only: each statistic of a resample is its
    per-article sums weighted by how often each article was drawn."""
    rng = np.random.default_rng(seed)
    doc_tops, doc_bottoms, scale = _article_sums(design, statistics)
    values = []
    for group in (design.first, design.second):
        members = np.flatnonzero(design.groups == group)
        counts = np.zeros((n_resamples, len(members)))
        for i in range(n_resamples):
            counts[i] = np.bincount(rng.integers(0, len(members), size=len(members)), minlength=len(members))
        values.append(_ratio(scale, counts @ doc_tops[members], counts @ doc_bottoms[members]))
    return values[1] - values[0]


def resampling(design: Design) -> str:
    """How the bootstrap of ``design`` resamples: ``articles`` when both groups have at least
    ``MANY_ARTICLES`` articles, else ``articles, then sentences``."""
    smaller = min(int((design.groups == g).sum()) for g in (design.first, design.second))
    return "articles" if smaller >= MANY_ARTICLES else "articles, then sentences"


def hierarchical_bootstrap(
    design: Design, statistic: Statistic, n_resamples: int = 2000, seed: int = SEED
) -> tuple[float, float]:
    """95% percentile interval of the difference, resampling articles, then their sentences."""
    low, high = interval(_bootstrap(design, [statistic], n_resamples, seed)[:, 0])
    return float(low), float(high)


def _assignments(design: Design, max_exact: int, n_random: int, seed: int) -> np.ndarray:
    """Boolean rows: which articles (first group's and second's, in that order) each
    reassignment puts in the first group; every assignment when there are at most
    ``max_exact``, else ``n_random`` drawn with a fixed seed."""
    k = int((design.groups == design.first).sum())
    n = k + int((design.groups == design.second).sum())
    if math.comb(n, k) <= max_exact:
        masks = np.zeros((math.comb(n, k), n), dtype=bool)
        for i, chosen in enumerate(itertools.combinations(range(n), k)):
            masks[i, list(chosen)] = True
        return masks
    rng = np.random.default_rng(seed)
    masks = np.zeros((n_random, n), dtype=bool)
    for i in range(n_random):
        masks[i, rng.choice(n, size=k, replace=False)] = True
    return masks


MASK_BLOCK = 256
"""Reassignments multiplied out at once in the permutation test."""


def _permutations(
    design: Design, statistics: list[Statistic], max_exact: int, n_random: int, seed: int
) -> tuple[np.ndarray, int]:
    """Permutation p-values of every statistic over the same reassignments, and their number."""
    doc_tops, doc_bottoms, scale = _article_sums(design, statistics)
    members = np.concatenate([np.flatnonzero(design.groups == g) for g in (design.first, design.second)])
    doc_tops, doc_bottoms = doc_tops[members], doc_bottoms[members]
    masks = _assignments(design, max_exact, n_random, seed)
    k = int((design.groups == design.first).sum())
    observed = _ratio(scale, doc_tops[k:].sum(axis=0), doc_bottoms[k:].sum(axis=0)) - _ratio(
        scale, doc_tops[:k].sum(axis=0), doc_bottoms[:k].sum(axis=0)
    )
    extreme = np.zeros(len(statistics))
    for block in range(0, len(masks), MASK_BLOCK):  # a block at a time: a mask as floats is 8x larger
        chosen = masks[block : block + MASK_BLOCK]
        a = _ratio(scale, chosen @ doc_tops, chosen @ doc_bottoms)
        b = _ratio(scale, (~chosen) @ doc_tops, (~chosen) @ doc_bottoms)
        extreme += (np.abs(b - a) >= np.abs(observed) - 1e-12).sum(axis=0)
    return extreme / len(masks), len(masks)


def permutation_test(
    design: Design, statistic: Statistic, max_exact: int = 5000, n_random: int = 5000, seed: int = SEED
) -> tuple[float, int]:
    """Two-sided p-value of the difference under reassignments of whole articles, and the number
    of assignments used (exact when there are at most ``max_exact``)."""
    p_values, n = _permutations(design, [statistic], max_exact, n_random, seed)
    return float(p_values[0]), n


def interval(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 95% percentile interval of each column of bootstrap ``draws`` (resamples x measures),
    leaving out resamples where a measure is undefined (NaN); NaN where it is undefined in every
    resample (a measure of words no article of a period has), without numpy's warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "All-NaN slice encountered", RuntimeWarning)
        low, high = np.nanquantile(draws, [0.025, 0.975], axis=0)
    return low, high


def cohens_d(values: np.ndarray, design: Design) -> float:
    """Cohen's d of a sentence-level variable: difference in means over the pooled SD."""
    a, b = values[design.rows(design.docs(design.first))], values[design.rows(design.docs(design.second))]
    if not len(a) or not len(b):
        return float("nan")
    return float((b.mean() - a.mean()) / pooled_sd(a, b))


def mean_of(values: np.ndarray) -> Statistic:
    """Statistic: the mean of a sentence-level column."""
    values = np.asarray(values, dtype=float)
    return Statistic(values, np.ones_like(values))


def rate_of(counts: np.ndarray, words: np.ndarray, per: float = 1000.0) -> Statistic:
    """Statistic: occurrences per ``per`` words over the rows."""
    return Statistic(np.asarray(counts, dtype=float), np.asarray(words, dtype=float), per)


def _leave_one_out(design: Design, statistics: list[Statistic]) -> tuple[list[int], np.ndarray]:
    """Articles that can be left out (their group keeps another) and, one row each, every
    statistic's difference without them, from per-article sums."""
    doc_tops, doc_bottoms, scale = _article_sums(design, statistics)
    in_first, in_second = design.groups == design.first, design.groups == design.second
    total = {
        g: (doc_tops[mask].sum(axis=0), doc_bottoms[mask].sum(axis=0))
        for g, mask in ((design.first, in_first), (design.second, in_second))
    }
    value = {g: _ratio(scale, *sums) for g, sums in total.items()}
    positions, rows = [], []
    for group, mask in ((design.first, in_first), (design.second, in_second)):
        members = np.flatnonzero(mask)
        if len(members) < 2:
            continue
        without = _ratio(scale, total[group][0] - doc_tops[members], total[group][1] - doc_bottoms[members])
        other = value[design.second if group == design.first else design.first]
        rows.append(without - other if group == design.second else other - without)
        positions.extend(members.tolist())
    return positions, np.concatenate(rows) if rows else np.empty((0, len(statistics)))


def compare(
    design: Design,
    measures: dict[str, tuple[Statistic, np.ndarray | None]],
    n_resamples: int = 2000,
    seed: int = SEED,
) -> pd.DataFrame:
    """The period summary (``SUMMARY_COLUMNS``) of named measures; each is a statistic and, for
    sentence-level means, the values behind it (for Cohen's d), else None. All measures share
    the same bootstrap resamples (``resampling`` says which kind) and article reassignments."""
    statistics = [statistic for statistic, _ in measures.values()]
    if not statistics:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    first, second = design.rows(design.docs(design.first)), design.rows(design.docs(design.second))
    method = resampling(design)
    draw = _cluster_bootstrap if method == "articles" else _bootstrap
    low, high = interval(draw(design, statistics, n_resamples, seed))
    p_values, n_permutations = _permutations(design, statistics, 5000, 5000, seed)
    _, loao = _leave_one_out(design, statistics)
    rows = []
    for j, (name, (statistic, values)) in enumerate(measures.items()):
        value_a, value_b = statistic(first), statistic(second)
        diff = value_b - value_a
        column = loao[:, j]
        rows.append(
            (
                name,
                design.first,
                value_a,
                design.second,
                value_b,
                diff,
                float(low[j]),
                float(high[j]),
                float(p_values[j]),
                n_permutations,
                cohens_d(values, design) if values is not None else float("nan"),
                float(column.min()) if len(column) else float("nan"),
                float(column.max()) if len(column) else float("nan"),
                bool(len(column)) and bool(np.all(np.sign(column) == np.sign(diff))),
                method,
            )
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def leave_one_out(design: Design, statistic: Statistic) -> pd.DataFrame:
    """The difference with each article left out in turn: ``doc_id, period, difference``."""
    positions, loao = _leave_one_out(design, [statistic])
    return pd.DataFrame(
        {
            "doc_id": [design.doc_ids[i] for i in positions],
            "period": [design.groups[i] for i in positions],
            "difference": loao[:, 0],
        }
    )
