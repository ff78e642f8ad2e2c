"""Write the tidy tables of a corpus as CSV files that can be used outside Python."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.actor_stats import most_mentioned
from analysis.comparison import SUMMARY_COLUMNS
from analysis.corpus import DOCUMENT_COLUMNS, periods_of
from analysis.keyness import keyness
from analysis.parallel import run_calls
from analysis.period_comparison import period_summary, sentence_measures
from analysis.pipeline import Analysis, collector_paused

DOCUMENT_EXPORT_COLUMNS = [c for c in DOCUMENT_COLUMNS if c != "text"] + [
    "n_sentences",
    "n_tokens",
    "n_words",
    "n_removed_chars",
]
"""The documents table without the raw text (each file is there already) and with its sizes."""


PIECE_ROWS = 100_000
"""Rows of a table formatted as CSV in one piece (by one process, or each of several sharing the
writing): the text of a piece is all that is held in memory at once."""


COPY_BYTES = 1 << 20
"""Bytes read at a time when a part file is appended to its table's file."""


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` as UTF-8 CSV with ``\\n`` line ends and no index, the same bytes every run
    (those of ``table.to_csv(index=False, lineterminator="\\n")``)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for start in _piece_starts(table):
            handle.write(format_csv(table.iloc[start : start + PIECE_ROWS], header=start == 0))


def _piece_starts(table: pd.DataFrame) -> range:
    """The first row of each piece of ``table`` (one piece, the header alone, when it has no rows)."""
    return range(0, max(len(table), 1), PIECE_ROWS)


SMALL_INT = 1_000_000
"""Integer columns below this (ids, offsets, counts) are formatted by looking the text up."""


_QUOTED = frozenset(',"\n')  # the csv module quotes a value with one of these (not a lone "\r")


def _field(value: str) -> str:
    """``value`` as the csv module writes it in a row of several fields: within double quotes,
    its own doubled, when it holds a comma, a double quote or a line break (tested)."""
    return value if _QUOTED.isdisjoint(value) else '"' + value.replace('"', '""') + '"'


def _column_text(values: np.ndarray) -> list[str] | None:
    """Each value of one column as pandas writes it in a CSV, or None for a column this fast
    path does not cover (pandas writes it then)."""
    if values.dtype == bool:
        return np.array(["False", "True"], dtype=object)[values.view(np.uint8)].tolist()
    if values.dtype.kind in "iu":
        if len(values) and values.min() >= 0 and values.max() < SMALL_INT:  # ids, offsets: look up
            return np.array([str(i) for i in range(values.max() + 1)], dtype=object)[values].tolist()
        return list(map(str, values.tolist()))
    if values.dtype == np.float64:  # pandas: numpy's shortest repr, missing values empty
        codes, distinct = pd.factorize(values.view(np.int64))  # by their bits: -0.0 apart from 0.0
        distinct = distinct.view(np.float64)
        text = distinct.astype(str).astype(object)  # each distinct value formatted once
        text[np.isnan(distinct)] = ""
        return text[codes].tolist()
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        codes, distinct = pd.factorize(values)  # each distinct string formatted once
        return np.array([*map(_field, distinct), ""], dtype=object)[codes].tolist()  # code -1: missing
    return None


def format_csv(table: pd.DataFrame, header: bool = True) -> str:
    """``table`` as ``table.to_csv(index=False, header=header, lineterminator="\\n")`` returns it
    (tested), several times faster for columns of strings, integers, floats and booleans: each
    column is turned into text at once and the rows are joined in one pass."""
    columns = (
        [_column_text(table[name].to_numpy()) for name in table.columns] if table.shape[1] > 1 else [None]
    )
    if any(column is None for column in columns):
        return table.to_csv(index=False, header=header, lineterminator="\n")
    head = ",".join(_field(str(name)) for name in table.columns) + "\n" if header else ""
    body = "\n".join(map(",".join, zip(*columns, strict=True))) + "\n" if len(table) else ""
    return head + body


def _write_piece(table: pd.DataFrame, header: bool, path: Path) -> None:
    """Write ``format_csv`` of ``table`` into ``path`` (a part of one CSV file, in any process):
    the parts are joined file to file, where bytes sent back through a pipe cost the receiving
    process about 8 ms of CPU a megabyte (3.8 s for the 480 MB of a 10,000-article export)."""
    path.write_text(format_csv(table, header), encoding="utf-8", newline="")


def write_tables(
    files: dict[str, pd.DataFrame | Callable[[], pd.DataFrame]], out: Path, workers: int = 1
) -> list[Path]:
    """Write each table as ``out/<name>`` (``write_csv``'s format); a table may be given as a
    function of no argument that computes it. On several ``workers`` (``run_calls``) those are
    computed first, while the other tables are cut into pieces of ``PIECE_ROWS`` rows, each
    formatted into a part file in ``out`` and appended to its table's file as soon as the pieces
    before it are (and the part deleted): the same bytes as one process. No part is left behind,
    even when a call fails."""
    if workers <= 1:
        for name, table in files.items():
            write_csv(table() if callable(table) else table, out / name)
        return [out / name for name in files]
    later = {name: table for name, table in files.items() if callable(table)}
    ready = {name: table for name, table in files.items() if name not in later}
    pieces = []  # (table's name, part file, the call that writes the part)
    for name, table in ready.items():
        for start in _piece_starts(table):
            part = out / f".{name}.{start // PIECE_ROWS}.part"
            piece = table.iloc[start : start + PIECE_ROWS]
            pieces.append((name, part, partial(_write_piece, piece, start == 0, part)))
    calls = [*later.values(), *(call for *_, call in pieces)]  # the slow computations start first
    finished: dict[int, pd.DataFrame | None] = {}
    try:
        with ExitStack() as stack:
            handles = {name: stack.enter_context(open(out / name, "wb")) for name in ready}
            appended = 0  # pieces appended to their files, in order
            for number, result in run_calls(calls, workers):
                finished[number] = result
                while appended < len(pieces) and len(later) + appended in finished:
                    name, part, _ = pieces[appended]
                    with open(part, "rb") as source:
                        shutil.copyfileobj(source, handles[name], COPY_BYTES)
                    part.unlink()
                    appended += 1
        for number, name in enumerate(later):
            write_csv(finished[number], out / name)
    finally:
        for _, part, _ in pieces:
            part.unlink(missing_ok=True)
    return [out / name for name in files]


MANIFEST = "export_manifest.json"
"""What the last complete export into a folder was made from: the corpus key
(``analysis.cache.corpus_key``), its summary line and each file's size and modification time."""


def record_export(out: str | Path, key: str, paths: list[Path], summary: str) -> None:
    """Write ``out/MANIFEST`` for an export of the corpus of ``key`` that wrote ``paths``."""
    files = {path.name: [stat.st_size, stat.st_mtime_ns] for path in paths for stat in [path.stat()]}
    text = json.dumps({"corpus_key": key, "summary": summary, "files": files}, indent=1)
    (Path(out) / MANIFEST).write_text(text + "\n", encoding="utf-8")


def current_export(out: str | Path, key: str) -> tuple[list[Path], str] | None:
    """The files and summary of the last export into ``out`` if it was made from the corpus of
    ``key`` and no file of it has changed, gone or been rewritten since; else None."""
    try:
        manifest = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
        paths = [Path(out) / name for name in manifest["files"]]
        same = all(
            [stat.st_size, stat.st_mtime_ns] == manifest["files"][path.name]
            for path in paths
            for stat in [path.stat()]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (paths, manifest["summary"]) if same and manifest["corpus_key"] == key else None


def _first_against_last(analysis: Analysis) -> pd.DataFrame:
    """The period comparison of the export: the first period against the last (``SUMMARY_COLUMNS``,
    no rows with fewer than two periods)."""
    tables, actors = analysis.tables, analysis.actors
    periods = periods_of(tables.documents)
    if len(periods) < 2:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    top = most_mentioned(actors.mentions)
    measures = sentence_measures(analysis.escalation.sentences, tables.tokens, actors.mentions, top)
    return period_summary(measures, tables.documents, periods[0], periods[-1], top)


@collector_paused()
def export_tables(analysis: Analysis, out: str | Path, workers: int = 1) -> list[Path]:
    """Write every table of the suite into ``out`` (created if missing); return the paths.

    ``documents.csv``, ``sentences.csv`` (with speaker, speaker_cue, mode, quote_share and the
    sentiment scores compound, pos, neu, neg, label, afinn and their names-masked variants, and
    the escalation scores escalation, restraint, net, escalation_label), ``escalation_matches.csv``
    (every lexicon match with its category, CAMEO code, weight and the context rules applied),
    ``article_sentiment.csv`` (mean compound with its bootstrap interval and label shares),
    ``tokens.csv``, ``cleaning_report.csv``, ``run_report.csv``, ``mentions.csv``,
    ``actor_counts.csv`` (per document and per period, told apart by ``by``), ``quotes.csv``
    ``actor_audit.csv`` (names the gazetteer does not cover), ``keyness.csv`` (every period's
    keywords against the rest) and ``period_summary.csv`` (the first period against the last:
    measures, differences, intervals, permutation p-values; empty with fewer than two periods).
    The CSV files are formatted, and keyness and the period comparison computed, on ``workers``
    processes.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables, actors, escalation = analysis.tables, analysis.actors, analysis.escalation
    files = {
        "documents.csv": tables.documents[DOCUMENT_EXPORT_COLUMNS],
        "sentences.csv": escalation.sentences,
        "escalation_matches.csv": escalation.matches,
        "article_sentiment.csv": analysis.sentiment.articles.rename(columns={"group": "doc_id"}),
        "tokens.csv": tables.tokens,
        "cleaning_report.csv": tables.cleaning_report,
        "run_report.csv": tables.report,
        "mentions.csv": actors.mentions,
        "actor_counts.csv": actors.counts,
        "quotes.csv": actors.quotes,
        "actor_audit.csv": actors.audit,
        # computed while the tables above are written
        "keyness.csv": partial(keyness, tables.tokens, tables.documents),
        "period_summary.csv": partial(_first_against_last, analysis),
    }
    return write_tables(files, out, workers)
