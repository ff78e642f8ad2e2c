"""The text pipeline in one call: corpus -> segments -> sentences -> tokens."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.actor_stats import actor_counts, regroup_actor_counts
from analysis.actors import find_mentions
from analysis.audit import coverage_audit
from analysis.cache import ArticleCache, article_key, assemble, corpus_key, split_by_article
from analysis.cleaning import cleaning_report, segment
from analysis.corpus import Corpus, TableColumns, add_warning, read_corpus
from analysis.dates import PeriodRule
from analysis.escalation import SENTENCE_SCORE_COLUMNS, score_escalation
from analysis.frames import factorize_runs
from analysis.parallel import map_documents, side_by_side
from analysis.sentiment import score_sentences
from analysis.sentiment_stats import sentiment_summary
from analysis.speakers import SPEAKER_COLUMNS, attribute_speakers
from analysis.tokenization import SENTENCE_COLUMNS, split_sentences, tokenize


@dataclass(frozen=True)
class Tables:
    """Tidy tables of one corpus; they join on ``doc_id`` (and ``sent_id``, ``seg_id``).

    ``documents`` has ``analysis.corpus.DOCUMENT_COLUMNS`` plus ``n_sentences``, ``n_tokens``
    (all tokens), ``n_words`` (tokens that are not punctuation) and ``n_removed_chars``;
    ``segments``, ``sentences`` and ``tokens`` are described by ``SEGMENT_COLUMNS``,
    ``SENTENCE_COLUMNS`` and ``TOKEN_COLUMNS``; ``report`` by ``REPORT_COLUMNS``.
    """

    documents: pd.DataFrame
    segments: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    report: pd.DataFrame

    @property
    def cleaning_report(self) -> pd.DataFrame:
        """The removed segments, one row each, with their reason."""
        return cleaning_report(self.segments)


def _counts(table: pd.DataFrame, doc_ids: pd.Series, *masks: np.ndarray) -> list[pd.Series]:
    """Rows of ``table`` per document of ``doc_ids``: all of them, then those of each mask."""
    codes, found = factorize_runs(table["doc_id"].to_numpy(dtype=object))
    return [
        doc_ids.map(pd.Series(np.bincount(kept, minlength=len(found)), index=found)).fillna(0).astype("int64")
        for kept in (codes, *(codes[mask] for mask in masks))
    ]


def _text_layer(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    segments = segment(documents)
    sentences = split_sentences(documents, segments)
    return segments, sentences, tokenize(documents, sentences)


def build_tables(
    path: str | Path,
    period_rule: PeriodRule | None = None,
    strict: bool = False,
    columns: TableColumns | None = None,
    workers: int = 1,
    progress: bool = False,
) -> Tables:
    """Read the corpus at ``path`` (see ``analysis.corpus.read_corpus`` for ``strict`` and
    ``columns``) and run the whole text pipeline over it, on ``workers`` processes.

    An article left with no sentence, no token or no word (only punctuation) after cleaning
    stays in ``documents`` and gets a warning in ``report``.
    """
    corpus = read_corpus(path, period_rule, strict=strict, columns=columns, workers=workers)
    segments, sentences, tokens = map_documents(
        _text_layer, [corpus.documents], workers, progress, "tokenizing"
    )
    return _tables(corpus.documents, corpus.report, segments, sentences, tokens)


def _tables(
    documents: pd.DataFrame,
    report: pd.DataFrame,
    segments: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
) -> Tables:
    """The corpus tables, with each article's sizes counted and a warning for an empty one."""
    ids = documents["doc_id"]
    removed = segments.loc[~segments["kept"]]
    [n_sentences], [n_tokens, n_words] = (
        _counts(sentences, ids),
        _counts(tokens, ids, ~tokens["is_punct"].to_numpy()),
    )
    documents = documents.assign(
        n_sentences=n_sentences,
        n_tokens=n_tokens,
        n_words=n_words,
        n_removed_chars=ids.map((removed["end"] - removed["start"]).groupby(removed["doc_id"]).sum())
        .fillna(0)
        .astype("int64"),
    )
    for doc in documents[documents["n_words"] == 0].itertuples(index=False):
        what = "no sentence" if doc.n_sentences == 0 else "no token" if doc.n_tokens == 0 else "no word"
        report = add_warning(report, doc.doc_id, f"{what} left after cleaning; check the cleaning report")
    return Tables(documents, segments, sentences, tokens, report)


BY = ("doc_id", "period")
"""The groupings of the actor counts table, told apart by its ``by`` column."""


@dataclass(frozen=True)
class ActorTables:
    """Who appears and who speaks: ``mentions`` (``MENTION_COLUMNS``), ``sentences`` (the
    corpus sentences plus ``SPEAKER_COLUMNS``), ``quotes`` (``QUOTE_COLUMNS``), ``counts``
    (``ACTOR_COUNT_COLUMNS`` plus ``by``: ``doc_id`` or ``period``) and ``audit``
    (``AUDIT_COLUMNS``)."""

    mentions: pd.DataFrame
    sentences: pd.DataFrame
    quotes: pd.DataFrame
    counts: pd.DataFrame
    audit: pd.DataFrame


