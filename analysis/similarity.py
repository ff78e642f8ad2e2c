"""How alike the articles are: cosine similarity of their TF-IDF vectors."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frequency import content_tokens


def tfidf(tokens: pd.DataFrame, form: str = "norm") -> pd.DataFrame:
    """Document x term TF-IDF matrix over content tokens.

    Term frequency is the raw count; inverse document frequency is the smoothed
    ``ln((1 + N) / (1 + df)) + 1`` (as scikit-learn's default), so a term in every document
    still counts a little. Rows are ``doc_id`` (sorted), columns terms (sorted).
    """
    counts = content_tokens(tokens).groupby(["doc_id", form]).size().unstack(fill_value=0)
    counts = counts.sort_index().sort_index(axis=1)
    n_docs = len(counts)
    df = (counts > 0).sum(axis=0)
    idf = np.log((1 + n_docs) / (1 + df)) + 1
    return counts * idf


def cosine_similarity(tokens: pd.DataFrame, form: str = "norm") -> pd.DataFrame:
    """Square ``doc_id`` x ``doc_id`` table of cosine similarities of TF-IDF vectors (1 on the
    diagonal). Documents with no content token are left out."""
    weights = tfidf(tokens, form)
    values = weights.to_numpy(dtype=float)
    unit = values / np.linalg.norm(values, axis=1, keepdims=True)
    return pd.DataFrame(unit @ unit.T, index=weights.index, columns=weights.index)


def most_similar_pairs(similarity: pd.DataFrame) -> pd.DataFrame:
    """Each unordered pair of documents once, most similar first: ``doc_a, doc_b, cosine``
    (``doc_a`` the earlier of the two in ``similarity``'s order)."""
    ids = similarity.index.to_numpy(dtype=object)
    first, second = np.triu_indices(len(ids), k=1)
    values = similarity.to_numpy(dtype=float)[first, second]
    table = pd.DataFrame({"doc_a": ids[first], "doc_b": ids[second], "cosine": values})
    return table.sort_values(["cosine", "doc_a", "doc_b"], ascending=[False, True, True], ignore_index=True)


def pairs_sharing(pairs: pd.DataFrame, documents: pd.DataFrame, column: str = "event") -> pd.DataFrame:
    """Add ``same_<column>``: True where both documents of a pair have the same non-empty value."""
    values = documents.set_index("doc_id")[column]
    a, b = pairs["doc_a"].map(values), pairs["doc_b"].map(values)
    return pairs.assign(**{f"same_{column}": (a == b) & (a != "")})
