"""How alike the articles are: cosine similarity of their TF-IDF vectors."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frequency import content_tokens

TFIDF_COLUMNS = ["doc_id", "term", "n", "doc_freq", "idf", "tfidf"]
"""Columns of a TF-IDF table: one row per document and content term it uses; ``n`` the term's
count in the document, ``doc_freq`` the number of documents using it, ``idf`` the smoothed
``ln((1 + N) / (1 + doc_freq)) + 1`` of N documents (scikit-learn's default, so a term in every
document still counts a little) and ``tfidf`` = ``n * idf``."""


def tfidf(tokens: pd.DataFrame, form: str = "norm") -> pd.DataFrame:
    """TF-IDF of every content term of every document (``TFIDF_COLUMNS``), sorted by ``doc_id``
    and ``term``: one row per pair that occurs, so a large corpus's mostly empty document x term
    matrix is never built."""
    counts = content_tokens(tokens).groupby(["doc_id", form]).size()
    table = counts.rename("n").rename_axis(["doc_id", "term"]).reset_index()
    doc_freq = table.groupby("term")["doc_id"].transform("size")
    n_docs = table["doc_id"].nunique()
    idf = np.log((1 + n_docs) / (1 + doc_freq)) + 1
    return table.assign(doc_freq=doc_freq, idf=idf, tfidf=table["n"] * idf)[TFIDF_COLUMNS]


SPARSE_SHARE = 0.05
"""Terms used by at most this share of the documents add their products pair by pair; the
others through dense blocks of documents x terms (fast matrix products, cost growing with the
square of all documents)."""
BLOCK_CELLS = 4_000_000
"""Cells of a documents x terms block (32 MB as floats), or pairs of documents, summed at once."""


def cosine_similarity(tokens: pd.DataFrame, form: str = "norm") -> pd.DataFrame:
    """Square ``doc_id`` x ``doc_id`` table (sorted) of cosine similarities of TF-IDF vectors (1
    on the diagonal). Documents with no content token are left out.

    The TF-IDF vectors stay sparse (``tfidf``): the sum of products is built term by term, from
    the documents that use each term, so memory grows with the square of the documents, not
    with the vocabulary, and a rare term costs the pairs of documents that share it."""
    weights = tfidf(tokens, form)
    docs, doc_codes = np.unique(weights["doc_id"].to_numpy(dtype=object), return_inverse=True)
    term_codes = pd.factorize(weights["term"])[0]
    values = weights["tfidf"].to_numpy(dtype=float)
    values = values / np.sqrt(np.bincount(doc_codes, weights=values**2, minlength=len(docs)))[doc_codes]
    by_term = np.argsort(term_codes, kind="stable")
    doc_codes, term_codes, values = doc_codes[by_term], term_codes[by_term], values[by_term]
    sizes = np.bincount(term_codes)  # documents per term
    rare_terms = sizes <= SPARSE_SHARE * len(docs)
    rare = rare_terms[term_codes]
    similarity = np.zeros((len(docs), len(docs)))
    _dense_products(similarity, doc_codes[~rare], values[~rare], sizes[~rare_terms])
    _pair_products(similarity, doc_codes[rare], values[rare], sizes[rare_terms])
    labels = pd.Index(docs, name="doc_id")
    return pd.DataFrame(similarity, index=labels, columns=labels)


def _dense_products(
    similarity: np.ndarray, doc_codes: np.ndarray, values: np.ndarray, sizes: np.ndarray
) -> None:
    """Add to ``similarity`` the products of the weights ``values`` of the documents
    ``doc_codes`` (entries grouped by term, ``sizes`` entries per term) through blocks of
    documents x terms."""
    term = np.repeat(np.arange(len(sizes)), sizes)
    width = max(1, BLOCK_CELLS // max(len(similarity), 1))
    for first in range(0, len(sizes), width):
        a, b = np.searchsorted(term, [first, first + width])
        block = np.zeros((len(similarity), min(width, len(sizes) - first)))
        block[doc_codes[a:b], term[a:b] - first] = values[a:b]
        similarity += block @ block.T


def _pair_products(
    similarity: np.ndarray, doc_codes: np.ndarray, values: np.ndarray, sizes: np.ndarray
) -> None:
    """As ``_dense_products``, pair by pair of entries of the same term, about ``BLOCK_CELLS``
    pairs at a time: the work of a term used by d documents is d squared."""
    if not len(sizes):
        return
    flat = similarity.reshape(-1)
    starts = np.cumsum(sizes) - sizes  # each term's first entry
    pairs = sizes**2
    chunk = (np.cumsum(pairs) - pairs) // BLOCK_CELLS
    for terms in np.split(np.arange(len(sizes)), np.flatnonzero(np.diff(chunk)) + 1):
        entries = np.arange(starts[terms[0]], starts[terms[-1]] + sizes[terms[-1]])
        partners = np.repeat(sizes[terms], sizes[terms])  # each entry pairs with its term's entries
        left = np.repeat(entries, partners)
        offset = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners)
        right = np.repeat(np.repeat(starts[terms], sizes[terms]), partners) + offset
        np.add.at(flat, doc_codes[left] * len(similarity) + doc_codes[right], values[left] * values[right])


def most_similar_pairs(similarity: pd.DataFrame) -> pd.DataFrame:
    """Each unordered pair of documents once, most similar first: ``doc_a, doc_b, cosine``
    (``doc_a`` the earlier of the two in ``similarity``'s order)."""
    ids = similarity.index.to_numpy(dtype=object)
    first, second = np.triu_indices(len(ids), k=1)
    values = similarity.to_numpy(dtype=float)[first, second]
    rank = np.argsort(np.argsort(ids, kind="stable"), kind="stable")
    by_ids = np.argsort(rank[first].astype(np.int64) * len(ids) + rank[second], kind="stable")  # ties
    order = by_ids[np.argsort(-values[by_ids], kind="stable")]
    first, second = first[order], second[order]
    return pd.DataFrame({"doc_a": ids[first], "doc_b": ids[second], "cosine": values[order]})


def pairs_sharing(pairs: pd.DataFrame, documents: pd.DataFrame, column: str = "event") -> pd.DataFrame:
    """Add ``same_<column>``: True where both documents of a pair have the same non-empty value."""
    values = documents.set_index("doc_id")[column]
    a, b = pairs["doc_a"].map(values), pairs["doc_b"].map(values)
    return pairs.assign(**{f"same_{column}": (a == b) & (a != "")})
