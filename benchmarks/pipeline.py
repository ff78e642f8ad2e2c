"""Full-export throughput on a corpus built from the seed sentences.

Usage: python benchmarks/pipeline.py [N_ARTICLES]   (default 1000)

Builds N articles reproducibly (fixed seed) from the seed articles' sentences, with the seeds'
own spread of lengths, a headline, a date header in one of two years and paragraphs of one to
three sentences. Then runs, each in a fresh process so that every figure starts cold:

- the full export (``python -m analysis export``: every table, every CSV) on one worker and on
  two, without a cache, in the order one, two, two, one, so that a machine whose speed drifts
  during the run favours neither (the speed-up is the ratio of the sums);
- the export with a cache, then again on the unchanged corpus (the cached re-run, which finds
  the last export current and rewrites nothing), again with ``export_manifest.json`` deleted
  (every table read back from the cache and every CSV written), then after one article has
  changed;
- ``analyse`` alone on the warm cache: what re-opening a notebook costs;
- the straightforward way for the same sentences: one NLTK call per sentence (Treebank tokens,
  VADER scores) in a Python loop over a DataFrame;
- a pure-Python loop, and the per-article steps on 200 articles (``article_tables``, no
  pipeline around them), each on one process and on two at once: the most a two-worker run can
  gain on this machine at that moment, for a loop that stays in its core's cache and for this
  suite's own work.

For each it prints the wall time of the measured call and of the whole process (interpreter
start and imports included), articles and tokens per second (of the call), peak memory (the
main process and its largest worker) and, on Linux, the share of the machine's CPU time the
hypervisor gave to other guests during the run ("stolen"; on a shared virtual machine a run
with much stolen time is slower for reasons outside the code). Nothing is asserted: the figures
go to stdout.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing import get_context
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def build_corpus(folder: Path, n_articles: int, seed: int = 7) -> None:
    """Write ``n_articles`` .txt articles made of seed sentences into ``folder``."""
    from analysis.pipeline import build_tables

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


def _naive(corpus: str) -> dict:
    """Tokens and VADER the straightforward way, over the sentences of the corpus."""
    from nltk.tokenize import TreebankWordTokenizer

    from analysis.pipeline import build_tables
    from analysis.sentiment import vader

    frame = build_tables(corpus).sentences[["text"]].copy()
    began = time.perf_counter()
    treebank, analyser = TreebankWordTokenizer(), vader()
    frame["tokens"] = frame["text"].apply(treebank.tokenize)
    frame["compound"] = frame["text"].apply(lambda text: analyser.polarity_scores(text)["compound"])
    return {"seconds": time.perf_counter() - began, "tokens": int(frame["tokens"].str.len().sum())}


def _analyse(corpus: str, cache: str) -> dict:
    from analysis.pipeline import analyse

    began = time.perf_counter()
    analysis = analyse(corpus, workers=2, cache=cache)
    return {"seconds": time.perf_counter() - began, "tokens": len(analysis.tables.tokens)}


def _child(what: str, corpus: str, out: str) -> None:
    """Run one measured configuration in this (fresh) process and print its figures as JSON."""
    if what == "naive":
        figures = _naive(corpus)
    elif what == "analyse":
        figures = _analyse(corpus, str(Path(out) / "cache"))
    else:
        from analysis.__main__ import main

        workers, *cache = what.split("-")
        began = time.perf_counter()
        status = main(
            [
                "export",
                "--corpus",
                corpus,
                "--out",
                out,
                "--workers",
                workers,
                *(["--no-cache"] if not cache else []),
            ]
        )
        figures = {"seconds": time.perf_counter() - began, "status": status}
    figures["main_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["worker_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures))


def _cpu_ticks() -> tuple[int, int] | None:
    """(ticks stolen by the hypervisor, all ticks) of this machine so far, or None off Linux."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError, IndexError):
        return None
    return fields[7], sum(fields)


def _measure(what: str, corpus: Path, out: Path) -> dict:
    before, began = _cpu_ticks(), time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--child", what, str(corpus), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    process, after = time.perf_counter() - began, _cpu_ticks()
    stolen = (
        None if before is None or after is None else (after[0] - before[0]) / max(after[1] - before[1], 1)
    )
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "process": process, "stolen": stolen}


def _spin(_: int = 0) -> float:
    began, total = time.perf_counter(), 0
    for i in range(20_000_000):
        total += i % 7
    return time.perf_counter() - began


