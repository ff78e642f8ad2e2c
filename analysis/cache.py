"""A cache of each article's tokenized and scored tables, keyed by a hash of its content.

An entry holds every per-article table of one article (``analysis.pipeline.ARTICLE_TABLES``)
and is named after the SHA-256 of the article's id, headline and text together with a hash of
the code and lexicons that compute it (every file of ``analysis/`` and the versions of the
libraries it calls). An unchanged article is read back instead of recomputed; a changed
article, or any change to the code or a lexicon, gives a new key, so only that article is
recomputed. Entries are written to a temporary file and renamed into place, so processes
sharing a cache never read half an entry; an entry that cannot be read is recomputed.

Beside the entries, ``folder/corpus`` keeps the finished tables of the corpus last analysed
there, under ``corpus_key``: a hash of the bytes of every input file, the reading options and
the code. Re-opening a notebook on an unchanged corpus reads that one file back instead of
reading the inputs and assembling every entry.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.corpus import CorpusError, TableColumns, input_files
from analysis.dates import PeriodRule

LIBRARIES = ("afinn", "nltk", "numpy", "pandas", "regex", "vaderSentiment")
"""Libraries whose version is part of every key: they compute the cached tables."""

Entry = dict[str, tuple[dict[str, str], dict[str, np.ndarray]]]
"""One article's tables: name -> (column dtypes, column values)."""


@cache
def code_version() -> str:
    """SHA-256 of every file of the ``analysis`` package and the versions in ``LIBRARIES``."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}=={version(library)}\0".encode())
    return digest.hexdigest()


def article_key(doc_id: str, headline: str, text: str) -> str:
    """The cache key of one article: its id, headline and text under the current code."""
    digest = hashlib.sha256(code_version().encode())
    for part in (doc_id, headline, text):
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def corpus_key(
    path: str | Path, period_rule: PeriodRule | None, strict: bool, columns: TableColumns | None
) -> str | None:
    """The key of a whole corpus read with these options under the current code: SHA-256 of
    the name and bytes of every input file (``analysis.corpus.input_files``) and the names of the
    entries it does not read (which the report lists). None when the
    period rule has no ``description`` (a function of the caller's, which a hash cannot tell
    from another) or the inputs cannot be listed (``read_corpus`` then says why)."""
    rule = "default" if period_rule is None else getattr(period_rule, "description", None)
    if rule is None:
        return None
    try:
        files, unread = input_files(path)
    except CorpusError:
        return None
    digest = hashlib.sha256(code_version().encode())
    digest.update(repr((rule, strict, columns or TableColumns(), unread)).encode("utf-8", "surrogatepass"))
    for file in files:
        data = file.read_bytes()
        digest.update(f"\0{file.name}\0{len(data)}\0".encode("utf-8", "surrogatepass") + data)
    return digest.hexdigest()


def split_by_article(tables: dict[str, pd.DataFrame], doc_ids: list[str]) -> list[Entry]:
    """Cut tables with a ``doc_id`` column into one entry per id of ``doc_ids`` (in that order)."""
    entries: list[Entry] = [{} for _ in doc_ids]
    empty = np.array([], dtype=np.int64)
    for name, table in tables.items():
        dtypes = {c: str(t) for c, t in table.dtypes.items()}
        values = {c: table[c].to_numpy(dtype=object if t == "str" else None) for c, t in dtypes.items()}
        rows = table.reset_index(drop=True).groupby("doc_id", sort=False).indices
        for entry, doc_id in zip(entries, doc_ids, strict=True):
            at = rows.get(doc_id, empty)
            entry[name] = (dtypes, {c: v[at] for c, v in values.items()})
    return entries


SHARED = ("tokens", "mentions")
"""Tables whose strings repeat across articles (word forms, actor names): ``assemble`` makes
equal strings of their columns one object, which keeps a large corpus small in memory."""


def assemble(entries: list[Entry]) -> dict[str, pd.DataFrame]:
    """The tables of several articles' entries, one after another (the inverse of
    ``split_by_article``)."""
    tables = {}
    for name, (dtypes, _) in entries[0].items():
        columns = {}
        for column, dtype in dtypes.items():
            values = np.concatenate([entry[name][1][column] for entry in entries])
            if dtype == "str" and name in SHARED and column != "doc_id":
                codes, uniques = pd.factorize(values)
                values = np.asarray(uniques, dtype=object)[codes] if len(values) else values
            columns[column] = pd.Series(values, dtype=dtype)
        tables[name] = pd.DataFrame(columns)
    return tables


class ArticleCache:
    """Pickled objects on disk under ``folder``, one file per key (``folder/ab/abcdef....pickle``):
    the entries of articles, or in ``folder/corpus`` the tables of a whole corpus."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def load(self, key: str) -> Any:
        """The object stored under ``key``, or None when there is none or it cannot be read."""
        try:
            with open(self._path(key), "rb") as file:
                return pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None

    def save(self, key: str, entry: object) -> None:
        """Store ``entry`` under ``key`` atomically (a temporary file renamed into place)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            pickle.dump(entry, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def prune(self, keep: set[str]) -> int:
        """Delete every object whose key is not in ``keep``; return how many were deleted."""
        removed = 0
        for path in self.folder.glob("*/*.pickle"):
            if path.stem not in keep:
                path.unlink()
                removed += 1
        return removed