def _actor_layer(
    documents: pd.DataFrame, segments: pd.DataFrame, sentences: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    mentions = find_mentions(documents, sentences)
    return (mentions, *attribute_speakers(documents, segments, sentences, mentions))


def build_actor_tables(tables: Tables, workers: int = 1, progress: bool = False) -> ActorTables:
    """Find actors, speakers and the coverage audit for a corpus built by ``build_tables``."""
    mentions, sentences, quotes = map_documents(
        _actor_layer, [tables.documents, tables.segments, tables.sentences], workers, progress, "actors"
    )
    return ActorTables(mentions, sentences, quotes, *_actor_summaries(tables, mentions, workers))


def _actor_summaries(
    tables: Tables, mentions: pd.DataFrame, workers: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor counts per article and per period (``_all_actor_counts``) and the coverage audit,
    over the whole corpus; side by side on several ``workers``, the audit in a worker: its table
    of a few rows comes back at once, where the 190,000 rows of counts of 10,000 articles took
    0.35 s to send (the two calls take about as long)."""
    counts, audit = side_by_side(
        [
            partial(_all_actor_counts, mentions, tables.documents, tables.sentences),
            partial(coverage_audit, tables.tokens, mentions),
        ],
        workers,
    )
    return counts, audit


def _sizes_and_actor_counts(
    corpus: Corpus,
    segments: pd.DataFrame,
    sentences: pd.DataFrame,
    tokens: pd.DataFrame,
    mentions: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The corpus documents with their sizes and its report with warnings (``_tables``), then
    the actor counts (``_all_actor_counts``): what ``analyse`` computes beside the coverage audit."""
    tables = _tables(corpus.documents, corpus.report, segments, sentences, tokens)
    return tables.documents, tables.report, _all_actor_counts(mentions, tables.documents, sentences)


def _all_actor_counts(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Actor counts per article and per period, told apart by ``by`` (``BY``; the second summed
    from the first)."""
    by_doc = actor_counts(mentions, documents, sentences, by="doc_id")
    by_period = regroup_actor_counts(by_doc, documents, sentences, by="period")
    counts = pd.concat(
        [table.assign(by=by) for by, table in zip(BY, (by_doc, by_period), strict=True)], ignore_index=True
    )
    return counts[["by", *counts.columns[:-1]]]


@dataclass(frozen=True)
class SentimentTables:
    """Sentiment of a corpus: ``sentences`` (the actor tables' sentences plus VADER's
    ``compound, pos, neu, neg, label``, ``afinn``, ``afinn_label`` and the names-masked
    ``compound_masked``, ``afinn_masked``), ``contributions`` (``doc_id, sent_id, word,
    valence``: the words that moved VADER) and ``articles`` (``SUMMARY_COLUMNS`` per
    document, ``group`` being the ``doc_id``)."""

    sentences: pd.DataFrame
    contributions: pd.DataFrame
    articles: pd.DataFrame


def build_sentiment_tables(
    tables: Tables, actors: ActorTables, workers: int = 1, progress: bool = False
) -> SentimentTables:
    """Score every sentence of a corpus with VADER and AFINN, raw and with names masked."""
    sentences, contributions = map_documents(
        score_sentences, [actors.sentences, actors.mentions], workers, progress, "sentiment"
    )
    articles = sentiment_summary(sentences, tables.documents, by="doc_id")
    return SentimentTables(sentences, contributions, articles)


@dataclass(frozen=True)
class EscalationTables:
    """Escalation language: ``sentences`` (the given sentences plus ``SENTENCE_SCORE_COLUMNS``)
    and ``matches`` (``MATCH_COLUMNS``)."""

    sentences: pd.DataFrame
    matches: pd.DataFrame


def build_escalation_tables(
    sentences: pd.DataFrame, workers: int = 1, progress: bool = False
) -> EscalationTables:
    """Score escalation and restraint in sentences (best with the speaker columns of
    ``build_actor_tables`` or the sentiment columns of ``build_sentiment_tables``)."""
    scored, matches = map_documents(score_escalation, [sentences], workers, progress, "escalation")
    return EscalationTables(scored, matches)


ARTICLE_TABLES = (
    "segments",
    "sentences",
    "tokens",
    "mentions",
    "quotes",
    "contributions",
    "matches",
    "articles",
)
"""The tables ``article_tables`` returns: each article's rows depend on that article alone."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (back on after, if it was on); also
    a decorator. The per-article steps build millions of tuples and lists that live until their
    table is made; the collector traverses them again each time they survive a collection, yet
    they form almost no cycles (92 objects in cycles after 2,000 articles). Off: 2.6% fewer
    instructions on 100 articles, 3-11% less CPU on 2,000 in one call, the same peak memory.
    Over a whole ``analyse`` and export of 10,000 articles it spares the calling process six full
    collections (0.5 s), each traversing every table built so far, in the steps no worker
    shares (joining the chunks, the coverage audit)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def article_tables(documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every per-article table of ``documents`` (``ARTICLE_TABLES``): segments, sentences with
    their speaker, sentiment and escalation columns, tokens, mentions, quotes, the words behind
    VADER's scores, escalation matches and each article's sentiment summary."""
    with collector_paused():
        segments, sentences, tokens = _text_layer(documents)
        mentions, speakers, quotes = _actor_layer(documents, segments, sentences)
        scored, contributions = score_sentences(speakers, mentions)
        escalated, matches = score_escalation(scored)
        articles = sentiment_summary(scored, documents, by="doc_id")
    tables = (
        segments,
        escalated,
        tokens,
        mentions,
        quotes,
        contributions,
        matches,
        articles.rename(columns={"group": "doc_id"}),
    )
    return dict(zip(ARTICLE_TABLES, tables, strict=True))


def _cached_article_tables(documents: pd.DataFrame, cache: str | None) -> tuple[pd.DataFrame, ...]:
    """``article_tables`` of ``documents``, reading unchanged articles from ``cache`` (a
    folder, or None for no cache; then ``documents`` has each article's key in ``cache_key``)
    and storing the others there."""
    if cache is None or documents.empty:
        return tuple(article_tables(documents).values())
    store = ArticleCache(cache)
    keys = list(documents["cache_key"])
    entries = [store.load(key) for key in keys]
    missing = [i for i, entry in enumerate(entries) if entry is None]
    if missing:
        tables = article_tables(documents.iloc[missing])
        computed = split_by_article(tables, list(documents["doc_id"].iloc[missing]))
        for i, entry in zip(missing, computed, strict=True):
            store.save(keys[i], entry)
            entries[i] = entry
        if len(missing) == len(entries):  # nothing came from the cache: no need to assemble
            return tuple(table.reset_index(drop=True) for table in tables.values())
    return tuple(assemble(entries).values())


@dataclass(frozen=True)
class Analysis:
    """Every table of one corpus, from ``analyse``: the corpus tables, actors, sentiment and
    escalation, as the ``build_*`` functions give them one step at a time; ``keys`` holds each
    article's cache key (``analysis.cache.article_key``)."""

    tables: Tables
    actors: ActorTables
    sentiment: SentimentTables
    escalation: EscalationTables
    keys: list[str]


@collector_paused()
def analyse(
    path: str | Path,
    period_rule: PeriodRule | None = None,
    strict: bool = False,
    columns: TableColumns | None = None,
    workers: int = 1,
    progress: bool = False,
    cache: str | Path | None = None,
) -> Analysis:
    """Read the corpus at ``path`` and compute every table of the suite in one pass over the
    articles, on ``workers`` processes. With ``cache`` (a folder, created if missing), each
    article's tables are stored under a hash of its content and read back on the next run;
    a changed article is the only one recomputed, and the finished tables of the whole corpus
    are stored too (``analysis.cache.corpus_key``), so a second call on unchanged inputs reads
    one file. The tables are the same with or without a cache and on any number of workers
    (tested)."""
    snapshots = None if cache is None else ArticleCache(Path(cache) / "corpus")
    key = None if snapshots is None else corpus_key(path, period_rule, strict, columns)
    if key is not None and (found := snapshots.load(key)) is not None:
        return found
    corpus = read_corpus(path, period_rule, strict=strict, columns=columns, workers=workers)
    documents = corpus.documents
    keys = [
        article_key(str(doc_id), str(headline), text)
        for doc_id, headline, text in zip(
            documents["doc_id"], documents["headline"], documents["text"], strict=True
        )
    ]
    job = partial(_cached_article_tables, cache=None if cache is None else str(cache))
    segments, sentences, tokens, mentions, quotes, contributions, matches, articles = map_documents(
        job, [documents.assign(cache_key=keys)], workers, progress, "articles"
    )
    corpus_sentences = sentences[SENTENCE_COLUMNS]
    (sized, report, counts), audit = side_by_side(  # as in _actor_summaries, sizing the documents too
        [
            partial(_sizes_and_actor_counts, corpus, segments, corpus_sentences, tokens, mentions),
            partial(coverage_audit, tokens, mentions),
        ],
        workers,
    )
    tables = Tables(sized, segments, corpus_sentences, tokens, report)
    speaker_columns = [*SENTENCE_COLUMNS, *SPEAKER_COLUMNS]
    sentiment_columns = [c for c in sentences.columns if c not in SENTENCE_SCORE_COLUMNS]
    actors = ActorTables(mentions, sentences[speaker_columns], quotes, counts, audit)
    articles = articles.sort_values("doc_id", kind="stable", ignore_index=True).rename(
        columns={"doc_id": "group"}
    )
    sentiment = SentimentTables(sentences[sentiment_columns], contributions, articles)
    analysis = Analysis(tables, actors, sentiment, EscalationTables(sentences, matches), keys)
    if key is not None:
        snapshots.save(key, analysis)
        snapshots.prune({key})  # one corpus per cache folder: the newest
    return analysis