def machine_scaling(work: Callable[[object], float] = _spin) -> float:
    """How many times as fast ``work`` (its argument unused; it returns its own seconds) runs
    twice on two processes at once as twice on one: the ceiling this machine puts on any
    two-worker speed-up of that work (below 2 where the two cores share caches or the
    hypervisor gives their time to others)."""
    one, two = [], []
    with get_context("fork").Pool(2) as pool:
        for _ in range(3):  # the best of three of each: a moment of stolen time spoils one try
            one.append(work(None))
            began = time.perf_counter()
            pool.map(work, [0, 1])
            two.append(time.perf_counter() - began)
    return 2 * min(one) / min(two)


SCALING_ARTICLES = 200
"""Articles whose per-article steps measure the machine's two-process ceiling for this suite."""
_scaling_documents: list = []  # the documents table of those articles: forked workers find it here


def _articles(_: object) -> float:
    """Seconds ``article_tables`` takes on the documents of ``_scaling_documents``."""
    from analysis.pipeline import article_tables

    began = time.perf_counter()
    article_tables(_scaling_documents[0])
    return time.perf_counter() - began


def workload_scaling(corpus: Path) -> float:
    """``machine_scaling`` of the per-article steps (``article_tables``) of the corpus's first
    ``SCALING_ARTICLES`` articles: the suite's own mix of regexes, dictionaries and pandas."""
    from analysis.corpus import read_corpus
    from analysis.pipeline import article_tables

    documents = read_corpus(corpus).documents.iloc[:SCALING_ARTICLES]
    article_tables(documents.iloc[:5])  # load the lexicons and compile the patterns before forking
    _scaling_documents[:] = [documents]
    return machine_scaling(_articles)


def main(n_articles: int) -> None:
    from analysis import export

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        build_corpus(corpus, n_articles)
        runs = {
            "full export, one worker, no cache": _measure("1", corpus, Path(tmp) / "one"),
            "full export, two workers, no cache": _measure("2", corpus, Path(tmp) / "two"),
            "full export, two workers, no cache (again)": _measure("2", corpus, Path(tmp) / "two"),
            "full export, one worker, no cache (again)": _measure("1", corpus, Path(tmp) / "one"),
            "full export, two workers, filling the cache": _measure("2-cache", corpus, Path(tmp) / "cached"),
            "full export again, unchanged corpus": _measure("2-cache", corpus, Path(tmp) / "cached"),
            "analyse() again (re-opening a notebook)": _measure("analyse", corpus, Path(tmp) / "cached"),
        }
        (Path(tmp) / "cached" / export.MANIFEST).unlink()
        runs["full export again, every CSV rewritten"] = _measure("2-cache", corpus, Path(tmp) / "cached")
        changed = corpus / "000000.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        runs["full export after one article changed"] = _measure("2-cache", corpus, Path(tmp) / "cached")
        naive = _measure("naive", corpus, Path(tmp) / "naive")
        ceilings = machine_scaling(), workload_scaling(corpus)
        with open(Path(tmp) / "one" / "tokens.csv", encoding="utf-8") as tokens:
            n_tokens = sum(1 for _ in tokens) - 1
    print(f"{n_articles} articles, {n_tokens} tokens")
    print(
        f"{'run':46} {'wall s':>8} {'process s':>10} {'articles/s':>11} {'tokens/s':>10} "
        f"{'main MiB':>9} {'worker MiB':>11} {'stolen %':>9}"
    )
    for name, figures in runs.items():
        seconds = figures["seconds"]
        print(
            f"{name:46} {seconds:8.2f} {figures['process']:10.2f} {n_articles / seconds:11.0f} "
            f"{n_tokens / seconds:10.0f} {figures['main_mib']:9.0f} {figures['worker_mib']:11.0f} "
            f"{'' if figures['stolen'] is None else format(100 * figures['stolen'], '.0f'):>9}"
        )
    one, two = (
        [runs[f"full export, {n}, no cache{again}"]["seconds"] for again in ("", " (again)")]
        for n in ("one worker", "two workers")
    )
    print(
        f"two workers against one: {sum(one) / sum(two):.2f} times as fast over the four runs "
        f"(first pair {one[0] / two[0]:.2f}, second pair {one[1] / two[1]:.2f})"
    )
    print(
        f"naive (Treebank + polarity_scores per sentence, tokens and VADER only): {naive['seconds']:.2f} s, "
        f"{naive['tokens'] / naive['seconds']:.0f} tokens/s"
        + ("" if naive["stolen"] is None else f", {100 * naive['stolen']:.0f}% stolen")
    )
    print(f"machine: a pure-Python loop on two processes runs {ceilings[0]:.2f} times as fast as on one")
    print(
        f"machine: the per-article steps of {SCALING_ARTICLES} articles on two processes run "
        f"{ceilings[1]:.2f} times as fast as on one"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(*sys.argv[2:5])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
