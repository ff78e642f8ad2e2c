"""Counts, shares and co-occurrences of actor mentions (see ``analysis.actors``)."""

from __future__ import annotations

import itertools
from collections.abc import Collection

import pandas as pd

from analysis.corpus import doc_groups

ACTOR_COUNT_COLUMNS = [
    "group",
    "actor",
    "type",
    "side",
    "n",
    "n_sponsor",
    "n_direct",
    "per_1000",
    "per_1000_direct",
    "n_sentences",
    "sentence_share",
    "doc_freq",
    "n_docs",
]
"""Columns of an actor-count table: ``n`` mentions in ``group``, of which ``n_sponsor`` are
sponsor modifiers ("Iran-backed") and ``n_direct`` the rest; ``per_1000`` and
``per_1000_direct`` per 1,000 words of the group; ``n_sentences`` sentences that mention the
actor (sponsor mentions included) and ``sentence_share`` their share of the group's sentences;
``doc_freq`` of the group's ``n_docs`` documents mention it."""

COOCCURRENCE_COLUMNS = ["actor_a", "actor_b", "n_sentences", "jaccard"]
"""Columns of a co-occurrence table: sentences that mention both actors, and that count over
the sentences that mention either (Jaccard index, 0 to 1)."""


KEYS = ["group", "actor", "type", "side"]


def actor_counts(
    mentions: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame, by: str = "period"
) -> pd.DataFrame:
    """Mentions of each actor per ``by`` group (``ACTOR_COUNT_COLUMNS``), most mentioned first.

    ``documents`` needs ``n_words`` (as from ``analysis.pipeline.build_tables``).
    """
    groups = doc_groups(documents, by)
    grouped = mentions.assign(group=mentions["doc_id"].map(groups))
    table = (
        grouped.groupby(KEYS)
        .agg(n=("actor", "size"), n_sponsor=("is_sponsor", "sum"), doc_freq=("doc_id", "nunique"))
        .reset_index()
    )
    in_sentences = (
        grouped.drop_duplicates(["group", "actor", "doc_id", "sent_id"])
        .groupby(["group", "actor"])
        .size()
        .rename("n_sentences")
    )
    return _with_shares(table.join(in_sentences, on=["group", "actor"]), documents, sentences, groups)


def regroup_actor_counts(
    counts: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame, by: str = "period"
) -> pd.DataFrame:
    """``actor_counts(mentions, documents, sentences, by)`` from the per-document table
    ``counts`` (``by="doc_id"``) of the same corpus: the same table (tested), summed from one
    row per document and actor instead of one per mention."""
    groups = doc_groups(documents, by)
    table = counts.assign(doc_id=counts["group"], group=counts["group"].map(groups))
    in_sentences = (  # a document's sentences with an actor, counted once whatever its type and side
        table.drop_duplicates(["doc_id", "actor"]).groupby(["group", "actor"])["n_sentences"].sum()
    )
    table = (
        table.groupby(KEYS)
        .agg(n=("n", "sum"), n_sponsor=("n_sponsor", "sum"), doc_freq=("doc_freq", "sum"))
        .reset_index()
    )
    return _with_shares(table.join(in_sentences, on=["group", "actor"]), documents, sentences, groups)


def _with_shares(
    table: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame, groups: pd.Series
) -> pd.DataFrame:
    """An actor-count table (``ACTOR_COUNT_COLUMNS``) from the counts ``KEYS``, ``n``,
    ``n_sponsor``, ``doc_freq`` and ``n_sentences`` of each actor in each group of ``groups``."""
    per_group = pd.DataFrame(
        {
            "words": documents.groupby(groups.to_numpy())["n_words"].sum(),
            "sentences": sentences["doc_id"].map(groups).value_counts(),
            "docs": groups.value_counts(),
        }
    )
    # each row's group looked up once, where four Series.map calls would hash it four times
    per_group = per_group.iloc[per_group.index.get_indexer(table["group"])]
    words = per_group["words"].to_numpy()
    table["n_sponsor"] = table["n_sponsor"].astype("int64")
    table["n_direct"] = table["n"] - table["n_sponsor"]
    table["per_1000"] = 1000 * table["n"] / words
    table["per_1000_direct"] = 1000 * table["n_direct"] / words
    table["sentence_share"] = table["n_sentences"] / per_group["sentences"].to_numpy()
    table["n_docs"] = per_group["docs"].to_numpy().astype("int64")
    table = table.sort_values(["group", "n", "actor"], ascending=[True, False, True])
    return table[ACTOR_COUNT_COLUMNS].reset_index(drop=True)


def actor_matrix(
    counts: pd.DataFrame, value: str = "per_1000", actors: list[str] | None = None
) -> pd.DataFrame:
    """Pivot an actor-count table to groups x actors (0 where an actor is absent)."""
    matrix = counts.pivot_table(index="group", columns="actor", values=value, fill_value=0, sort=True)
    order = actors or list(
        counts.groupby("actor")["n"].sum().sort_values(ascending=False, kind="stable").index
    )
    return matrix.reindex(columns=order, fill_value=0)


