"""Character normalisation that keeps offsets: every change maps one character to one.

Matching runs on the normalised text, reporting runs on the raw text; because the two have
the same length, a span ``[start, end)`` found in one indexes the same characters in the other.
"""

from __future__ import annotations

_SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000"
_HYPHENS = "\u2010\u2011\u2012\u2013\u2212"
EM_DASHES = "\u2014\u2015"

NORMALISE_TABLE: dict[int, str] = {
    **{ord(c): " " for c in _SPACES},
    **{ord(c): "-" for c in _HYPHENS + EM_DASHES},
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
}
"""Non-breaking and typographic spaces become a space, hyphens and dashes ``-``, curly
single quotes and apostrophes ``'``, curly double quotes and guillemets ``"``."""

TOKEN_VIEW_TABLE: dict[int, str] = {k: v for k, v in NORMALISE_TABLE.items() if chr(k) not in EM_DASHES}
"""The table the tokenizer reads through: as ``NORMALISE_TABLE`` but em dashes stay em dashes,
so that ``war\u2014and`` splits at the dash instead of becoming one hyphenated word."""


_NORMALISE_PAIRS = [(chr(k), v) for k, v in NORMALISE_TABLE.items()]
_TOKEN_VIEW_PAIRS = [(chr(k), v) for k, v in TOKEN_VIEW_TABLE.items()]


def _replace(text: str, pairs: list[tuple[str, str]]) -> str:
    # the same as text.translate(table), but a C scan per character in the table is many times
    # faster than translate's dictionary look-up per character of the text
    if text.isascii():
        return text
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def normalise(text: str) -> str:
    """Return ``text`` with spaces, dashes and quotes normalised; the length never changes."""
    return _replace(text, _NORMALISE_PAIRS)


def token_view(text: str) -> str:
    """Return the string the tokenizer scans: normalised, except that em dashes are kept."""
    return _replace(text, _TOKEN_VIEW_PAIRS)
