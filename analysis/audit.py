"""Coverage audit: capitalised names and acronyms that no actor mention covers.

A name is a run of consecutive capitalised word tokens (or all-capital acronyms) in one
sentence. Lower-case parts of hyphenated tokens are dropped ("London-based" -> "London").
A capitalised stop word ("We", "The") is never part of a name, and a sentence's first word is
one only if the same word also stands capitalised inside a sentence somewhere in the corpus,
so that ordinary sentence openers ("Supporters of ...") are not taken for names. Names in
``analysis/data/audit_ignore.csv`` (places, titles, calendar words, each with a reason) are
reported as ``ignored``; the rest as ``missing``: candidates for the gazetteer.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from analysis.actors import Gazetteer, default_gazetteer
from analysis.frames import column_lists, factorize_runs, first_occurrences
from analysis.lexicons import read_lexicon, stopwords
from analysis.text import normalise
from analysis.tokenization import tokens_in_spans

AUDIT_COLUMNS = ["name", "n", "doc_freq", "status", "category", "example_doc", "example_start"]
"""Columns of a coverage audit: ``n`` occurrences of ``name`` in ``doc_freq`` documents;
``status`` is ``missing`` or ``ignored`` (with the ignore list's ``category``); the first
occurrence is at ``example_start`` in document ``example_doc``."""


@cache
def ignore_list() -> dict[str, str]:
    """Name -> category, from ``analysis/data/audit_ignore.csv``."""
    table = read_lexicon("audit_ignore")
    return dict(zip(table["name"], table["category"], strict=True))


def _name_part(token: str) -> str:
    parts = [p for p in normalise(token).split("-") if p[:1].isupper()]
    return "-".join(parts)


def coverage_audit(
    tokens: pd.DataFrame,
    mentions: pd.DataFrame,
    gazetteer: Gazetteer | None = None,
    ignore: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Every name that is neither inside a mention nor a form of the gazetteer
    (``AUDIT_COLUMNS``), most frequent first."""
    ignore = ignore_list() if ignore is None else ignore
    forms = {normalise(f) for f in (gazetteer or default_gazetteer()).forms["form"]}
    stop = stopwords()
    # word tokens as arrays; whatever depends on the form alone is worked out once per form
    word = ~tokens["is_punct"].to_numpy(dtype=bool)
    at = np.flatnonzero(word)
    codes, surfaces = pd.factorize(tokens["token"].to_numpy(dtype=object)[at])
    lower = tokens["lower"].to_numpy(dtype=object)[at[first_occurrences(codes)]]
    parts = [_name_part(s) for s in surfaces]
    part_codes, part_names = pd.factorize(np.array(parts, dtype=object))
    capitalised = np.array(
        [
            p != "" and ((len(s) > 1 and s.isupper()) or w not in stop)
            for s, w, p in zip(surfaces, lower, parts, strict=True)
        ],
        dtype=bool,
    )[codes]
    known = np.array([p in forms for p in parts], dtype=bool)[codes]
    covered = known.copy()  # by a form, or (looked up for the capitalised tokens alone) a mention
    covered[capitalised & ~known] = tokens_in_spans(tokens.iloc[at[capitalised & ~known]], mentions)
    doc_codes = factorize_runs(tokens["doc_id"].to_numpy(dtype=object))[0][at]
    sent_ids = tokens["sent_id"].to_numpy()[at]
    initial = np.r_[True, (doc_codes[1:] != doc_codes[:-1]) | (sent_ids[1:] != sent_ids[:-1])]
    inside = np.zeros(len(part_names), dtype=bool)  # a part seen capitalised inside a sentence
    inside[part_codes[codes[capitalised & ~initial]]] = True
    chosen = at[capitalised & ~covered & (~initial | inside[part_codes[codes]])]
    candidates = tokens.iloc[chosen][["doc_id", "sent_id", "token_id", "start"]]
    candidate_parts = np.asarray(part_names, dtype=object)[part_codes[codes[np.searchsorted(at, chosen)]]]

    names = []  # runs of candidates with consecutive token ids in one sentence
    previous = None
    rows = column_lists(candidates, "doc_id", "sent_id", "token_id")
    for doc_id, sent_id, token_id, part, start in zip(
        *rows, candidate_parts, candidates["start"].tolist(), strict=True
    ):
        if previous == (doc_id, sent_id, token_id - 1):
            names[-1][0].append(part)
        else:
            names.append(([part], doc_id, start))
        previous = (doc_id, sent_id, token_id)

    names = [(" ".join(parts), doc_id, start) for parts, doc_id, start in names]
    found = pd.DataFrame(names, columns=["name", "doc_id", "start"])
    if found.empty:
        return pd.DataFrame(columns=AUDIT_COLUMNS)
    table = (
        found.groupby("name", sort=False)
        .agg(
            n=("doc_id", "size"),
            doc_freq=("doc_id", "nunique"),
            example_doc=("doc_id", "first"),
            example_start=("start", "first"),
        )
        .reset_index()
    )
    table["category"] = table["name"].map(ignore).fillna("")
    table["status"] = np.where(table["category"] != "", "ignored", "missing")
    table = table.sort_values(["status", "n", "name"], ascending=[False, False, True])  # missing first
    return table[AUDIT_COLUMNS].reset_index(drop=True)
