"""Sentences and tokens as tidy tables, with offsets into the raw text, using no NLTK data.

Sentences come from NLTK's Punkt algorithm with abbreviations from
``analysis/data/abbreviations.csv`` (so it needs no downloaded NLTK data) and never cross a
line: every kept segment is split on its own. Tokens come from NLTK's ``RegexpTokenizer`` with
the grammar below, scanned over the normalised text so curly quotes and dashes behave like
straight ones, while ``token`` is always the raw text as written.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import chain

import numpy as np
import pandas as pd
import regex
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

from analysis.frames import column_lists, factorize_runs
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

_CASE_VARIANTS = {"i": "Ii\u0130\u0131", "k": "Kk\u212a", "s": "Ss\u017f"}
"""Letters that ``re.IGNORECASE`` also matches beyond their two ASCII cases (tested on every
code point); other ASCII letters match their two cases only."""


def _anycase(word: str) -> str:
    """``word`` (ASCII letters) as a pattern matching what ``re.IGNORECASE`` would match."""
    return "".join(f"[{_CASE_VARIANTS.get(c, c + c.upper())}]" for c in word.lower())


def _grammar() -> list[str]:
    """The token grammar: its alternatives in order, the first that matches wins.

    Letters are spelled out in both cases (``_anycase``) rather than compiled with
    ``re.IGNORECASE``, and titles are tried only before a word that ends in a full stop (what a
    title is): both leave the spans unchanged (the character classes match the same with or
    without ``re.IGNORECASE``, tested on every code point) and halve the time of a scan."""
    titles = "|".join(
        _anycase(a) for a in sorted((a for a in abbreviations() if "." not in a), key=len, reverse=True)
    )
    clitics = "(?:" + "|".join(_anycase(c) for c in ("s", "re", "ve", "ll", "d", "m")) + ")"
    nt = _anycase("n") + "'" + _anycase("t")
    return [
        _anycase("http") + _anycase("s") + r"?://\S+|" + _anycase("www") + r"\.\S+",  # web addresses
        r"\b(?=\w+\.)(?:" + titles + r")\.(?:-(?:" + titles + r")\.)*",  # Mr.  Maj.-Gen.
        r"[^\W\d_](?:\.[^\W\d_])+\.?",  # U.S.  U.S  e.g.
        r"\d+(?:[.,:]\d+)+",  # 25,000  2.5  10:30
        r"\w+(?=" + nt + r"\b)",  # does|n't  (Penn Treebank)
        nt + r"\b",
        r"'" + clitics + r"\b",  # Iran|'s  we|'re
        r"\w+(?:(?:-|'(?!" + clitics + r"\b))\w+)*",  # Iran-backed  Kata'ib
        r"\.{2,}|-{2,}|[^\w\s]",  # ...  --  single punctuation
    ]


_PLAIN_WORD = r"[^\W\d_]\w*(?=[\s,;!?\")\]]|\Z)|\w+(?=[\s;!?\")\]]|\Z)"
"""The commonest token, tried before the grammar: a whole word followed by a space, the end or
a mark that no alternative of the grammar continues over (not a full stop, hyphen, apostrophe
or colon, nor a comma after a number: "25,000"). Where it matches, every earlier alternative of
the grammar fails and the word alternative gives the same span (the grammar without it gives
the same spans, tested), at about a third less scanning."""


def _token_pattern() -> str:
    """``_PLAIN_WORD``, then the grammar, tried only where a character other than white space
    starts: every alternative starts with one, so the spans are the same (tested), but ``re``
    tries one check at each space between tokens instead of every alternative in turn (a
    third fewer instructions in the scan, callgrind)."""
    return r"(?=\S)(?:" + "|".join([_PLAIN_WORD, *_grammar()]) + ")"


@cache
def word_tokenizer() -> RegexpTokenizer:
    """The token grammar as an NLTK ``RegexpTokenizer`` (case-insensitive)."""
    return RegexpTokenizer(_token_pattern(), flags=re.IGNORECASE | re.UNICODE)


@cache
def token_pattern() -> re.Pattern[str]:
    """The token grammar compiled by ``re``: the spans of ``word_tokenizer``, without its timeout."""
    return re.compile(_token_pattern(), flags=re.UNICODE)


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


class _Token(PunktToken):
    """NLTK's Punkt token with the patterns it runs on every token Punkt looks at compiled
    without the per-match timeout, as ``_LanguageVars`` (the one it leaves timed serves training
    only): identical sentences (tested), and splitting takes about a quarter less time."""

    _RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
    _RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
    _RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
    _RE_ALPHA = _untimed(PunktToken._RE_ALPHA)


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the reviewed abbreviation list and no trained model."""
    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params, lang_vars=_LanguageVars(), token_cls=_Token)


STEMS_KEPT = 1 << 18
"""Stems remembered across calls: a worker tokenizes one chunk of a corpus after another, and
each chunk would otherwise stem its whole vocabulary again."""


@lru_cache(maxsize=STEMS_KEPT)
def stem(word: str) -> str:
    """The Snowball (English) stem of ``word``."""
    return _stemmer().stem(word)


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


def _grouped_order(table: pd.DataFrame) -> np.ndarray:
    """Positions of ``table``'s rows with each document's rows together, documents in the order
    they first appear and rows in table order within them (``groupby("doc_id", sort=False)``'s
    order), so that one pass over plain lists can stand in for a loop over groups."""
    return np.concatenate([np.empty(0, dtype=np.intp), *table.groupby("doc_id", sort=False).indices.values()])


