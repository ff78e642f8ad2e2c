"""Sentences and tokens as tidy tables, with offsets into the raw text, using no NLTK data.

Sentences come from NLTK's Punkt algorithm with abbreviations from
``analysis/data/abbreviations.csv`` (so it needs no downloaded NLTK data) and never cross a
line: every kept segment is split on its own. Tokens come from NLTK's ``RegexpTokenizer`` with
the grammar below, scanned over the normalised text so curly quotes and dashes behave like
straight ones, while ``token`` is always the raw text as written.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import regex
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from analysis.lexicons import abbreviations, stopwords
from analysis.text import normalise, token_view

SENTENCE_COLUMNS = ["doc_id", "sent_id", "seg_id", "kind", "start", "end", "text"]
"""Columns of a sentences table: ``sent_id`` counts from 0 within a document, ``seg_id`` is the
kept segment it lies in, ``kind`` is ``headline`` or ``body``, ``text`` is ``raw[start:end]``."""

TOKEN_COLUMNS = [
    "doc_id",
    "sent_id",
    "token_id",
    "start",
    "end",
    "token",
    "lower",
    "norm",
    "is_stop",
    "is_punct",
]
"""Columns of a tokens table: ``token_id`` counts from 0 within a document; ``token`` is
``raw[start:end]``; ``lower`` is its normalised lower-case form (a curly apostrophe becomes a straight one);
``norm`` is the Snowball (Porter 2) stem of ``lower``; ``is_stop`` marks stop words (an
all-capital acronym such as ``US`` or ``IS`` is never one); ``is_punct`` marks tokens with no
letter or digit."""

_CLITICS = r"(?:s|re|ve|ll|d|m)"


def _token_pattern() -> str:
    titles = sorted((a for a in abbreviations() if "." not in a), key=len, reverse=True)
    title = r"\b(?:" + "|".join(titles) + r")\."
    return "|".join(
        [
            r"https?://\S+|www\.\S+",  # web addresses
            title + r"(?:-(?:" + "|".join(titles) + r")\.)*",  # Mr.  Maj.-Gen.
            r"[^\W\d_](?:\.[^\W\d_])+\.?",  # U.S.  U.S  e.g.
            r"\d+(?:[.,:]\d+)+",  # 25,000  2.5  10:30
            r"\w+(?=n't\b)",  # does|n't  (Penn Treebank)
            r"n't\b",
            r"'" + _CLITICS + r"\b",  # Iran|'s  we|'re
            r"\w+(?:(?:-|'(?!" + _CLITICS + r"\b))\w+)*",  # Iran-backed  Kata'ib
            r"\.{2,}|-{2,}|[^\w\s]",  # ...  --  single punctuation
        ]
    )


@cache
def word_tokenizer() -> RegexpTokenizer:
    """The token grammar as an NLTK ``RegexpTokenizer`` (case-insensitive)."""
    return RegexpTokenizer(_token_pattern(), flags=re.IGNORECASE | re.UNICODE)


@cache
def token_pattern() -> re.Pattern[str]:
    """The token grammar compiled by ``re``: the spans of ``word_tokenizer``, without its timeout."""
    return re.compile(_token_pattern(), flags=re.IGNORECASE | re.UNICODE)


def _untimed(pattern: regex.Pattern) -> regex.Pattern:
    return regex.compile(pattern.pattern, pattern.flags)


class _LanguageVars(PunktLanguageVars):
    """NLTK's English Punkt settings, with the three patterns Punkt runs on every sentence
    compiled by the same ``regex`` engine but without ``nltk.redos``'s per-match timeout (the
    patterns are NLTK's own, not a caller's). Identical sentences (tested), about a third
    faster."""

    re_boundary_realignment = _untimed(PunktLanguageVars.re_boundary_realignment)

    def __init__(self) -> None:
        super().__init__()
        self._re_word_tokenizer = _untimed(super()._word_tokenizer_re())
        self._re_period_context = _untimed(super().period_context_re())


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the reviewed abbreviation list and no trained model."""
    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params, lang_vars=_LanguageVars())


@cache
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


_STARTS_LOWER = re.compile(r"""["'(\[]*[a-z]""")


