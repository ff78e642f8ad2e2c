"""Instructions per article of each per-article step, counted by valgrind.

Usage: python benchmarks/instructions.py [N_ARTICLES]   (default 100; needs valgrind)

Time on this shared 2-core machine swings by a fifth between two runs of the same code, so a
change worth a few percent cannot be seen in timings (the README's "Speed, measured" says how
much they swing). Valgrind's callgrind counts the instructions the interpreter executes
instead: with a fixed hash seed, the same code on the same articles gives the same count, so
one run before and one after a change show what it saved, step by step.

Counting runs about fifty times slower than Python alone, so it runs on N articles of the
benchmark corpus (``pipeline.build_corpus``). Each count is one process that loads every
lexicon, then runs the steps of ``analysis.pipeline.article_tables`` up to one of them; a
step's count is the difference to the process that stops before it. Two processes run at a
time. Prints millions of instructions per article for each step and in all; nothing is
asserted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice, pairwise
from pathlib import Path

import pandas as pd
from pipeline import build_corpus

from analysis.actors import find_mentions
from analysis.cleaning import segment
from analysis.corpus import read_corpus
from analysis.escalation import score_escalation
from analysis.pipeline import article_tables, collector_paused
from analysis.sentiment import score_sentences
from analysis.sentiment_stats import sentiment_summary
from analysis.speakers import attribute_speakers
from analysis.tokenization import split_sentences, tokenize

STEPS = ["segments", "sentences", "tokens", "mentions", "speakers", "sentiment", "escalation", "summaries"]
"""The per-article steps, in ``article_tables``'s order (``_article_steps``)."""
WARM_UP = 3
"""Articles (after the N counted) run through every step first, so that loading the lexicons
and compiling their patterns is in every count and drops out of the differences."""


def _article_steps(docs: pd.DataFrame) -> Iterator[None]:
    """The steps of ``STEPS`` on ``docs``, each on the tables of the ones before, pausing after each."""
    segments = segment(docs)
    yield
    sentences = split_sentences(docs, segments)
    yield
    tokenize(docs, sentences)
    yield
    mentions = find_mentions(docs, sentences)
    yield
    speakers, _ = attribute_speakers(docs, segments, sentences, mentions)
    yield
    scored, _ = score_sentences(speakers, mentions)
    yield
    score_escalation(scored)
    yield
    sentiment_summary(scored, docs, by="doc_id")
    yield


def _run_steps(corpus: str, n_articles: int, upto: int) -> None:
    """Load every lexicon, then run the first ``upto`` steps on the first ``n_articles``."""
    documents = read_corpus(corpus).documents
    article_tables(documents.iloc[n_articles : n_articles + WARM_UP])
    with collector_paused():  # as article_tables runs them
        for _ in islice(_article_steps(documents.iloc[:n_articles]), upto):
            pass


def _count(corpus: Path, n_articles: int, upto: int) -> int:
    """Instructions of a process that runs the first ``upto`` steps (``_run_steps``)."""
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, __file__, "--steps", str(corpus), str(n_articles), str(upto),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    log = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", log)[1])


def main(n_articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        build_corpus(corpus, n_articles + WARM_UP)
        with ThreadPoolExecutor(2) as pool:
            counts = list(pool.map(lambda upto: _count(corpus, n_articles, upto), range(len(STEPS) + 1)))
    print(f"{n_articles} articles of the benchmark corpus, instructions per article (callgrind)")
    for name, (before, after) in zip(STEPS, pairwise(counts), strict=True):
        print(f"{name:18} {(after - before) / n_articles / 1e6:7.2f} million")
    print(f"{'all steps':18} {(counts[-1] - counts[0]) / n_articles / 1e6:7.2f} million")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--steps"]:
        _run_steps(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
