"""Full-export throughput on a corpus built from the seed sentences.

Usage: python benchmarks/pipeline.py [N_ARTICLES]   (default 1000)

Builds N articles reproducibly (fixed seed) from the seed articles' sentences, with the seeds'
own spread of lengths, a headline, a date header in one of two years and paragraphs of one to
three sentences, then prints for one process: wall time of the corpus layer, the actor layer,
sentiment, escalation and the whole export (every CSV), articles and tokens per second and peak
memory; the whole export again on two workers; and, for the same sentences, the
straightforward way (one NLTK call per sentence in a Python loop over a DataFrame). Figures go
to stdout; nothing is asserted.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from nltk.tokenize import TreebankWordTokenizer

from analysis.export import export_tables
from analysis.pipeline import (
    build_actor_tables,
    build_escalation_tables,
    build_sentiment_tables,
    build_tables,
)
from analysis.sentiment import vader

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build_corpus(folder: Path, n_articles: int, seed: int = 7) -> None:
    """Write ``n_articles`` .txt articles made of seed sentences into ``folder``."""
    tables = build_tables(SEEDS)
    sentences = list(tables.sentences.loc[tables.sentences["kind"] == "body", "text"])
    lengths = list(tables.documents["n_sentences"])
    rng = random.Random(seed)
    for i in range(n_articles):
        k = max(3, rng.choice(lengths) + rng.randint(-3, 3))
        body = rng.sample(sentences, min(k, len(sentences)))
        paragraphs, j = [], 0
        while j < len(body):
            step = rng.randint(1, 3)
            paragraphs.append(" ".join(body[j : j + step]))
            j += step
        year = 2020 if i % 2 == 0 else 2024
        date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        (folder / f"{i:06d}.txt").write_text(
            f" date {date} Article {i}: {body[0][:60]}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )


def main(n_articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, n_articles)
        began = time.perf_counter()
        tables = build_tables(corpus)
        corpus_done = time.perf_counter()
        actors = build_actor_tables(tables)
        actors_done = time.perf_counter()
        sentiment = build_sentiment_tables(tables, actors)
        sentiment_done = time.perf_counter()
        build_escalation_tables(sentiment.sentences)
        escalation_done = time.perf_counter()
        export_began = time.perf_counter()
        export_tables(tables, Path(tmp) / "out", actors)
        export_done = time.perf_counter()
        two_began = time.perf_counter()
        two = build_tables(corpus, workers=2)
        export_tables(two, Path(tmp) / "out2", workers=2)
        two_workers = time.perf_counter() - two_began
        naive_began = time.perf_counter()
        treebank, analyser = TreebankWordTokenizer(), vader()
        frame = tables.sentences[["text"]].copy()
        frame["tokens"] = frame["text"].apply(treebank.tokenize)
        frame["compound"] = frame["text"].apply(lambda text: analyser.polarity_scores(text)["compound"])
        naive = time.perf_counter() - naive_began
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("articles", f"{len(tables.documents)}"),
        ("sentences", f"{len(tables.sentences)}"),
        ("tokens", f"{len(tables.tokens)}"),
        ("corpus layer", f"{corpus_done - began:.2f} s"),
        ("actor layer", f"{actors_done - corpus_done:.2f} s"),
        ("sentiment", f"{sentiment_done - actors_done:.2f} s"),
        ("escalation", f"{escalation_done - sentiment_done:.2f} s"),
        ("full export (corpus layer done)", f"{export_done - export_began:.2f} s"),
        (
            "articles / second, full export",
            f"{len(tables.documents) / (corpus_done - began + export_done - export_began):.0f}",
        ),
        (
            "tokens / second, full export",
            f"{len(tables.tokens) / (corpus_done - began + export_done - export_began):.0f}",
        ),
        (
            "full export, two workers",
            f"{two_workers:.2f} s "
            f"({(corpus_done - began + export_done - export_began) / two_workers:.2f} times one worker)",
        ),
        ("naive: Treebank + polarity_scores per sentence", f"{naive:.2f} s (tokens and VADER only)"),
        ("peak memory", f"{peak_mib:.0f} MiB"),
    ]
    for name, value in rows:
        print(f"{name:48} {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
