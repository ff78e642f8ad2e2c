"""Where terms occur: keyword-in-context lines and positions within each article."""

from __future__ import annotations

import pandas as pd

KWIC_COLUMNS = ["doc_id", "sent_id", "start", "end", "left", "match", "right"]
"""Columns of a concordance: ``match`` is ``raw[start:end]``; ``left`` and ``right`` are up to
``width`` characters of raw context with line breaks shown as spaces."""

DISPERSION_COLUMNS = ["doc_id", "term", "token_id", "start", "position"]
"""Columns of a dispersion table: ``position`` is ``token_id / n_tokens`` of the document,
0 at the first token and just under 1 at the last."""


def _matches(tokens: pd.DataFrame, terms: list[str], form: str) -> pd.DataFrame:
    if form not in tokens.columns:
        raise ValueError(f"form={form!r} is not a tokens column; use 'lower' or 'norm'")
    wanted = [t.lower() for t in terms]
    return tokens[tokens[form].isin(wanted)].assign(term=lambda t: t[form])


def kwic(
    tokens: pd.DataFrame,
    documents: pd.DataFrame,
    term: str,
    form: str = "lower",
    width: int = 40,
) -> pd.DataFrame:
    """Every occurrence of ``term`` (compared with the ``form`` column) in context."""
    texts = dict(zip(documents["doc_id"], documents["text"], strict=True))
    rows = []
    for tok in _matches(tokens, [term], form).itertuples(index=False):
        raw = texts[tok.doc_id]
        left = " ".join(raw[max(0, tok.start - width) : tok.start].split())
        right = " ".join(raw[tok.end : tok.end + width].split())
        rows.append((tok.doc_id, tok.sent_id, tok.start, tok.end, left, raw[tok.start : tok.end], right))
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return table.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def dispersion(tokens: pd.DataFrame, terms: list[str], form: str = "lower") -> pd.DataFrame:
    """Occurrences of each of ``terms`` with their relative position in the document."""
    sizes = tokens.groupby("doc_id").size()
    found = _matches(tokens, terms, form)
    found = found.assign(position=found["token_id"] / found["doc_id"].map(sizes))
    return found[DISPERSION_COLUMNS].reset_index(drop=True)
