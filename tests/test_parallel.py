import os
import time

import pandas as pd
import pytest

import analysis.parallel
from analysis.parallel import MAX_CHUNK, chunk_sizes, map_chunks, map_documents
from analysis.pipeline import (
    build_actor_tables,
    build_escalation_tables,
    build_sentiment_tables,
    build_tables,
)
from tests.conftest import SEEDS


def test_two_workers_give_the_same_tables_as_one(seed_tables):
    parallel = build_tables(SEEDS, workers=2)
    for name in ("documents", "segments", "sentences", "tokens", "report"):
        pd.testing.assert_frame_equal(getattr(parallel, name), getattr(seed_tables, name), obj=name)
    serial_actors, parallel_actors = build_actor_tables(seed_tables), build_actor_tables(parallel, workers=2)
    for name in ("mentions", "sentences", "quotes", "counts", "audit"):
        pd.testing.assert_frame_equal(getattr(parallel_actors, name), getattr(serial_actors, name), obj=name)
    serial_sentiment = build_sentiment_tables(seed_tables, serial_actors)
    parallel_sentiment = build_sentiment_tables(parallel, parallel_actors, workers=2)
    for name in ("sentences", "contributions", "articles"):
        pd.testing.assert_frame_equal(getattr(parallel_sentiment, name), getattr(serial_sentiment, name), obj=name)
    serial_escalation = build_escalation_tables(serial_sentiment.sentences)
    parallel_escalation = build_escalation_tables(parallel_sentiment.sentences, workers=2)
    for name in ("sentences", "matches"):
        pd.testing.assert_frame_equal(getattr(parallel_escalation, name), getattr(serial_escalation, name), obj=name)


def test_map_chunks_keeps_the_order_and_raises_the_first_error_in_it():
    offset = 100  # the function is a closure: it reaches the workers by forking, not pickling

    def shifted(items: list[int]) -> list[int]:
        for item in items:
            if item in (70, 30):
                raise ValueError(f"bad item {item}")
        return [item + offset for item in items]

    assert map_chunks(shifted, range(29), workers=2) == [item + offset for item in range(29)]
    with pytest.raises(ValueError, match="bad item 30"):
        map_chunks(shifted, range(100), workers=2)


@pytest.mark.parametrize("n", [1, 49, 50, 60, 200, 2_000, 10_000, 100_003])
def test_chunks_cover_every_article_and_shrink_towards_the_end(n, monkeypatch):
    monkeypatch.setattr(analysis.parallel, "MIN_CHUNK", 25)  # the conftest sets 1 for small corpora
    sizes = chunk_sizes(n, workers=2)
    assert sum(sizes) == n
    assert all(25 <= size <= MAX_CHUNK for size in sizes) or sizes == [n]
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # the last may hold a small rest
    if n >= 2_000:
        assert sizes[0] == MAX_CHUNK and sizes[-2] == 25


def _where(table: pd.DataFrame) -> tuple[pd.DataFrame]:
    return (table.assign(pid=os.getpid()),)


def test_a_corpus_of_fewer_than_two_chunks_stays_in_the_calling_process(monkeypatch):
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(60)]})
    monkeypatch.setattr(analysis.parallel, "MIN_CHUNK", 25)
    [small] = map_documents(_where, [documents.iloc[:49]], workers=2)
    assert set(small["pid"]) == {os.getpid()}
    [large] = map_documents(_slow_where, [documents], workers=2)  # chunks of 25 and 35
    assert large["doc_id"].tolist() == documents["doc_id"].tolist()
    assert len(set(large["pid"])) == 2  # this process takes a chunk, the forked worker the other


def _slow_where(table: pd.DataFrame) -> tuple[pd.DataFrame]:
    time.sleep(0.2)  # long enough for the worker to start and take a chunk
    return _where(table)


def _failing(table: pd.DataFrame) -> tuple[pd.DataFrame]:
    time.sleep(0.01)
    bad = {"d13", "d31"} & set(table["doc_id"])
    if bad:
        raise ValueError(f"bad article {min(bad)}", lambda: None)  # the lambda does not pickle
    return (table,)


@pytest.mark.parametrize("repeat", range(3))
def test_map_documents_raises_the_first_error_in_the_order_of_the_chunks(repeat):
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)]})  # the conftest's MIN_CHUNK is 1
    with pytest.raises((ValueError, RuntimeError), match="bad article d13"):
        map_documents(_failing, [documents], workers=2)


def _exiting(table: pd.DataFrame) -> tuple[pd.DataFrame]:
    time.sleep(0.05)
    if os.getpid() != _MAIN:
        os._exit(3)  # a worker stopped from outside, as the system does for want of memory
    return (table,)


_MAIN = os.getpid()


def test_a_worker_that_dies_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(analysis.parallel, "WAIT", 0.05)
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)]})
    with pytest.raises(RuntimeError, match=r"worker process ended .*exit code 3.*--workers 1"):
        map_documents(_exiting, [documents], workers=2)


def test_article_tables_pause_the_garbage_collector_and_restore_it(seed_tables, monkeypatch):
    import gc

    import analysis.pipeline as pipeline

    seen = []
    real = pipeline._text_layer

    def spy(documents):
        seen.append(gc.isenabled())
        return real(documents)

    monkeypatch.setattr(pipeline, "_text_layer", spy)
    documents = seed_tables.documents.iloc[:1]
    pipeline.article_tables(documents)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        pipeline.article_tables(documents)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    monkeypatch.setattr(pipeline, "_text_layer", lambda documents: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        pipeline.article_tables(documents)
    assert gc.isenabled()


def test_analyse_and_export_pause_the_garbage_collector_and_restore_it(tmp_path, monkeypatch):
    import gc

    import analysis.export as export
    import analysis.pipeline as pipeline
    from tests.conftest import SEEDS

    seen = []
    read, write = pipeline.read_corpus, export.write_tables
    monkeypatch.setattr(pipeline, "read_corpus", lambda *a, **k: seen.append(gc.isenabled()) or read(*a, **k))
    monkeypatch.setattr(export, "write_tables", lambda *a, **k: seen.append(gc.isenabled()) or write(*a, **k))
    export.export_tables(pipeline.analyse(SEEDS), tmp_path)
    assert seen == [False, False] and gc.isenabled()


def test_one_worker_runs_the_chunks_in_turn_and_gives_the_tables_of_one_call(seed_tables):
    from analysis.pipeline import article_tables

    documents = seed_tables.documents  # chunks of 2, 1, 1 and 1 articles (the conftest's MIN_CHUNK)
    assert len(chunk_sizes(len(documents), workers=1)) > 1
    whole = article_tables(documents)
    chunked = map_documents(lambda d: tuple(article_tables(d).values()), [documents], workers=1)
    for (name, table), joined in zip(whole.items(), chunked, strict=True):
        pd.testing.assert_frame_equal(joined, table, obj=name)
    [where] = map_documents(_where, [documents], workers=1)
    assert set(where["pid"]) == {os.getpid()}


def test_an_error_that_does_not_pickle_reaches_the_caller_as_its_text():
    error = analysis.parallel._Failed(ValueError("bad article d13", lambda: None)).error
    assert isinstance(error, RuntimeError) and "ValueError" in str(error) and "bad article d13" in str(error)
    picklable = ValueError("bad article d13")
    assert analysis.parallel._Failed(picklable).error is picklable
