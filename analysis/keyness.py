"""Distinctive vocabulary of one group of documents against the rest.

Three measures, each on the same counts (content words, ``analysis.frequency.content_tokens``):

- ``G2``: log-likelihood (Dunning 1993) in Rayson and Garside's formulation, with expected
  frequencies ``E1 = c (a + b) / (c + d)`` and ``E2 = d (a + b) / (c + d)`` for a word used ``a``
  times in ``c`` words of the target and ``b`` times in ``d`` words of the reference:
  ``G2 = 2 (a ln(a / E1) + b ln(b / E2))``, signed positive when the target uses the word more.
  ``p_value`` is its chi-square (one degree of freedom) tail probability.
- ``log_ratio``: Hardie's (2014) effect size, ``log2((a / c) / (b / d))``, a zero frequency
  replaced by 0.5; +1 means twice as frequent in the target.
- ``log_odds_z``: the weighted log-odds ratio with an informative Dirichlet prior (Monroe,
  Colaresi and Quinn 2008, "Fightin' Words"), the prior being the pooled counts of both sides as
  in tidylo's ``bind_log_odds``; a z-score, so a word used often counts for more than a rare one
  with the same ratio.

Document frequency stands beside every keyword: with two or three articles a period, a word that
only one article uses describes that article, not the period (``single_article``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.corpus import doc_groups
from analysis.frames import factorize_runs
from analysis.frequency import content_mask

KEYNESS_COLUMNS = [
    "term",
    "period",
    "reference",
    "freq",
    "freq_reference",
    "per_1000",
    "per_1000_reference",
    "doc_freq",
    "n_docs",
    "doc_freq_reference",
    "G2",
    "p_value",
    "log_ratio",
    "log_odds_z",
    "single_article",
]
"""Columns of a keyness table: ``period`` is the target group, ``reference`` the rest;
frequencies, rates per 1,000 words and document frequencies on both sides; the three measures;
``single_article`` True when only one of the target's documents uses the term."""


def g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Signed log-likelihood G2 (positive where the target, size ``c``, uses the word more)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0)
    return np.sign(a / c - b / d) * 2 * terms


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Hardie's Log Ratio, ``log2`` of the ratio of relative frequencies (zeros set to 0.5)."""
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


def log_odds_z(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Weighted log-odds z-scores with the pooled counts ``a + b`` as Dirichlet prior.

    ``a`` and ``b`` are the counts of every term on each side (the totals are their sums)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    alpha = a + b
    alpha0, n_a, n_b = alpha.sum(), a.sum(), b.sum()
    omega_a = (a + alpha) / (n_a + alpha0 - a - alpha)
    omega_b = (b + alpha) / (n_b + alpha0 - b - alpha)
    delta = np.log(omega_a) - np.log(omega_b)
    return delta / np.sqrt(1 / (a + alpha) + 1 / (b + alpha))


def chi2_1df_p(statistic: np.ndarray) -> np.ndarray:
    """Upper-tail probability of a chi-square statistic with one degree of freedom."""
    return np.array([math.erfc(math.sqrt(abs(x) / 2)) for x in np.asarray(statistic, dtype=float)])


def _group_counts(
    tokens: pd.DataFrame, groups: pd.Series, form: str
) -> tuple[pd.Index, list, np.ndarray, np.ndarray, pd.Series]:
    """Counts of the content terms per group: ``(terms, group names, term counts, document
    frequencies, words per group)``, the counts as arrays of one row per group and one column
    per term, the words (tokens that are not punctuation) by group name. Only groups with a
    content word are kept, sorted. Each string column is hashed once: groups are looked up per
    document and counting runs on integer codes."""
    doc_codes, doc_ids = factorize_runs(tokens["doc_id"].to_numpy(dtype=object))
    group_codes, all_names = pd.factorize(pd.Series(doc_ids).map(groups), sort=True)  # -1: no group
    token_groups = group_codes[doc_codes]
    word = ~tokens["is_punct"].to_numpy(dtype=bool) & (token_groups >= 0)
    words = pd.Series(np.bincount(token_groups[word], minlength=len(all_names)), index=all_names)
    form_codes, forms = pd.factorize(tokens[form])
    content = content_mask(tokens, (form_codes, forms) if form == "lower" else None)
    term_codes, used = pd.factorize(form_codes[content])  # terms numbered in order of first use
    terms = forms[used]
    grouped = token_groups[content] >= 0  # a document outside ``groups`` counts nowhere
    group_at, doc_at, term_at = (
        token_groups[content][grouped],
        doc_codes[content][grouped],
        term_codes[grouped],
    )
    present = np.unique(group_at)
    rank = np.full(len(all_names), -1)
    rank[present] = np.arange(len(present))
    size = (len(present), len(terms))
    if not group_at.size:
        return terms, [], np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64), words
    counts = np.bincount(np.ravel_multi_index((rank[group_at], term_at), size), minlength=size[0] * size[1])
    # one (document, term) pair per document that uses the term
    pairs = pd.unique(np.ravel_multi_index((doc_at, term_at), (len(doc_ids), size[1])))
    pair_docs, pair_terms = np.divmod(pairs, size[1])
    doc_freq = np.bincount(
        np.ravel_multi_index((rank[group_codes][pair_docs], pair_terms), size), minlength=size[0] * size[1]
    )
    return terms, list(all_names[present]), counts.reshape(size), doc_freq.reshape(size), words


def keyness(
    tokens: pd.DataFrame, documents: pd.DataFrame, by: str = "period", form: str = "lower", min_freq: int = 3
) -> pd.DataFrame:
    """Keywords of every ``by`` group against all other documents (``KEYNESS_COLUMNS``).

    Terms used fewer than ``min_freq`` times in the target are left out; rows are sorted by
    group, then by G2 (most distinctive first). With fewer than two groups there is nothing
    to compare against (groups without a content word do not count): the table is empty.
    """
    groups = doc_groups(documents, by)
    terms, names, counts, doc_freq, words = _group_counts(tokens, groups, form)
    if len(names) < 2:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    n_docs = groups.value_counts()
    all_counts, all_doc_freq = counts.sum(axis=0), doc_freq.sum(axis=0)
    tables = []
    for i, group in enumerate(names):
        a, b = counts[i], all_counts - counts[i]
        c, d = float(words[group]), float(words.drop(index=group).sum())
        table = pd.DataFrame(
            {
                "term": terms,
                "period": group,
                "reference": "rest" if len(names) > 2 else str(names[1 - i]),
                "freq": a,
                "freq_reference": b,
                "per_1000": 1000 * a / c,
                "per_1000_reference": 1000 * b / d,
                "doc_freq": doc_freq[i],
                "n_docs": int(n_docs[group]),
                "doc_freq_reference": all_doc_freq - doc_freq[i],
                "G2": g2(a, b, c, d),
                "log_ratio": log_ratio(a, b, c, d),
                "log_odds_z": log_odds_z(a, b),
            }
        )
        table["p_value"] = chi2_1df_p(table["G2"].to_numpy())
        table["single_article"] = table["doc_freq"] == 1
        tables.append(table[table["freq"] >= min_freq])
    result = pd.concat(tables, ignore_index=True)
    result = result.sort_values(["period", "G2", "term"], ascending=[True, False, True])
    return result[KEYNESS_COLUMNS].reset_index(drop=True)
