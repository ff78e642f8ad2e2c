"""Read a corpus into a documents table: a directory of ``.txt`` articles with an optional
``metadata.csv``, or one CSV or JSON Lines file with an article per row.

Problems that make the corpus itself unusable (a missing path, a ``metadata.csv`` without a
``file`` column, a table without its text column) raise ``CorpusError`` with ``path:line:
problem; what to do``. Problems with one article (empty, binary, undecodable, a duplicate, no
date, a ragged row) are recorded in the run report, and the article is skipped or read with a
warning; no input leaves without a row in the report. So are problems with one row of
``metadata.csv``: a row that cannot be used (ragged, naming no file, a file outside the folder
or missing, listed twice, an id used before) is skipped as ``metadata.csv:LINE`` and its file,
if in the folder, read as unlisted; a bad ``published`` or ``date_source``, or a date that
disagrees with the file's, is a warning on the article. With ``strict=True`` the first such
problem raises instead.

Text files may be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or
Windows-1252; the encoding used is recorded in ``documents.encoding`` and, when it is not UTF-8,
in the report.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from functools import partial
from itertools import compress, count
from pathlib import Path

import pandas as pd

from analysis.cleaning import detect_headline
from analysis.dates import (
    HEADER_RE,
    YEAR_DIGITS,
    DateError,
    PeriodRule,
    by_year,
    parse_date_line,
    parse_iso_date,
)
from analysis.parallel import map_chunks
from analysis.text import normalise

METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = [
    "id",
    "file",
    "published",
    "date_source",
    "date_note",
    "period",
    "headline",
    "outlet",
    "event",
]
"""Columns ``metadata.csv`` may have; only ``file`` is required. Further columns are kept."""
DATE_SOURCES = ("header", "text", "inferred", "metadata")
DOCUMENT_COLUMNS = ["doc_id", "file", "encoding", *METADATA_COLUMNS[2:], "text"]
"""Columns of a documents table: ``published`` is a ``YYYY-MM-DD`` string (empty if unknown),
``date_source`` says how it is known (``header``: the file's date header; ``text``: a
dateline in the text; ``inferred``: worked out from events the text reports, see
``date_note``; ``metadata``: given in ``metadata.csv`` without provenance), ``text`` is the raw
text as decoded from the file."""
NO_PERIOD = "(no period)"
"""The period of an article with neither a period nor a date, or with a date that no period of
the rule covers (the report warns about each): a group of its own in tables and figures by
period, left out of the comparisons between periods (``periods_of``)."""
REPORT_COLUMNS = ["input", "doc_id", "status", "message"]
"""Columns of a run report: one row per input (file or ``metadata.csv``); ``status`` is
``read``, ``read with warnings`` or ``skipped``; ``message`` joins every warning with ``; ``."""


class CorpusError(ValueError):
    """The corpus cannot be read as given; the message names the file, the line and the fix.

    ``input`` names the input concerned (a file, or ``file:line`` for a row of a table)."""

    def __init__(self, message: str, input: str = "") -> None:
        super().__init__(message)
        self.input = input


TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class TableColumns:
    """Column names of a CSV or JSON Lines corpus; only ``text`` is required."""

    text: str = "text"
    id: str = "id"
    date: str = "date"
    headline: str = "headline"
    outlet: str = "outlet"
    period: str = "period"


COLUMN_ROLES = [role.name for role in dataclasses.fields(TableColumns)]
"""The columns of a CSV or JSON Lines corpus that can be named (``TableColumns``'s fields)."""


@dataclass(frozen=True)
class Corpus:
    """A read corpus: ``documents`` (``DOCUMENT_COLUMNS`` plus any extra metadata columns) and
    ``report`` (``REPORT_COLUMNS``)."""

    documents: pd.DataFrame
    report: pd.DataFrame


@dataclass
class _Row:
    input: str
    doc_id: str = ""
    skipped: bool = False
    messages: list[str] = field(default_factory=list)
    note: bool = False  # about the run (a period rule), not an input: status "warning"

    def warn(self, message: str) -> None:
        self.messages.append(message)

    def warn_encoding(self, encoding: str) -> None:
        """Warn that the input was read in ``encoding`` unless that is UTF-8."""
        if encoding not in ("utf-8", "utf-8-sig"):
            self.warn(f"read as {encoding}, not UTF-8")

    def as_dict(self) -> dict[str, str]:
        status = "skipped" if self.skipped else "read with warnings" if self.messages else "read"
        if self.note and self.messages:
            status = "warning"
        return {
            "input": self.input,
            "doc_id": self.doc_id,
            "status": status,
            "message": "; ".join(self.messages),
        }


def doc_groups(documents: pd.DataFrame, by: str) -> pd.Series:
    """The ``by`` column of ``documents`` (a period, ``doc_id`` ...) indexed by ``doc_id``: which
    group each document belongs to. Raises naming the columns when ``by`` is not one."""
    if by not in documents.columns:
        raise ValueError(f"by={by!r} is not a documents column; choose one of {list(documents.columns)}")
    return pd.Series(documents[by].to_numpy(), index=documents["doc_id"])


def periods_of(documents: pd.DataFrame) -> list[str]:
    """The periods of a documents table in order, without ``NO_PERIOD`` (nor an empty one): the
    periods to compare."""
    return sorted({p for p in documents["period"] if p and p != NO_PERIOD})


def add_warning(report: pd.DataFrame, doc_id: str, message: str) -> pd.DataFrame:
    """Return ``report`` with ``message`` appended to the row of ``doc_id`` (now read with
    warnings, unless it was skipped)."""
    report = report.copy()
    at = report["doc_id"] == doc_id
    report.loc[at, "message"] = [f"{m}; {message}" if m else message for m in report.loc[at, "message"]]
    report.loc[at & (report["status"] == "read"), "status"] = "read with warnings"
    return report


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode(data: bytes) -> tuple[str | None, str, str]:
    """Return ``(text, encoding, "")`` or ``(None, "", why it cannot be read as text)``.

    Tries, in order: a UTF-8 or UTF-16 byte-order mark, UTF-8, then Windows-1252 (accepted only
    if it yields no control characters, so binary data is refused, not garbled)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            return (
                None,
                "",
                f"not valid UTF-16 despite its byte-order mark (offset {exc.start}): re-save it as UTF-8",
            )
    elif b"\x00" in data:
        return None, "", "not a text file (it contains NUL bytes): remove it from the corpus"
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line}"
            try:
                text, encoding = data.decode("cp1252"), "windows-1252"
            except UnicodeDecodeError:
                return None, "", f"neither UTF-8 nor Windows-1252 ({where}): re-save the file as UTF-8"
            if _CONTROL.search(text):
                return None, "", f"not text: not UTF-8 ({where}) and control characters as Windows-1252"
    if not text.strip():
        return None, "", "empty: it holds no text; remove it or fill it"
    return text, encoding, ""


def _read_text(path: Path) -> tuple[str, str]:
    """The text and encoding of a corpus's table or ``metadata.csv`` (as ``_decode`` reads an
    article); ``CorpusError`` naming the file when it cannot be read as text."""
    text, encoding, problem = _decode(path.read_bytes())
    if text is None:
        raise CorpusError(f"{path}: {problem}", input=path.name)
    return text, encoding


def _fingerprint(text: str) -> str:
    """The content key for finding duplicate articles: the hash of the text, normalised and with
    white space folded."""
    return hashlib.sha256(" ".join(normalise(text).split()).encode("utf-8")).hexdigest()


def _fingerprints(texts: list[str]) -> list[str]:
    """The ``_fingerprint`` of each text (a list in, a list out, as ``map_chunks`` calls it)."""
    return list(map(_fingerprint, texts))


@dataclass(frozen=True)
class _Metadata:
    """A folder's ``metadata.csv``: its columns, its usable rows keyed by file name (each with
    ``_line``, and ``_warnings`` for a bad date or date source, which is left out), the rows it
    skips as ``(line, problem)`` and the encoding it was read in. A file in the folder whose row
    is skipped has an entry holding only ``_skipped`` (the line)."""

    header: list[str]
    rows: dict[str, dict[str, str]]
    skipped: list[tuple[int, str]]
    encoding: str


def _read_metadata(root: Path) -> _Metadata:
    """Read ``metadata.csv``, skipping rows that cannot be used: ragged, naming a file outside the
    folder or missing, listed twice, or giving an id used before. A file that cannot be read as
    text, or a header without ``file``, raises."""
    path = root / METADATA_FILE
    rows: dict[str, dict[str, str]] = {}
    skipped: list[tuple[int, str]] = []
    text, encoding = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or "file" not in header:
        raise CorpusError(
            f"{path}:1: no 'file' column; the header must name at least 'file' "
            f"(known columns: {', '.join(METADATA_COLUMNS)})",
            input=METADATA_FILE,
        )
    ids: dict[str, int] = {}
    at = header.index("file")
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        name = values[at].strip() if len(values) > at else ""
        if len(values) != len(header):
            problem = f"{len(values)} fields where the header has {len(header)}"
            problem += "; quote fields that contain commas"
        else:
            row = {k: v.strip() for k, v in zip(header, values, strict=True)}
            doc_id = row.get("id") or Path(name).stem
            problem = _row_problem(root, name, doc_id, rows, ids)
        if problem:
            skipped.append((line, problem))
            if _inside(root, name) and (root / name).is_file() and name not in rows:
                rows[name] = {"_skipped": str(line)}  # the file is read as if not listed
            continue
        ids[doc_id] = line
        warnings = "; ".join(_field_problems(row, line))  # before the copy: it clears bad fields
        rows[name] = {**row, "_line": str(line), "_warnings": warnings}
    return _Metadata(header, rows, skipped, encoding)


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it, once links and ``..`` are resolved."""
    return path.resolve().is_relative_to(folder.resolve())


