"""Run the pipeline on several cores.

Every step that looks at one article at a time (cleaning, sentences, tokens, mentions,
speakers, sentiment, escalation) is split into contiguous chunks of documents, computed by the
calling process and forked workers, each taking the next chunk when it is free, and the chunks'
tables are concatenated in document order, so the result is the same as one run over everything
(a test checks it table by table). Steps over the whole corpus that
do not depend on each other run side by side (``side_by_side``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import pairwise
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
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
    ``workers`` processes: this one and ``workers - 1`` forked ones, each taking the next chunk
    when it is free (``_run_chunks``); a progress bar of the documents done on standard error
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
        jobs.append(tuple(parts))
    results: list[list[pd.DataFrame | None]] = [[] for _ in jobs]
    desc = f"{label} ({len(jobs)} chunks)"
    with tqdm(total=len(ids), disable=not progress, unit="article", desc=desc, leave=False) as bar:
        for number, result in _run_chunks(step, jobs, workers):
            results[number] = list(result)
            bar.update(sizes[number])
    joined = []
    for i in range(len(results[0])):  # table by table, letting go of each table's chunks once joined
        joined.append(pd.concat([r[i] for r in results], ignore_index=True))
        for r in results:
            r[i] = None
    return tuple(joined)


WAIT = 1.0
"""Seconds the calling process waits for a worker's chunk before it checks that the worker is
still alive."""


def _take(counter: Any) -> int:
    """The number of the next chunk to compute, from the counter the processes share."""
    with counter.get_lock():
        number = counter.value
        counter.value += 1
    return number


def _work(step: Step, jobs: Sequence[tuple[pd.DataFrame, ...]], counter: Any, queue: Any) -> None:
    """A forked worker of ``_run_chunks``: compute chunks until none is left or one fails, and
    send each result (or the error) with its number, then None."""
    try:
        while (number := _take(counter)) < len(jobs):
            try:
                queue.put((number, step(*jobs[number])))
            except Exception as error:  # sent to the calling process, which raises it
                queue.put((number, _Failed(error)))
                break
    finally:
        queue.put(None)


class _Failed:
    """An error of a worker's chunk, as it reaches the calling process (an error that cannot be
    pickled becomes a RuntimeError with its text)."""

    def __init__(self, error: Exception) -> None:
        try:
            pickle.dumps(error)
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        self.error = error


def _run_chunks(
    step: Step, jobs: Sequence[tuple[pd.DataFrame, ...]], workers: int
) -> Iterator[tuple[int, tuple[pd.DataFrame, ...]]]:
    """``(number, step(*jobs[number]))`` for every job, in the order they are done, on this
    process and ``workers - 1`` forked ones. The jobs reach the workers by forking; only their
    results are pickled. Every process takes the next job when it is free, so this process,
    which receives the others' results, does as much as its time allows, and no third process
    competes for a core of a two-core machine. A failed job stops the taking of new ones; once
    every job taken has ended, the error of the first failed job in order is raised (the same
    error whichever process got there first)."""
    if workers <= 1:
        yield from enumerate(map(lambda job: step(*job), jobs))
        return
    context = get_context("fork")
    counter, queue = context.Value("q", 0), context.Queue()
    arguments = (step, jobs, counter, queue)
    processes = [context.Process(target=_work, args=arguments, daemon=True) for _ in range(workers - 1)]
    for process in processes:
        process.start()
    failures: dict[int, Exception] = {}
    taking, done = True, 0  # this process still takes jobs; workers that have sent their last
    try:
        while taking or done < len(processes):
            if taking and (number := _take(counter)) < len(jobs):
                try:
                    result = step(*jobs[number])
                except Exception as error:
                    failures[number] = error
                    _stop(counter, len(jobs))
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
                    _stop(counter, len(jobs))
                else:
                    yield message
    finally:
        for process in processes:
            process.terminate()  # at once, when a job failed here or the caller stopped
            process.join()
    if failures:
        raise failures[min(failures)]


def _stop(counter: Any, jobs: int) -> None:
    """Let no process take another job."""
    with counter.get_lock():
        counter.value = jobs


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


_CALLS: list[Callable[[], Any]] = []
"""The calls of the ``forked_pool`` in use: forked workers find them here, so that only a
call's number is sent to them and only its result comes back."""


def _run_call(number: int) -> Any:
    """Run call ``number`` of ``_CALLS`` (in a forked worker)."""
    return _CALLS[number]()


@contextmanager
def forked_pool(workers: int, calls: Sequence[Callable[[], Any]]) -> Iterator[list[AsyncResult]]:
    """The handles of ``calls`` (functions of no argument, e.g. ``functools.partial`` over
    whole-corpus tables) started in that order on a pool of ``workers`` forked processes. The
    workers see every table of the parent without copying it; only a call's number goes to
    them and only its result comes back."""
    _CALLS[:] = calls
    try:
        with get_context("fork").Pool(workers) as pool:
            yield [pool.apply_async(_run_call, (number,)) for number in range(len(calls))]
    finally:
        _CALLS.clear()


def map_chunks(function: Callable[[list], list], items: Sequence, workers: int = 1) -> list:
    """``function(list(items))`` (a list in, one result per item out) on ``workers`` forked
    processes: the items are cut into ``CHUNKS_PER_WORKER`` contiguous chunks per worker and the
    results joined in order, so the list is the same as one call's, and the first error in that
    order is raised. ``function`` and the items reach the workers by forking: only the results
    need to pickle."""
    if workers <= 1 or len(items) < 2 * workers:
        return function(list(items))
    bounds = np.linspace(0, len(items), min(len(items), workers * CHUNKS_PER_WORKER) + 1).round().astype(int)
    calls = [partial(function, list(items[a:b])) for a, b in pairwise(bounds.tolist())]
    with forked_pool(workers, calls) as results:
        return [value for result in results for value in result.get()]


def side_by_side(calls: Sequence[Callable[[], Any]], workers: int = 1) -> list[Any]:
    """The results of ``calls`` (functions of no argument), in order; on several ``workers``
    computed at the same time in a ``forked_pool``."""
    if workers <= 1 or len(calls) < 2:
        return [call() for call in calls]
    with forked_pool(min(workers, len(calls)), calls) as results:
        return [result.get() for result in results]
