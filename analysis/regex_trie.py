"""Matching many literal words or phrases: one regular expression shaped as their trie, and the
longest matches that do not overlap."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TypeVar

T = TypeVar("T")


def trie_pattern(forms: list[str]) -> str:
    """A regex (no flags of its own) that matches the longest of ``forms`` that matches where it
    is tried: one branch per next character, a longer form tried before a shorter one that ends
    at the same node, so that the regex engine follows the text down one path instead of trying
    every form in turn. Matches nothing when ``forms`` is empty.

    With ``re.IGNORECASE``, ``forms`` should be lower case (the branches then stay apart).
    """
    root: dict[str, dict] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if "" in node:  # greedy: the longer forms first, then the one ending here
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(root) or "(?!)"


def longest_matches(candidates: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
    """Of ``(start, end, what)`` candidate matches, those kept when the longest is taken first
    (the earlier of two as long) and every candidate overlapping a taken one is dropped; in
    text order."""
    ordered = sorted(candidates)
    if all(a[1] <= b[0] for a, b in pairwise(ordered)):  # no overlaps, the usual case
        return ordered
    chosen: list[tuple[int, int, T]] = []
    taken = [False] * max((end for _, end, _ in candidates), default=0)
    for start, end, what in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if not any(taken[start:end]):
            chosen.append((start, end, what))
            taken[start:end] = [True] * (end - start)
    return sorted(chosen)