def _inside(root: Path, name: str) -> bool:
    """Whether the relative path ``name`` stays inside the folder ``root``."""
    return bool(name) and not Path(name).is_absolute() and _within(root / name, root)


def _row_problem(
    root: Path, name: str, doc_id: str, rows: dict[str, dict[str, str]], ids: dict[str, int]
) -> str:
    """Why a row of ``metadata.csv`` naming ``name`` with id ``doc_id`` cannot be used, or ``""``."""
    if not name:
        return "no file named; give the article's file name or delete the row"
    if not _inside(root, name):
        return f"file {name!r} lies outside the corpus directory {root}; list only files inside it"
    if not (root / name).is_file():
        return f"file {name!r} does not exist in {root}; correct the name or delete the row"
    if name in rows and "_line" in rows[name]:
        return f"file {name!r} is listed twice (first on line {rows[name]['_line']}); keep one row"
    if doc_id in ids:
        return f"id {doc_id!r} is used twice (first on line {ids[doc_id]}); give every article its own id"
    return ""


def _field_problems(row: dict[str, str], line: int) -> list[str]:
    """Problems with a usable row's ``published`` and ``date_source``, each removed from ``row``."""
    problems = []
    if row.get("published"):
        try:
            parse_iso_date(row["published"])
        except DateError as exc:
            problems.append(
                f"{METADATA_FILE}:{line}: published {exc}; write it as YYYY-MM-DD "
                "(the date is taken from the file)"
            )
            row["published"] = ""
    if row.get("date_source") and row["date_source"] not in DATE_SOURCES:
        problems.append(
            f"{METADATA_FILE}:{line}: date_source {row['date_source']!r} must be one of "
            f"{', '.join(DATE_SOURCES)} (left out)"
        )
        row["date_source"] = ""
    return problems


