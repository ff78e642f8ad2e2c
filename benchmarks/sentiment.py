"""Sentence-scoring speed of VADER (through NLTK) on one core.

Usage: python benchmarks/sentiment.py [REPEATS]   (default 50)

Scores the seed sentences REPEATS times and prints sentences per second (median of three runs) for VADER alone
(``Vader.explain``, which also yields each word's valence), for NLTK's own
``polarity_scores`` on the same analyser, and for the full ``score_sentences`` (VADER and
AFINN, raw and with actor names masked). Target for VADER: at least 5,000 sentences a second.
Figures go to stdout; nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.pipeline import build_actor_tables, build_tables
from analysis.sentiment import score_sentences, vader

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _rate(work: Callable[[], object], n_sentences: int, runs: int = 3) -> float:
    """Median rate over ``runs`` runs: the machine is shared, single runs are noisy."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return n_sentences / statistics.median(times)


def main(repeats: int) -> None:
    tables = build_tables(SEEDS)
    actors = build_actor_tables(tables)
    texts = list(actors.sentences["text"]) * repeats
    sentences = pd.concat([actors.sentences] * repeats, ignore_index=True)
    mentions = pd.concat([actors.mentions] * repeats, ignore_index=True)
    analyser = vader()
    work = {
        "VADER explain (scores + word valences)": lambda: [analyser.explain(t) for t in texts],
        "NLTK polarity_scores (same analyser)": lambda: [analyser.polarity_scores(t) for t in texts],
        "score_sentences (VADER + AFINN, masked)": lambda: score_sentences(sentences, mentions),
    }
    print(f"{'sentences scored':42} {len(texts)}")
    for name, run in work.items():
        print(f"{name:42} {_rate(run, len(texts)):,.0f} per second")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
