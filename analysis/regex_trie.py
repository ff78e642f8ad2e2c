"""One regular expression for many literal words or phrases, shaped as their trie."""

from __future__ import annotations

import re


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
