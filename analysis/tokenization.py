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
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

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
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the reviewed abbreviation list and no trained model."""
    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params)


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
        sent_id = 0
        for seg in doc_segments.itertuples(index=False):
            view = normalise(raw[seg.start : seg.end])
            for a, b in _spans(punkt, view):
                start, end = seg.start + a, seg.start + b
                rows.append((doc_id, sent_id, seg.seg_id, seg.kind, start, end, raw[start:end]))
                sent_id += 1
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS).astype(
        {"sent_id": "int64", "seg_id": "int64", "start": "int64", "end": "int64"}
    )


def tokenize(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Tokenize every sentence (``TOKEN_COLUMNS``), one row per token.

    Stems and flags depend only on the token's form, so each distinct form is stemmed once.
    """
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    spans = word_tokenizer().span_tokenize
    rows = []
    token_id = 0
    previous_doc = None
    for sent in sentences.itertuples(index=False):
        if sent.doc_id != previous_doc:
            previous_doc, token_id = sent.doc_id, 0
        raw = texts[sent.doc_id]
        for a, b in spans(token_view(raw[sent.start : sent.end])):
            start, end = sent.start + a, sent.start + b
            rows.append((sent.doc_id, sent.sent_id, token_id, start, end, raw[start:end]))
            token_id += 1
    tokens = pd.DataFrame(rows, columns=TOKEN_COLUMNS[:6])
    forms = pd.Series(pd.unique(tokens["token"]), dtype=object)
    lower = dict(zip(forms, (normalise(f).lower() for f in forms), strict=True))
    tokens["lower"] = tokens["token"].map(lower)
    stem, stop = _stemmer().stem, stopwords()
    punct = {w: not any(ch.isalnum() for ch in w) for w in set(lower.values())}
    tokens["norm"] = tokens["lower"].map({w: w if p else stem(w) for w, p in punct.items()})
    acronym = {f: len(f) > 1 and f.isupper() for f in forms}
    tokens["is_stop"] = tokens["lower"].isin(stop) & ~tokens["token"].map(acronym).astype(bool)
    tokens["is_punct"] = tokens["lower"].map(punct).astype(bool)
    return tokens.astype({"sent_id": "int64", "token_id": "int64", "start": "int64", "end": "int64"})


def tokens_in_spans(tokens: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """For each token (``doc_id, start, end``), True if it overlaps a span (``doc_id, start,
    end``, such as actor mentions) of its document."""
    inside = np.zeros(len(tokens), dtype=bool)
    starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
    positions = tokens.reset_index(drop=True).groupby("doc_id", sort=False).indices
    for doc_id, doc_spans in spans.groupby("doc_id", sort=False):
        at = positions.get(doc_id)
        if at is None:
            continue
        for a, b in zip(doc_spans["start"], doc_spans["end"], strict=True):
            inside[at[(starts[at] < b) & (ends[at] > a)]] = True
    return inside
