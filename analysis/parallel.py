"""Run the pipeline on several cores.

Every step that looks at one article at a time (cleaning, sentences, tokens, mentions,
speakers, sentiment, escalation) is split into contiguous chunks of documents, computed by the
calling process and forked workers, each taking the next chunk when it is free, and the chunks'
tables are concatenated in document order, so the result is the same as one run over everything
(a test checks it table by table). Steps over the whole corpus that do not depend on each other
run side by side (``side_by_side``). All of them go through ``run_calls``.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import pairwise
from multiprocessing import get_context
from queue import Empty
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

Step = Callable[..., tuple[pd.DataFrame, ...]]
CHUNKS_PER_WORKER = 32
"""Chunks per worker of ``map_chunks``: enough for the workers to finish close together (the
last chunk is the time one worker may wait for the other)."""
MIN_CHUNK = 25
"""Fewest articles in a chunk of ``map_documents``: each call of a step has a fixed cost (building
its tables, about 25 ms, as much as two or three articles), and a worker starts by loading the
lexicons; a corpus of fewer than two chunks runs in the calling process (60 articles took 3.6 s
on two workers in one-article chunks, 1.8 s in one process)."""
MAX_CHUNK = 200
"""Most articles in a chunk of ``map_documents``: a process builds one chunk's rows at a time, and
the progress bar moves at least every 200 articles. A call of 200 articles costs 7.5% fewer
instructions an article than one of 25 (callgrind), so larger chunks would gain little."""
SHARE = 4
"""A chunk of ``map_documents`` takes 1 / (``SHARE`` x workers) of the articles left (within
``MIN_CHUNK`` and ``MAX_CHUNK``): chunks shrink towards the end of a corpus, so the workers finish
close together without cutting the whole corpus into small, costlier calls."""


def chunk_sizes(n: int, workers: int) -> list[int]:
    """The sizes of the consecutive chunks that ``map_documents`` cuts ``n`` articles into for
    ``workers`` processes: each ``1 / (SHARE * workers)`` of the articles left, at least
    ``MIN_CHUNK`` (a smaller rest joins the chunk before it) and at most ``MAX_CHUNK``."""
    sizes: list[int] = []
    left = n
    while left:
        size = min(left, MAX_CHUNK, max(MIN_CHUNK, -(-left // (SHARE * workers))))
        if size < MIN_CHUNK and sizes:
            sizes[-1] += size
        else:
            sizes.append(size)
        left -= size
    return sizes


def map_documents(
    step: Step,
    tables: Sequence[pd.DataFrame],
    workers: int = 1,
    progress: bool = False,
    label: str = "articles",
) -> tuple[pd.DataFrame, ...]:
    """Apply ``step`` (tables in, a tuple of tables out, each with ``doc_id``) to every
    document of ``tables[0]`` in chunks of consecutive documents (``chunk_sizes``), on
    ``workers`` processes (``run_calls``); a progress bar of the documents done on standard error
    when ``progress``. A corpus of one chunk is one call."""
    ids = list(dict.fromkeys(tables[0]["doc_id"]))
    sizes = chunk_sizes(len(ids), workers)
    if len(sizes) < 2:
        return step(*tables)
    bounds = np.cumsum([0, *sizes]).tolist()
    positions = [t.groupby("doc_id", sort=False).indices for t in tables]
    jobs = []
    for chunk in (ids[a:b] for a, b in pairwise(bounds)):
        parts = []
        for table, index in zip(tables, positions, strict=True):
            rows = [index[d] for d in chunk if d in index]
            parts.append(table.iloc[np.concatenate(rows)] if rows else table.iloc[0:0])
        jobs.append(partial(step, *parts))
    results: list[list[pd.DataFrame | None]] = [[] for _ in jobs]
    desc = f"{label} ({len(jobs)} chunks)"
    with tqdm(total=len(ids), disable=not progress, unit="article", desc=desc, leave=False) as bar:
        for number, result in run_calls(jobs, workers):
            results[number] = list(result)
            bar.update(sizes[number])
    joined = []
    for i in range(len(results[0])):  # table by table, letting go of each table's chunks once joined
        joined.append(pd.concat([r[i] for r in results], ignore_index=True))
        for r in results:
            r[i] = None
    return tuple(joined)


WAIT = 1.0
"""Seconds the calling process waits for a worker's result before it checks that the worker is
still alive."""


def run_calls(calls: Sequence[Callable[[], Any]], workers: int = 1) -> Iterator[tuple[int, Any]]:
    """``(number, calls[number]())`` for every call (a function of no argument), in the order
    they finish, computed by this process and ``workers - 1`` forked ones, each taking the next
    call in order when it is free. The calls and the tables they close over reach the workers by
    forking; only a worker's results are pickled, and this process receives them between its own
    calls, so no third process competes for a core of a two-core machine. A failed call stops
    the taking of new ones; once every call taken has ended, the error of the first failed call
    in order is raised (the same error whichever process met it first)."""
    if workers <= 1:
        yield from ((number, call()) for number, call in enumerate(calls))
        return
    context = get_context("fork")
    counter, queue = context.Value("q", 0), context.Queue()
    processes = [
        context.Process(target=_work, args=(calls, counter, queue), daemon=True) for _ in range(workers - 1)
    ]
    for process in processes:
        process.start()
    failures: dict[int, Exception] = {}
    taking, done = True, 0  # this process still takes calls; workers that have sent their last
    try:
        while taking or done < len(processes):
            if taking and (number := _take(counter)) < len(calls):
                try:
                    result = calls[number]()
                except Exception as error:
                    failures[number] = error
                    _stop(counter, len(calls))
                else:
                    yield number, result
            else:
                taking = False
                if done == len(processes):
                    break
            for message in _received(queue, processes, done, block=not taking):
                if message is None:
                    done += 1
                elif isinstance(message[1], _Failed):
                    failures[message[0]] = message[1].error
                    _stop(counter, len(calls))
                else:
                    yield message
    finally:
        for process in processes:
            process.terminate()  # at once, when a call failed here or the caller stopped
            process.join()
    if failures:
        raise failures[min(failures)]


def _take(counter: Any) -> int:
    """The number of the next call to make, from the counter the processes share."""
    with counter.get_lock():
        number = counter.value
        counter.value += 1
    return number


def _stop(counter: Any, calls: int) -> None:
    """Let no process take another call."""
    with counter.get_lock():
        counter.value = calls


def _work(calls: Sequence[Callable[[], Any]], counter: Any, queue: Any) -> None:
    """A forked worker of ``run_calls``: make calls until none is left or one fails, and send
    each result (or the error) with its number, then None."""
    try:
        while (number := _take(counter)) < len(calls):
            try:
                queue.put((number, calls[number]()))
            except Exception as error:  # sent to the calling process, which raises it
                queue.put((number, _Failed(error)))
                break
    finally:
        queue.put(None)


class _Failed:
    """An error of a worker's call, as it reaches the calling process (an error that cannot be
    pickled becomes a RuntimeError with its text)."""

    def __init__(self, error: Exception) -> None:
        try:
            pickle.dumps(error)
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        self.error = error


def _received(queue: Any, processes: Sequence[Any], done: int, block: bool) -> list:
    """The messages waiting in ``queue``; with ``block``, at least one, waiting for it. A worker
    that ended without its last message (``done`` of them have sent it) raises RuntimeError."""
    messages = []
    while True:
        try:
            messages.append(queue.get(block=block and not messages, timeout=WAIT))
        except Empty:
            if messages or not block:
                return messages
            ended = [process.exitcode for process in processes if process.exitcode is not None]
            if queue.empty() and len(ended) > done:
                raise RuntimeError(
                    f"a worker process ended before sending its results (exit code {ended[-1]}, "
                    "e.g. stopped by the system for want of memory); run with one worker "
                    "(--workers 1) to compute in this process"
                ) from None


def _in_order(finished: Iterator[tuple[int, Any]], n: int) -> list[Any]:
    """The results of ``run_calls`` of ``n`` calls, in the order of the calls."""
    results: list[Any] = [None] * n
    for number, result in finished:
        results[number] = result
    return results


def map_chunks(function: Callable[[list], list], items: Sequence, workers: int = 1) -> list:
    """``function(list(items))`` (a list in, one result per item out) on ``workers`` processes
    (``run_calls``): the items are cut into ``CHUNKS_PER_WORKER`` contiguous chunks per worker
    and the results joined in order, so the list is the same as one call's, and the first error
    in that order is raised. ``function`` and the items reach the workers by forking: only the
    results need to pickle."""
    if workers <= 1 or len(items) < 2 * workers:
        return function(list(items))
    bounds = np.linspace(0, len(items), min(len(items), workers * CHUNKS_PER_WORKER) + 1).round().astype(int)
    calls = [partial(function, list(items[a:b])) for a, b in pairwise(bounds.tolist())]
    return [value for result in _in_order(run_calls(calls, workers), len(calls)) for value in result]


def side_by_side(calls: Sequence[Callable[[], Any]], workers: int = 1) -> list[Any]:
    """The results of ``calls`` (functions of no argument), in order; on several ``workers``
    computed at the same time (``run_calls``: this process makes the first call, so put first
    the call with the largest result, which a worker would have to pickle back)."""
    if workers <= 1 or len(calls) < 2:
        return [call() for call in calls]
    return _in_order(run_calls(calls, min(workers, len(calls))), len(calls))
