"""Time and memory of the article similarity of notebook 01 on a corpus with a large vocabulary.

Usage: python benchmarks/similarity.py [N_ARTICLES]   (default 5000)

The seed sentences that ``benchmarks/pipeline.py`` recombines share one small vocabulary; a
real corpus of a few thousand articles has tens of thousands of terms, which is what makes a
documents x terms matrix large. This builds N articles of 400 content tokens drawn from a
Zipf-distributed vocabulary (fixed seed) and prints the number of terms, the wall time of
``cosine_similarity`` and ``most_similar_pairs`` and the peak memory each adds. Nothing is
asserted.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np
import pandas as pd

from analysis.similarity import cosine_similarity, most_similar_pairs

TOKENS_PER_ARTICLE = 400
VOCABULARY = 80_000


def zipf_tokens(n_articles: int, seed: int = 0) -> pd.DataFrame:
    """A tokens table (the columns ``cosine_similarity`` reads) of ``n_articles`` articles whose
    words follow a Zipf law over ``VOCABULARY`` terms."""
    words = np.random.default_rng(seed).zipf(1.3, size=n_articles * TOKENS_PER_ARTICLE) % VOCABULARY
    forms = np.array([f"w{w}" for w in range(VOCABULARY)], dtype=object)[words]
    doc_ids = np.repeat([f"{i:06d}" for i in range(n_articles)], TOKENS_PER_ARTICLE)
    no = np.zeros(len(forms), dtype=bool)
    return pd.DataFrame({"doc_id": doc_ids, "lower": forms, "norm": forms, "is_stop": no, "is_punct": no})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n_articles: int) -> None:
    tokens = zipf_tokens(n_articles)
    print(f"{'articles':28} {n_articles:,}")
    print(f"{'distinct terms':28} {tokens['norm'].nunique():,}")
    before = _peak_mb()
    began = time.perf_counter()
    similarity = cosine_similarity(tokens)
    seconds = time.perf_counter() - began
    print(f"{'cosine_similarity':28} {seconds:.1f} s, peak +{_peak_mb() - before:,.0f} MB")
    before = _peak_mb()
    began = time.perf_counter()
    pairs = most_similar_pairs(similarity)
    print(f"{'most_similar_pairs':28} {time.perf_counter() - began:.1f} s for {len(pairs):,} pairs, ", end="")
    print(f"peak +{_peak_mb() - before:,.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