def cooccurrence(mentions: pd.DataFrame, include_sponsor: bool = True) -> pd.DataFrame:
    """Pairs of actors named in the same sentence (``COOCCURRENCE_COLUMNS``), most frequent first."""
    rows = mentions if include_sponsor else mentions[~mentions["is_sponsor"]]
    per_sentence = rows.groupby(["doc_id", "sent_id"])["actor"].apply(lambda a: sorted(set(a)))
    totals = per_sentence.explode().value_counts()
    pairs = pd.Series(
        [pair for actors in per_sentence for pair in itertools.combinations(actors, 2)], dtype=object
    ).value_counts()
    table = pd.DataFrame(
        [(a, b, n) for (a, b), n in pairs.items()], columns=["actor_a", "actor_b", "n_sentences"]
    )
    table["jaccard"] = table["n_sentences"] / (
        table["actor_a"].map(totals) + table["actor_b"].map(totals) - table["n_sentences"]
    )
    table = table.sort_values(["n_sentences", "actor_a", "actor_b"], ascending=[False, True, True])
    return table.reset_index(drop=True)


def cooccurrence_matrix(pairs: pd.DataFrame, actors: list[str], value: str = "n_sentences") -> pd.DataFrame:
    """Symmetric actors x actors matrix of a co-occurrence column (0 on the diagonal)."""
    matrix = pd.DataFrame(0.0, index=actors, columns=actors)
    for row in pairs.itertuples(index=False):
        if row.actor_a in matrix.index and row.actor_b in matrix.index:
            matrix.loc[row.actor_a, row.actor_b] = matrix.loc[row.actor_b, row.actor_a] = getattr(row, value)
    return matrix


def side_shares(
    mentions: pd.DataFrame, documents: pd.DataFrame, by: str = "doc_id", include_sponsor: bool = True
) -> pd.DataFrame:
    """Share of each group's mentions that go to each side: ``group, side, n, share``."""
    groups = doc_groups(documents, by)
    rows = mentions if include_sponsor else mentions[~mentions["is_sponsor"]]
    table = rows.assign(group=rows["doc_id"].map(groups)).groupby(["group", "side"]).size()
    table = table.rename("n").reset_index()
    table["share"] = table["n"] / table.groupby("group")["n"].transform("sum")
    return table


def actor_sentences(mentions: pd.DataFrame, sentences: pd.DataFrame, actor: str = "") -> pd.DataFrame:
    """The sentences that mention ``actor`` ("": the most mentioned, none when nobody is), with
    the forms used: a concordance from a count to its evidence. Columns: the sentence's columns
    plus ``surfaces``."""
    actor = actor or next(iter(most_mentioned(mentions, 1)), "")
    found = mentions[mentions["actor"] == actor]
    if found.empty and actor and actor not in set(mentions["actor"]):
        known = ", ".join(sorted(set(mentions["actor"])))
        raise ValueError(f"no mention of actor {actor!r}; actors mentioned: {known}")
    surfaces = found.groupby(["doc_id", "sent_id"])["surface"].agg(lambda s: "; ".join(s)).rename("surfaces")
    return sentences.merge(surfaces.reset_index(), on=["doc_id", "sent_id"], how="inner")


def period_change(
    counts: pd.DataFrame,
    first: str,
    second: str,
    value: str = "per_1000",
    groups: Collection[str] = (),
) -> pd.DataFrame:
    """Each actor's ``value`` in two groups of an actor-count table and the change between them:
    ``actor, side, first, second, change, in_both``; largest rise first. An actor absent from
    a group counts 0 there. ``groups`` names every group of the corpus (``periods_of(documents)``):
    one of them without any mention counts 0 for every actor, where a group in neither raises."""
    known = set(counts["group"]) | set(groups)
    for group in (first, second):
        if group not in known:
            raise ValueError(f"group {group!r} is not in the counts; groups: {sorted(known)}")
    wide = counts[counts["group"].isin([first, second])].pivot_table(
        index=["actor", "side"], columns="group", values=value, fill_value=0
    )
    wide = wide.reindex(columns=[first, second], fill_value=0).reset_index()
    wide.columns = ["actor", "side", "first", "second"]
    present = counts.groupby("actor")["group"].agg(lambda g: {first, second} <= set(g))
    wide["change"] = wide["second"] - wide["first"]
    wide["in_both"] = wide["actor"].map(present).astype(bool)
    return wide.sort_values(["change", "actor"], ascending=[False, True]).reset_index(drop=True)


def most_mentioned(mentions: pd.DataFrame, n: int = 8) -> list[str]:
    """The ``n`` actors with the most mentions in the whole corpus (ties alphabetical)."""
    counts = mentions.groupby("actor").size()
    return sorted(counts.index, key=lambda actor: (-counts[actor], actor))[:n]
