"""Resampling intervals that are the same on every run (fixed seeds)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import numpy as np

SEED = 20200102
"""Base seed of every resampling in the suite (the date of the first seed article)."""


SMALL_GROUP = 256
"""Groups up to this size reuse their resampling indices: with a fixed seed they depend on the
group's size alone, and an article's sentences are resampled once per article."""


def _draws(rng: np.random.Generator, n: int, n_resamples: int, chunk: int) -> Iterator[np.ndarray]:
    """Resampling indices, ``chunk`` resamples at a time (one ``(size, n)`` array each)."""
    for start in range(0, n_resamples, chunk):
        yield rng.integers(0, n, size=(min(chunk, n_resamples - start), n))


@lru_cache(maxsize=64)
def _small_draws(n: int, n_resamples: int, seed: int, chunk: int) -> np.ndarray:
    draws = np.concatenate(list(_draws(np.random.default_rng(seed), n, n_resamples, chunk)))
    draws.flags.writeable = False
    return draws


def bootstrap_mean(
    values: np.ndarray, n_resamples: int = 2000, level: float = 0.95, seed: int = SEED, chunk: int = 250
) -> tuple[float, float, float]:
    """Mean of ``values`` and its percentile bootstrap interval ``(mean, low, high)``.

    Resamples the values with replacement ``n_resamples`` times (in chunks, so memory stays
    small on large groups). NaN interval for fewer than two values.
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if len(values) < 2:
        return mean, float("nan"), float("nan")
    if len(values) <= SMALL_GROUP:
        means = values[_small_draws(len(values), n_resamples, seed, chunk)].mean(axis=1)
    else:
        rng = np.random.default_rng(seed)
        means = np.concatenate(
            [values[at].mean(axis=1) for at in _draws(rng, len(values), n_resamples, chunk)]
        )
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return mean, float(low), float(high)


def pooled_sd(a: np.ndarray, b: np.ndarray) -> float:
    """Pooled within-group standard deviation of two samples (NaN when there is no spread), the
    denominator of Cohen's d."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    return float(pooled) if pooled > 0 else float("nan")