def split_sentences(documents: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Split the kept segments of every document into sentences (``SENTENCE_COLUMNS``)."""
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    punkt = sentence_tokenizer()
    rows = []
    kept = segments.loc[segments["kept"]].reset_index(drop=True)
    by_document = kept.iloc[_grouped_order(kept)]  # a document's segments together, as groupby has them
    current = None
    for doc_id, seg_id, kind, seg_start, seg_end in zip(
        *column_lists(by_document, "doc_id", "seg_id", "kind", "start", "end"), strict=True
    ):
        if doc_id != current:
            current, raw, sent_id = doc_id, texts[doc_id], 0
            normalised = normalise(raw)
        for a, b in _spans(punkt, normalised[seg_start:seg_end]):
            start, end = seg_start + a, seg_start + b
            rows.append((doc_id, sent_id, seg_id, kind, start, end, raw[start:end]))
            sent_id += 1
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS).astype(
        {"sent_id": "int64", "seg_id": "int64", "start": "int64", "end": "int64"}
    )


def tokenize(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Tokenize every sentence (``TOKEN_COLUMNS``), one row per token.

    Each distinct form gets a number as it is first met; its lower-case form, stem and flags
    are worked out once per form and spread to the tokens by that number. Equal strings share
    one object, which keeps a large tokens table small in memory.
    """
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    scan, span = token_pattern().finditer, re.Match.span
    codes: dict[str, int] = {}
    code = codes.setdefault
    spans: list[tuple[int, int]] = []
    form_codes: list[int] = []
    counts: list[int] = []
    table = sentences.reset_index(drop=True)
    order = _grouped_order(table)
    sent_starts, sent_ends = table["start"].to_numpy()[order], table["end"].to_numpy()[order]
    doc_ids = table["doc_id"].to_numpy(dtype=object)[order]
    raw = view = ""
    for doc_id, offset, end in zip(doc_ids, sent_starts.tolist(), sent_ends.tolist(), strict=True):
        if raw is not texts[doc_id]:
            raw = texts[doc_id]
            view = token_view(raw)
        piece = raw[offset:end]
        found = list(map(span, scan(view[offset:end])))
        spans.extend(found)
        form_codes.extend([code(piece[a:b], len(codes)) for a, b in found])
        counts.append(len(found))
    rows = np.repeat(np.arange(len(order)), counts)
    relative = np.fromiter(chain.from_iterable(spans), dtype=np.int64, count=2 * len(spans)).reshape(-1, 2)
    token_docs = doc_ids[rows]
    first = np.flatnonzero(np.r_[True, token_docs[1:] != token_docs[:-1]]) if len(rows) else rows
    token_ids = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
    forms = list(codes)
    shared = dict(zip(forms, forms, strict=True))
    lower = [shared.setdefault(w, w) for f in forms for w in [normalise(f).lower()]]
    stop = stopwords()
    punct = {w: not any(ch.isalnum() for ch in w) for w in set(lower)}
    norms = {w: shared.setdefault(n, n) for w, p in punct.items() for n in [w if p else stem(w)]}
    at = np.array(form_codes, dtype=np.intp)
    per_form = {
        "token": np.array(forms, dtype=object),
        "lower": np.array(lower, dtype=object),
        "norm": np.array([norms[w] for w in lower], dtype=object),
        "is_stop": np.array(
            [w in stop and not (len(f) > 1 and f.isupper()) for f, w in zip(forms, lower, strict=True)], bool
        ),
        "is_punct": np.array([punct[w] for w in lower], dtype=bool),
    }
    columns = {
        "doc_id": token_docs,
        "sent_id": table["sent_id"].to_numpy(dtype=np.int64)[order][rows],
        "token_id": token_ids.astype(np.int64),
        "start": sent_starts[rows] + relative[:, 0],
        "end": sent_starts[rows] + relative[:, 1],
        **{name: values[at] for name, values in per_form.items()},
    }
    strings = ("doc_id", "token", "lower", "norm")
    return pd.DataFrame({k: pd.array(v, dtype="str") if k in strings else v for k, v in columns.items()})


def tokens_in_spans(tokens: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """For each token (``doc_id, start, end``), True if it overlaps a span (``doc_id, start,
    end``, such as actor mentions) of its document; spans may overlap one another.

    Offsets become one axis (document number times a stride, plus the offset); a token overlaps
    a span iff, among the spans starting before the token ends, the largest end lies past the
    token's start."""
    token_docs, docs = factorize_runs(tokens["doc_id"].to_numpy(dtype=object))
    docs = pd.Index(docs)
    known = spans["doc_id"].isin(docs).to_numpy()
    if not known.any():
        return np.zeros(len(tokens), dtype=bool)
    stride = int(max(tokens["end"].max(), spans["end"].max())) + 1
    span_base = docs.get_indexer(spans["doc_id"][known]).astype(np.int64) * stride
    span_starts = span_base + spans["start"].to_numpy()[known]
    order = np.argsort(span_starts, kind="stable")
    span_starts = span_starts[order]
    reach = np.maximum.accumulate((span_base + spans["end"].to_numpy()[known])[order])
    base = token_docs.astype(np.int64) * stride
    last = np.searchsorted(span_starts, base + tokens["end"].to_numpy(), side="left") - 1
    return (last >= 0) & (reach[np.maximum(last, 0)] > base + tokens["start"].to_numpy())
