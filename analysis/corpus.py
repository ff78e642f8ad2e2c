"""Read a directory of ``.txt`` articles and an optional ``metadata.csv`` into a documents table.

Problems that make the corpus itself unusable (a missing directory, a broken or contradictory
``metadata.csv``) raise ``CorpusError`` with ``path:line: problem; what to do``. Problems with
one article (empty, binary, not UTF-8, no date) are recorded in the run report, and the article
is skipped or read with a warning; no input leaves without a row in the report.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.cleaning import detect_headline
from analysis.dates import HEADER_RE, DateError, PeriodRule, by_year, parse_date_line, parse_iso_date
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
DOCUMENT_COLUMNS = [
    "doc_id",
    "file",
    "published",
    "date_source",
    "date_note",
    "period",
    "headline",
    "outlet",
    "event",
    "text",
]
"""Columns of a documents table: ``published`` is a ``YYYY-MM-DD`` string (empty if unknown),
``date_source`` says how it is known (``header``: the file's date header; ``text``: a
dateline in the text; ``inferred``: worked out from events the text reports, see
``date_note``; ``metadata``: given in ``metadata.csv`` without provenance), ``text`` is the raw
text as decoded from the file."""
REPORT_COLUMNS = ["input", "doc_id", "status", "message"]
"""Columns of a run report: one row per input (file or ``metadata.csv``); ``status`` is
``read``, ``read with warnings`` or ``skipped``; ``message`` joins every warning with ``; ``."""


class CorpusError(ValueError):
    """The corpus cannot be read as given; the message names the file, the line and the fix."""


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

    def warn(self, message: str) -> None:
        self.messages.append(message)

    def as_dict(self) -> dict[str, str]:
        status = "skipped" if self.skipped else "read with warnings" if self.messages else "read"
        return {
            "input": self.input,
            "doc_id": self.doc_id,
            "status": status,
            "message": "; ".join(self.messages),
        }


def add_warning(report: pd.DataFrame, doc_id: str, message: str) -> pd.DataFrame:
    """Return ``report`` with ``message`` appended to the row of ``doc_id`` (now read with
    warnings, unless it was skipped)."""
    report = report.copy()
    at = report["doc_id"] == doc_id
    report.loc[at, "message"] = [f"{m}; {message}" if m else message for m in report.loc[at, "message"]]
    report.loc[at & (report["status"] == "read"), "status"] = "read with warnings"
    return report


def _decode(data: bytes) -> tuple[str | None, str]:
    """Return ``(text, "")`` or ``(None, reason the file cannot be read as an article)``."""
    if not data.strip():
        return None, "empty file: it holds no text; remove it or fill it"
    if b"\x00" in data:
        return None, "not a text file (it contains NUL bytes): remove it from the corpus directory"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}, "
            f"line {line}): re-save the file as UTF-8"
        )


def _read_metadata(root: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Read ``metadata.csv``: its columns and its rows keyed by file name, each with ``_line``."""
    path = root / METADATA_FILE
    rows: dict[str, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or "file" not in header:
            raise CorpusError(
                f"{path}:1: no 'file' column; the header must name at least 'file' "
                f"(known columns: {', '.join(METADATA_COLUMNS)})"
            )
        ids: dict[str, int] = {}
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise CorpusError(
                    f"{path}:{line}: {len(values)} fields where the header has "
                    f"{len(header)}; quote fields that contain commas"
                )
            row = {k: v.strip() for k, v in zip(header, values, strict=True)}
            name = row["file"]
            target = (root / name).resolve()
            if not target.is_relative_to(root.resolve()) or Path(name).is_absolute():
                raise CorpusError(
                    f"{path}:{line}: file {name!r} lies outside the corpus directory "
                    f"{root}; list only files inside it"
                )
            if not target.is_file():
                raise CorpusError(
                    f"{path}:{line}: file {name!r} does not exist in {root}; "
                    "correct the name or delete the row"
                )
            if name in rows:
                raise CorpusError(
                    f"{path}:{line}: file {name!r} is listed twice "
                    f"(first on line {rows[name]['_line']}); keep one row"
                )
            doc_id = row.get("id") or Path(name).stem
            if doc_id in ids:
                raise CorpusError(
                    f"{path}:{line}: id {doc_id!r} is used twice (first on line "
                    f"{ids[doc_id]}); give every article its own id"
                )
            ids[doc_id] = line
            if row.get("published"):
                try:
                    parse_iso_date(row["published"])
                except DateError as exc:
                    raise CorpusError(f"{path}:{line}: published {exc}; write it as YYYY-MM-DD") from None
            source = row.get("date_source", "")
            if source and source not in DATE_SOURCES:
                raise CorpusError(
                    f"{path}:{line}: date_source {source!r} must be one of {', '.join(DATE_SOURCES)}"
                )
            rows[name] = {**row, "_line": str(line)}
    return header, rows


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
    for line_no, line in enumerate(text.splitlines(), start=1):
        try:
            found = parse_date_line(line)
        except DateError as exc:
            row.warn(f"line {line_no}: {exc}; give the date in metadata.csv")
            continue
        if found:
            dateline = found
            break
    return header, dateline


def _resolve_date(path: Path, text: str, meta: dict[str, str], row: _Row) -> tuple[str, str, str]:
    """Return ``(published, date_source, date_note)``, checking metadata against the text."""
    header, dateline = _text_dates(text, row)
    given = meta.get("published", "")
    source = meta.get("date_source", "")
    note = meta.get("date_note", "")
    where = f"{path.parent / METADATA_FILE}:{meta.get('_line', '?')}"
    if given:
        date = parse_iso_date(given)
        for found, what in ((header, "date header"), (dateline, "dateline")):
            if found and found != date:
                raise CorpusError(
                    f"{where}: published {date} disagrees with the {what} of "
                    f"{path.name} ({found}); correct metadata.csv"
                )
        if source == "header" and not header:
            raise CorpusError(f"{where}: date_source is 'header' but {path.name} has no date header")
        if source == "text" and not dateline:
            raise CorpusError(f"{where}: date_source is 'text' but {path.name} has no dateline")
        return given, source or ("header" if header else "text" if dateline else "metadata"), note
    if header:
        return header.isoformat(), "header", note or "date header at the start of the file"
    if dateline:
        return dateline.isoformat(), "text", note or "dateline in the text"
    row.warn("no publication date in the file or in metadata.csv; add 'published' to metadata.csv")
    return "", "", note


def read_corpus(path: str | Path, period_rule: PeriodRule | None = None) -> Corpus:
    """Read every ``*.txt`` file of the directory ``path`` (sorted by name).

    Periods come from ``period_rule`` (applied to the publication date) when given, else from
    the ``period`` column of ``metadata.csv``, else from ``by_year``. An article with neither a
    period nor a date is read with a warning and an empty period.
    """
    root = Path(path)
    if not root.is_dir():
        raise CorpusError(f"{root}: no such directory; pass the folder that holds the .txt articles")
    header, metadata = _read_metadata(root) if (root / METADATA_FILE).is_file() else ([], {})
    names = sorted({p.name for p in root.glob("*.txt")} | set(metadata))
    if not names:
        raise CorpusError(f"{root}: no .txt files; put one article per .txt file in it")
    extra = [c for c in header if c not in METADATA_COLUMNS]
    report = [_Row(METADATA_FILE)] if metadata else []
    documents = []
    for name in names:
        file = root / name
        row = _Row(name)
        report.append(row)
        meta = metadata.get(name, {})
        if metadata and not meta:
            row.warn(f"not listed in {METADATA_FILE}; id, date and period are taken from the file")
        row.doc_id = meta.get("id") or file.stem
        text, problem = _decode(file.read_bytes())
        if text is None:
            row.skipped = True
            row.warn(problem)
            continue
        published, source, note = _resolve_date(file, text, meta, row)
        period = meta.get("period", "")
        if published and (period_rule or not period):
            period = (period_rule or by_year)(dt.date.fromisoformat(published))
        if not period:
            row.warn("no period: give 'period' or 'published' in metadata.csv")
        headline = meta.get("headline") or detect_headline(text)
        if meta.get("headline") and normalise(meta["headline"]) not in normalise(text):
            row.warn("the headline given in metadata.csv does not occur in the text")
        documents.append(
            {
                "doc_id": row.doc_id,
                "file": name,
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
        )
    docs = pd.DataFrame(documents, columns=DOCUMENT_COLUMNS + extra)
    return Corpus(docs, pd.DataFrame([r.as_dict() for r in report], columns=REPORT_COLUMNS))
