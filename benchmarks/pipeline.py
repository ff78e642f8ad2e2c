"""Throughput of the corpus layer (read, clean, split, tokenize) on copies of the seeds.

Usage: python benchmarks/pipeline.py [N_ARTICLES]   (default 500)

Prints articles per second, tokens per second, wall time and peak memory of one
``build_tables`` call on one core. Figures go to stdout; nothing is asserted.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.pipeline import build_tables

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(n_articles: int) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        for i in range(n_articles):
            shutil.copyfile(seeds[i % len(seeds)], Path(folder) / f"{i:06d}.txt")
        began = time.perf_counter()
        tables = build_tables(folder)
        wall = time.perf_counter() - began
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles:          {len(tables.documents)}")
    print(f"tokens:            {len(tables.tokens)}")
    print(f"wall time:         {wall:.2f} s")
    print(f"articles / second: {len(tables.documents) / wall:.0f}")
    print(f"tokens / second:   {len(tables.tokens) / wall:.0f}")
    print(f"peak memory:       {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
