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
    low, high = percentile_interval(means, level)
    return mean, low, high


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` interval of ``values``: the same floats as ``np.quantile(values,
    [tail, 1 - tail])`` (its default linear interpolation; tested bit for bit), from one
    partition. ``np.quantile`` spends most of its time on checks and set-up, which cost more
    than the sentiment of a whole article when run once per article."""
    tail = (1 - level) / 2
    quantiles = np.array([tail, 1 - tail])
    virtual = (len(values) - 1) * quantiles  # numpy's virtual indexes for the linear method
    below = np.floor(virtual)
    if not (len(values) > 1 and below[0] >= 0 and below[1] + 1 < len(values) and np.isfinite(values).all()):
        low, high = np.quantile(values, quantiles)
        return float(low), float(high)
    first, second = int(below[0]), int(below[1])
    ordered = np.partition(values, [first, first + 1, second, second + 1])
    bounds = []
    for at, gamma in zip((first, second), (virtual - below).tolist(), strict=True):
        a, b = float(ordered[at]), float(ordered[at + 1])
        step = b - a
        bounds.append(b - step * (1 - gamma) if gamma >= 0.5 else a + step * gamma)  # numpy's _lerp
    return bounds[0], bounds[1]


def pooled_sd(a: np.ndarray, b: np.ndarray) -> float:
    """Pooled within-group standard deviation of two samples (NaN when there is no spread, or
    fewer than three values), the denominator of Cohen's d; a sample of one value adds no spread."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) + len(b) < 3:
        return float("nan")
    spread = sum((len(x) - 1) * x.var(ddof=1) for x in (a, b) if len(x) > 1)
    pooled = np.sqrt(spread / (len(a) + len(b) - 2))
    return float(pooled) if pooled > 0 else float("nan")
