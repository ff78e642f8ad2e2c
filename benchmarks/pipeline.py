"""Throughput of the pipeline on copies of the seed articles.

Usage: python benchmarks/pipeline.py [N_ARTICLES]   (default 500)

Prints, for one process on one core: wall time of the corpus layer (read, clean, split,
tokenize), of the actor layer (mentions, speakers, counts, audit) and of writing every CSV,
articles and tokens per second, and peak memory. Figures go to stdout; nothing is asserted.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from analysis.export import export_tables
from analysis.pipeline import build_actor_tables, build_tables

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(n_articles: int) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        corpus.mkdir()
        for i in range(n_articles):
            shutil.copyfile(seeds[i % len(seeds)], corpus / f"{i:06d}.txt")
        began = time.perf_counter()
        tables = build_tables(corpus)
        corpus_done = time.perf_counter()
        actors = build_actor_tables(tables)
        actors_done = time.perf_counter()
        export_tables(tables, Path(folder) / "out", actors)
        export_done = time.perf_counter()
    total = export_done - began
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles:             {len(tables.documents)}")
    print(f"tokens:               {len(tables.tokens)}")
    print(f"corpus layer:         {corpus_done - began:.2f} s")
    print(f"actor layer:          {actors_done - corpus_done:.2f} s")
    print(f"writing the CSVs:     {export_done - actors_done:.2f} s")
    print(f"articles / second:    {len(tables.documents) / total:.0f}")
    print(f"tokens / second:      {len(tables.tokens) / total:.0f}")
    print(f"peak memory:          {peak_mib:.0f} MiB")
    print(f"total wall time:      {total:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