def _text_dates(text: str, row: _Row) -> tuple[dt.date | None, dt.date | None]:
    """The header date and the first dateline of ``text``; malformed ones become warnings."""
    header = None
    match = HEADER_RE.match(text)
    if match and match["value"][0].isdigit():
        try:
            header = parse_iso_date(match["value"])
        except DateError as exc:
            row.warn(f"line 1: date header {exc}; give the date in metadata.csv")
    dateline = None
    lines = text.splitlines()
    for line_no in compress(count(1), map(YEAR_DIGITS.search, lines)):  # a dateline has a year
        try:
            found = parse_date_line(lines[line_no - 1])
        except DateError as exc:
            row.warn(f"line {line_no}: {exc}; give the date in metadata.csv")
            continue
        if found:
            dateline = found
            break
    return header, dateline


def _resolve_date(path: Path, text: str, meta: dict[str, str], row: _Row) -> tuple[str, str, str]:
    """Return ``(published, date_source, date_note)``, checking metadata against the text: where
    they disagree, the date of ``metadata.csv`` is kept and ``row`` warned."""
    header, dateline = _text_dates(text, row)
    given = meta.get("published", "")
    source = meta.get("date_source", "")
    note = meta.get("date_note", "")
    where = f"{METADATA_FILE}:{meta.get('_line', '?')}"
    if given:
        date = parse_iso_date(given)
        for found, what in ((header, "date header"), (dateline, "dateline")):
            if found and found != date:
                row.warn(
                    f"{where}: published {date} disagrees with the {what} of {path.name} ({found}); "
                    "the date of metadata.csv is kept: correct the one that is wrong"
                )
        for claimed, found, what in (("header", header, "date header"), ("text", dateline, "dateline")):
            if source == claimed and not found:
                row.warn(f"{where}: date_source is {claimed!r} but {path.name} has no {what}")
                source = "metadata"
        return given, source or ("header" if header else "text" if dateline else "metadata"), note
    if header:
        return header.isoformat(), "header", note or "date header at the start of the file"
    if dateline:
        return dateline.isoformat(), "text", note or "dateline in the text"
    row.warn("no publication date in the file or in metadata.csv; add 'published' to metadata.csv")
    return "", "", note