def _spans(punkt: PunktSentenceTokenizer, view: str) -> list[tuple[int, int]]:
    """Punkt's spans, with a span that starts in lower case joined to the one before: Punkt
    breaks after ``!"`` or ``?"`` even when the attribution follows (``... indeed!" the
    president wrote.``)."""
    spans: list[tuple[int, int]] = []
    for a, b in punkt.span_tokenize(view):
        if spans and _STARTS_LOWER.match(view, a):
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def split_sentences(documents: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Split the kept segments of every document into sentences (``SENTENCE_COLUMNS``)."""
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    punkt = sentence_tokenizer()
    rows = []
    kept = segments.loc[segments["kept"]]
    for doc_id, doc_segments in kept.groupby("doc_id", sort=False):
        raw = texts[doc_id]
        normalised = normalise(raw)
        sent_id = 0
        for seg in doc_segments.itertuples(index=False):
            for a, b in _spans(punkt, normalised[seg.start : seg.end]):
                start, end = seg.start + a, seg.start + b
                rows.append((doc_id, sent_id, seg.seg_id, seg.kind, start, end, raw[start:end]))
                sent_id += 1
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS).astype(
        {"sent_id": "int64", "seg_id": "int64", "start": "int64", "end": "int64"}
    )


def tokenize(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Tokenize every sentence (``TOKEN_COLUMNS``), one row per token.

    Stems and flags depend only on the token's form, so each distinct form is stemmed once;
    equal strings share one object, which keeps a large tokens table small in memory.
    """
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    scan = token_pattern().finditer
    forms: dict[str, str] = {}
    columns: tuple[list, ...] = ([], [], [], [], [], [])
    doc_ids, sent_ids, token_ids, starts, ends, surfaces = columns
    positions = sentences.reset_index(drop=True).groupby("doc_id", sort=False).indices
    sent_starts, sent_ends = sentences["start"].to_numpy(), sentences["end"].to_numpy()
    sent_numbers = sentences["sent_id"].to_numpy()
    for doc_id, rows in positions.items():
        raw = texts[doc_id]
        view = token_view(raw)
        token_id = 0
        for row in rows:
            offset, sent_id = int(sent_starts[row]), int(sent_numbers[row])
            for match in scan(view[offset : int(sent_ends[row])]):
                a, b = match.span()
                form = raw[offset + a : offset + b]
                doc_ids.append(doc_id)
                sent_ids.append(sent_id)
                token_ids.append(token_id)
                starts.append(offset + a)
                ends.append(offset + b)
                surfaces.append(forms.setdefault(form, form))
                token_id += 1
    tokens = pd.DataFrame(dict(zip(TOKEN_COLUMNS[:6], columns, strict=True)))
    surfaces = list(forms)
    lower = {f: forms.setdefault(w, w) for f in surfaces for w in [normalise(f).lower()]}
    stem, stop = _stemmer().stem, stopwords()
    punct = {w: not any(ch.isalnum() for ch in w) for w in set(lower.values())}
    norms = {w: forms.setdefault(n, n) for w, p in punct.items() for n in [w if p else stem(w)]}
    tokens["lower"] = tokens["token"].map(lower)
    tokens["norm"] = tokens["lower"].map(norms)
    acronym = {f: len(f) > 1 and f.isupper() for f in surfaces}
    tokens["is_stop"] = tokens["lower"].isin(stop) & ~tokens["token"].map(acronym).astype(bool)
    tokens["is_punct"] = tokens["lower"].map(punct).astype(bool)
    return tokens.astype({"sent_id": "int64", "token_id": "int64", "start": "int64", "end": "int64"})


def tokens_in_spans(tokens: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """For each token (``doc_id, start, end``), True if it overlaps a span (``doc_id, start,
    end``, such as actor mentions) of its document; spans may overlap one another.

    Offsets become one axis (document number times a stride, plus the offset); a token overlaps
    a span iff, among the spans starting before the token ends, the largest end lies past the
    token's start."""
    docs = pd.Index(pd.unique(tokens["doc_id"]))
    known = spans["doc_id"].isin(docs).to_numpy()
    if not known.any():
        return np.zeros(len(tokens), dtype=bool)
    stride = int(max(tokens["end"].max(), spans["end"].max())) + 1
    span_base = docs.get_indexer(spans["doc_id"][known]).astype(np.int64) * stride
    span_starts = span_base + spans["start"].to_numpy()[known]
    order = np.argsort(span_starts, kind="stable")
    span_starts = span_starts[order]
    reach = np.maximum.accumulate((span_base + spans["end"].to_numpy()[known])[order])
    base = docs.get_indexer(tokens["doc_id"]).astype(np.int64) * stride
    last = np.searchsorted(span_starts, base + tokens["end"].to_numpy(), side="left") - 1
    return (last >= 0) & (reach[np.maximum(last, 0)] > base + tokens["start"].to_numpy())
