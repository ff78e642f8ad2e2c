"""Non-destructive cleaning: split each raw text into kept and removed segments.

The segments of a document partition its raw text: concatenated in order they rebuild it
exactly. Removed segments carry the reason they were removed; nothing is edited.

Rules, in the order they are tried on each line:

1. ``date header``: `` date 2020-01-02 `` at the very start of the file.
2. the headline: the first non-blank line, kept with kind ``headline`` (a trailing
   `` | Section`` label is removed as ``site section label``); later copies of the same line
   are removed as ``repeated headline``.
3. ``date line``: a line that is nothing but a date (``02 January, 2020``).
4. the page-furniture rules of ``analysis/data/furniture.csv`` (reading time, captions,
   related links, social prompts, comment forms, server errors).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

import pandas as pd

from analysis.dates import HEADER_RE, DateError, parse_date_line
from analysis.lexicons import furniture_rules
from analysis.text import normalise

SEGMENT_COLUMNS = ["doc_id", "seg_id", "start", "end", "kept", "kind", "reason", "text"]
"""Columns of a segments table.

``start``/``end`` index the raw text; ``kept`` is True for article text (``kind`` is
``headline`` or ``body``, ``reason`` empty) and False for furniture (``kind`` empty,
``reason`` says why).
"""

_LINE_RE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_SECTION_RE = re.compile(r"\s*\|\s*[^|]+\Z")
_MAX_HEADLINE_WORDS = 25


def _without_section(line: str) -> str:
    """``line`` without a trailing `` | Section`` label. ``re`` tries ``_SECTION_RE`` at every
    position of a line (about 9 us for a paragraph), so a line without ``|`` is not searched."""
    return _SECTION_RE.sub("", line) if "|" in line else line


def _lines(text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    return (m.span() for m in _LINE_RE.finditer(text, pos))


def _content(text: str, start: int, end: int) -> str:
    return normalise(text[start:end]).strip()


def header_end(text: str) -> int:
    """Length of the scraper date header at the start of ``text`` (0 if there is none)."""
    match = HEADER_RE.match(text)
    return match.end() if match and match["value"][0].isdigit() else 0


def detect_headline(text: str) -> str:
    """Return the headline of a raw article text, or ``""`` if its first line is not one.

    The first non-blank line after any date header is a headline if it has at most 25 words,
    is followed by more text and does not end with a full stop; a trailing `` | Section`` label
    is not part of it. Pass the headline in ``metadata.csv`` where this guess is wrong.
    """
    lines = list(islice((span for span in _lines(text, header_end(text)) if _content(text, *span)), 2))
    if len(lines) < 2:
        return ""
    first = _without_section(_content(text, *lines[0]))
    if len(first.split()) > _MAX_HEADLINE_WORDS or first.rstrip("'\"").endswith("."):
        return ""
    try:
        if parse_date_line(first):
            return ""
    except DateError:
        return ""
    if any(scope != "span" and pattern.fullmatch(first) for pattern, scope, _ in furniture_rules()):
        return ""
    return first


def _furniture(content: str) -> tuple[str, str] | None:
    for pattern, scope, reason in furniture_rules():
        if scope != "span" and pattern.fullmatch(content):
            return scope, reason
    return None


def _is_date_line(content: str) -> bool:
    try:
        return parse_date_line(content) is not None
    except DateError:
        return True


def _span_removals(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    view = normalise(text[start:end])
    found = [
        (start + m.start(), start + m.end(), reason)
        for pattern, scope, reason in furniture_rules()
        if scope == "span"
        for m in pattern.finditer(view)
        if m.end() > m.start()
    ]
    return sorted(found)


def segment_document(doc_id: str, text: str, headline: str = "") -> list[dict]:
    """Segment one raw text into rows with the ``SEGMENT_COLUMNS`` fields (no ``seg_id``)."""
    pieces: list[tuple[int, int, bool, str, str]] = []  # start, end, kept, kind, reason

    def keep(start: int, end: int, kind: str = "body") -> None:
        for a, b, reason in _span_removals(text, start, end):
            if a > start:
                pieces.append((start, a, True, kind, ""))
            pieces.append((a, b, False, "", reason))
            start = b
        if end > start:
            pieces.append((start, end, True, kind, ""))

    pos = header_end(text)
    if pos:
        pieces.append((0, pos, False, "", "date header"))
    wanted = normalise(headline).strip()
    headline_seen = False
    rest_reason = ""
    for start, end in _lines(text, pos):
        content = _content(text, start, end)
        if rest_reason:
            pieces.append((start, end, False, "", rest_reason))
            continue
        if not content:
            keep(start, end)
            continue
        if wanted and not headline_seen and content.startswith(wanted):
            headline_seen = True
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            label_start = start + lead + len(wanted)
            label = _content(text, label_start, end)
            if label.startswith("|"):
                keep(start, label_start, "headline")
                pieces.append((label_start, end, False, "", "site section label"))
            else:
                keep(start, end, "headline")
            continue
        if wanted and headline_seen and _without_section(content) == wanted:
            pieces.append((start, end, False, "", "repeated headline"))
            continue
        if _is_date_line(content):
            pieces.append((start, end, False, "", "date line"))
            continue
        rule = _furniture(content)
        if rule:
            scope, reason = rule
            pieces.append((start, end, False, "", reason))
            if scope == "rest":
                rest_reason = reason
            continue
        keep(start, end)
    return [
        {
            "doc_id": doc_id,
            "start": a,
            "end": b,
            "kept": kept,
            "kind": kind,
            "reason": reason,
            "text": text[a:b],
        }
        for a, b, kept, kind, reason in pieces
    ]


def segment(documents: pd.DataFrame) -> pd.DataFrame:
    """Segment every document (columns ``doc_id``, ``text``, ``headline``).

    Returns a table with ``SEGMENT_COLUMNS``, one row per segment, ``seg_id`` counting from 0
    within each document.
    """
    rows = []
    for doc in documents.itertuples(index=False):
        doc_rows = segment_document(doc.doc_id, doc.text, doc.headline)
        for seg_id, row in enumerate(doc_rows):
            row["seg_id"] = seg_id
        rows.extend(doc_rows)
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS).astype(
        {"start": "int64", "end": "int64", "seg_id": "int64", "kept": "bool"}
    )


def cleaning_report(segments: pd.DataFrame) -> pd.DataFrame:
    """The removed segments: ``doc_id, seg_id, start, end, reason, text``, one row each."""
    removed = segments.loc[~segments["kept"], ["doc_id", "seg_id", "start", "end", "reason", "text"]]
    return removed.reset_index(drop=True)


def rebuilds_raw(documents: pd.DataFrame, segments: pd.DataFrame) -> pd.Series:
    """For each ``doc_id``: True if its segments, in order, concatenate to its raw text and
    tile it without gap or overlap."""
    result = {}
    for doc in documents.itertuples(index=False):
        rows = segments[segments["doc_id"] == doc.doc_id].sort_values("seg_id")
        contiguous = rows["start"].tolist() == [0, *rows["end"].tolist()[:-1]]
        result[doc.doc_id] = contiguous and "".join(rows["text"]) == doc.text
    return pd.Series(result, name="rebuilds_raw")