def _table_rows(path: Path, text: str, columns: TableColumns) -> list[tuple[int, dict[str, str] | None, str]]:
    """Rows of a CSV or JSON Lines corpus (``text``, read from ``path``) as ``(line, fields or
    None, problem)``."""
    rows: list[tuple[int, dict[str, str] | None, str]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if not header or columns.text not in header:
            raise CorpusError(
                f"{path}:1: no {columns.text!r} column (columns: {', '.join(header or [])}); "
                "name the text column with --text-column",
                input=path.name,
            )
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                rows.append((line, None, "empty row: remove it"))
            elif len(values) != len(header):
                rows.append(
                    (
                        line,
                        None,
                        f"{len(values)} fields where the header has {len(header)}; "
                        "quote fields that contain commas",
                    )
                )
            else:
                rows.append((line, dict(zip(header, values, strict=True)), ""))
        return rows
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            rows.append((line, None, "empty line: remove it"))
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            rows.append((line, None, f"not valid JSON ({exc.msg} at column {exc.colno}): fix the line"))
            continue
        if not isinstance(record, dict):
            rows.append((line, None, "not a JSON object: write one object per line"))
            continue
        named = [getattr(columns, role) for role in COLUMN_ROLES]
        if nested := [name for name in named if isinstance(record.get(name), (list, dict))]:
            what = ", ".join(map(repr, nested))
            rows.append((line, None, f"{what} holds a JSON array or object: write it as one string"))
            continue
        rows.append((line, {k: "" if v is None else str(v) for k, v in record.items()}, ""))
    return rows


def _row_date(value: str, row: _Row) -> str:
    """A row's date as ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date), or ``""``."""
    if not value.strip():
        return ""
    try:
        return parse_iso_date(value.strip()[:10]).isoformat()
    except DateError as exc:
        row.warn(f"date {exc}; write it as YYYY-MM-DD")
        return ""


def _period(published: str, given: str, rule: PeriodRule | None, row: _Row) -> str:
    """The article's period: ``rule`` (else the year) of its date, else the one ``given``; with
    neither, ``NO_PERIOD`` and a warning."""
    period = given
    if published and (rule or not period):
        try:
            period = (rule or by_year)(dt.date.fromisoformat(published))
        except ValueError as exc:
            row.warn(f"no period: {exc}")
            return NO_PERIOD
    if not period:
        row.warn("no period: give a period or a publication date")
        return NO_PERIOD
    return period


def check_out(corpus: str | Path, out: str | Path) -> None:
    """Raise ``CorpusError`` when the output folder ``out`` is the corpus folder or inside it: a
    corpus is input and is never written to."""
    if Path(corpus).is_dir() and _within(Path(out), Path(corpus)):
        raise CorpusError(
            f"--out {out} is inside the corpus folder {corpus}, which is only read; "
            "choose an output folder outside it",
            input=str(out),
        )


def _not_a_corpus(root: Path) -> CorpusError:
    """The error for a path that is neither a corpus folder nor a table file."""
    if root.exists():
        return CorpusError(
            f"{root}: not a folder or a {'/'.join(TABLE_SUFFIXES)} file; pass the folder of .txt "
            "articles or a table with one article per row",
            input=root.name,
        )
    return CorpusError(
        f"{root}: no such directory or file; pass the folder that holds the .txt articles "
        "or a CSV / JSON Lines file",
        input=root.name,
    )


def read_corpus(
    path: str | Path,
    period_rule: PeriodRule | None = None,
    strict: bool = False,
    columns: TableColumns | None = None,
    workers: int = 1,
) -> Corpus:
    """Read the corpus at ``path``: a directory of ``*.txt`` files (sorted by name, with an
    optional ``metadata.csv``) or a ``.csv`` / ``.jsonl`` file with one article per row.

    Periods come from ``period_rule`` (applied to the publication date) when given, else from
    the period column or ``metadata.csv``, else from ``by_year``. An article whose content
    repeats an earlier one is skipped as a duplicate. With ``strict``, the first problem with an
    input raises ``CorpusError`` instead of being recorded. A corpus of ``PARALLEL_FILES``
    articles or more is read on ``workers`` processes (the same corpus, tested).
    """
    root = Path(path)
    if root.is_file() and root.suffix.lower() in TABLE_SUFFIXES:
        records = _read_table(root, period_rule, columns or TableColumns(), workers)
    elif root.is_dir():
        records = _read_directory(root, period_rule, workers)
    else:
        raise _not_a_corpus(root)
    report, documents, extra, keys = records
    seen: dict[str, str] = {}
    kept = []
    for row, document, key in zip(report, documents, keys, strict=True):
        if document is not None:
            if key in seen:
                row.skipped = True
                row.messages = [f"duplicate of {seen[key]} (same text): remove one of the two"]
            else:
                seen[key] = document["doc_id"]
                kept.append(document)
        if strict and (row.skipped or row.messages):
            raise CorpusError(
                f"{row.input}: {'; '.join(row.messages)} (stopped by --strict)", input=row.input
            )
    periods = {d["period"] for d in kept}
    for label in getattr(period_rule, "labels", []):
        if label not in periods:
            note = _Row("period rule", note=True)
            note.warn(f"period {label!r} has no articles: check its dates")
            report.append(note)
            if strict:
                raise CorpusError(
                    f"period {label!r} has no articles (stopped by --strict)", input="period rule"
                )
    docs = pd.DataFrame(kept, columns=DOCUMENT_COLUMNS + extra)
    return Corpus(docs, pd.DataFrame([r.as_dict() for r in report], columns=REPORT_COLUMNS))


def _read_table(path: Path, period_rule: PeriodRule | None, columns: TableColumns, workers: int = 1):
    """The report rows, documents (None for a skipped row), extra columns (none) and documents'
    fingerprints (None for a skipped row) of a CSV or JSON Lines file, as ``_read_directory``."""
    content, encoding = _read_text(path)
    report: list[_Row] = []
    documents: list[dict | None] = []
    whole = _Row(path.name)
    whole.warn_encoding(encoding)
    if whole.messages:  # the file itself gets a row
        report.append(whole)
        documents.append(None)
    used_ids: set[str] = set()
    for line, fields, problem in _table_rows(path, content, columns):
        row = _Row(f"{path.name}:{line}")
        report.append(row)
        if fields is None:
            row.skipped = True
            row.warn(problem)
            documents.append(None)
            continue
        row.doc_id = fields.get(columns.id, "").strip() or f"{path.stem}-{line}"
        if row.doc_id in used_ids:
            row.skipped = True
            row.warn(f"id {row.doc_id!r} is used by an earlier row; give every article its own id")
            documents.append(None)
            continue
        used_ids.add(row.doc_id)
        text = fields.get(columns.text, "")
        if not text.strip():
            row.skipped = True
            row.warn(f"empty {columns.text!r}: the row holds no article")
            documents.append(None)
            continue
        published = _row_date(fields.get(columns.date, ""), row)
        period = _period(published, fields.get(columns.period, "").strip(), period_rule, row)
        documents.append(
            {
                "doc_id": row.doc_id,
                "file": row.input,
                "encoding": encoding,
                "published": published,
                "date_source": "metadata" if published else "",
                "date_note": "",
                "period": period,
                "headline": fields.get(columns.headline, "").strip(),
                "outlet": fields.get(columns.outlet, "").strip(),
                "event": "",
                "text": text,
            }
        )
    texts = [document["text"] for document in documents if document is not None]
    found = iter(map_chunks(_fingerprints, texts, workers if len(texts) >= PARALLEL_FILES else 1))
    return report, documents, [], [None if document is None else next(found) for document in documents]


def _directory_inputs(root: Path) -> tuple[_Metadata | None, list[str], list[Path]]:
    """A corpus folder's ``metadata.csv`` (None when it has none), the names of its articles
    (``.txt`` files, in any case, and the files ``metadata.csv`` lists) and everything else in it
    that is not hidden (a name starting with ``.``): inputs the report says it did not read."""
    metadata = _read_metadata(root) if (root / METADATA_FILE).is_file() else None
    listed = set(metadata.rows if metadata else [])
    with os.scandir(root) as scan:  # file or folder from the listing itself, without a stat per file
        entries = [e for e in scan if not e.name.startswith(".") and e.name != METADATA_FILE]
    articles = {e.name for e in entries if e.name.lower().endswith(".txt") and e.is_file()}
    names = sorted(articles | listed)
    if not names:
        raise CorpusError(f"{root}: no .txt files; put one article per .txt file in it", input=root.name)
    known = set(names)
    others = sorted(Path(e.path) for e in entries if e.name not in known)
    return metadata, names, others


def _not_read(path: Path) -> _Row:
    """The report row of an entry of a corpus folder that is not an article."""
    why = (
        "a folder: articles are read from the corpus folder itself, not from folders inside it"
        if path.is_dir()
        else "not a .txt file: rename it to .txt to read it as an article, or move it out of the folder"
    )
    return _Row(path.name, skipped=True, messages=[why])


def input_files(path: str | Path) -> tuple[list[Path], list[str]]:
    """Every file ``read_corpus(path)`` reads (the table file, or a folder's ``metadata.csv``
    when there is one and its articles) and the names of what else a folder holds (each a
    skipped row of the report). Raises ``CorpusError`` as ``read_corpus`` does."""
    root = Path(path)
    if root.is_file() and root.suffix.lower() in TABLE_SUFFIXES:
        return [root], []
    if not root.is_dir():
        raise _not_a_corpus(root)
    metadata, names, others = _directory_inputs(root)
    files = ([root / METADATA_FILE] if metadata else []) + [root / n for n in names]
    return files, [p.name for p in others]


PARALLEL_FILES = 500
"""Articles from which a folder is read, and its articles fingerprinted, on several workers:
below it, starting the workers costs more than they save."""


def _read_directory(root: Path, period_rule: PeriodRule | None, workers: int = 1):
    """The report rows, documents (None for a skipped input), metadata columns beyond
    ``METADATA_COLUMNS`` and documents' ``_fingerprint`` (None for a skipped input) of a folder."""
    metadata, names, others = _directory_inputs(root)
    extra = [c for c in metadata.header if c not in METADATA_COLUMNS] if metadata else []
    read = partial(_read_files, root, metadata.rows if metadata else {}, period_rule, extra)
    rows, documents, keys = zip(
        *map_chunks(read, names, workers if len(names) >= PARALLEL_FILES else 1), strict=True
    )
    notes = []
    if metadata is not None:
        notes.append(_Row(METADATA_FILE))
        notes[-1].warn_encoding(metadata.encoding)
        for line, why in metadata.skipped:
            notes.append(_Row(f"{METADATA_FILE}:{line}", skipped=True, messages=[why]))
    notes.extend(map(_not_read, others))
    return [*notes, *rows], [None] * len(notes) + list(documents), extra, [None] * len(notes) + list(keys)


def _read_files(
    root: Path,
    metadata: dict[str, dict[str, str]],
    period_rule: PeriodRule | None,
    extra: list[str],
    names: list[str],
) -> list[tuple[_Row, dict | None, str | None]]:
    """Each of the articles ``names`` of the folder ``root``: its report row, its document and
    the document's ``_fingerprint`` (both None when it is skipped), the fingerprint taken by the
    worker that read the file rather than by a second pool of workers."""
    read = [_read_file(root, metadata, period_rule, extra, name) for name in names]
    return [
        (row, document, None if document is None else _fingerprint(document["text"]))
        for row, document in read
    ]


def _read_file(
    root: Path,
    metadata: dict[str, dict[str, str]],
    period_rule: PeriodRule | None,
    extra: list[str],
    name: str,
) -> tuple[_Row, dict | None]:
    file = root / name
    row = _Row(name)
    meta = metadata.get(name, {})
    if "_skipped" in meta:
        row.warn(
            f"its row in {METADATA_FILE} (line {meta['_skipped']}) is skipped; id, date and period "
            "are taken from the file"
        )
        meta = {}
    elif metadata and not meta:
        row.warn(f"not listed in {METADATA_FILE}; id, date and period are taken from the file")
    if meta.get("_warnings"):
        row.warn(meta["_warnings"])
    row.doc_id = meta.get("id") or file.stem
    text, encoding, problem = _decode(file.read_bytes())
    if text is None:
        row.skipped = True
        row.warn(problem)
        return row, None
    row.warn_encoding(encoding)
    published, source, note = _resolve_date(file, text, meta, row)
    period = _period(published, meta.get("period", ""), period_rule, row)
    headline = meta.get("headline") or detect_headline(text)
    if meta.get("headline") and normalise(meta["headline"]) not in normalise(text):
        row.warn("the headline given in metadata.csv does not occur in the text")
    document = {
        "doc_id": row.doc_id,
        "file": name,
        "encoding": encoding,
        "published": published,
        "date_source": source,
        "date_note": note,
        "period": period,
        "headline": headline,
        "outlet": meta.get("outlet", ""),
        "event": meta.get("event", ""),
        "text": text,
        **{c: meta.get(c, "") for c in extra},
    }
    return row, document
