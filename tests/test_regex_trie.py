import random
import re

from analysis.escalation import default_lexicon
from analysis.regex_trie import longest_matches, trie_pattern


def test_trie_matches_the_longest_form_where_it_is_tried():
    pattern = re.compile(trie_pattern(["Iran", "Iran-backed", "Iraq", "I", "strike", "strikes"]) + r"(?!\w)")
    assert pattern.match("Iran-backed militia")[0] == "Iran-backed"
    assert pattern.match("Iranian") is None
    assert pattern.match("I ran")[0] == "I"
    assert [m[0] for m in pattern.finditer("strikes, strike, Iraq")] == ["strikes", "strike", "Iraq"]
    assert re.compile(trie_pattern(["a.b", "(x)"])).fullmatch("(x)")  # special characters escaped
    assert re.compile(trie_pattern([])).search("anything") is None


def test_escalation_first_words_are_found_whole_and_in_any_case():
    lexicon = default_lexicon()
    text = "ATTACK, attacked; counter-attack attack-ish Cease-fire attackers'"
    assert [m[0] for m in lexicon.patterns.first_words.finditer(text)] == ["ATTACK", "attacked", "Cease-fire", "attackers"]


def test_longest_matches_keeps_the_longest_then_the_earlier_without_overlaps():
    candidates = [(4, 9, "b"), (0, 5, "a"), (0, 3, "short"), (10, 12, "c"), (11, 13, "d"), (20, 20, "empty")]
    assert longest_matches(candidates) == [(0, 5, "a"), (10, 12, "c"), (20, 20, "empty")]
    assert longest_matches([]) == []
    assert longest_matches([(8, 9, "c"), (0, 3, "a"), (3, 8, "b")]) == [(0, 3, "a"), (3, 8, "b"), (8, 9, "c")]


def _greedy(candidates):
    """The rule spelt out: longest first (the earlier of two as long), dropping what overlaps."""
    chosen = []
    for start, end, what in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= a or start >= b for a, b, _ in chosen if a < b) or start == end:
            chosen.append((start, end, what))
    return sorted(chosen)


def test_longest_matches_follows_the_rule_on_random_candidates():
    rng = random.Random(3)
    for _ in range(2000):
        starts = [rng.randrange(30) for _ in range(rng.randrange(6))]
        candidates = [(s, s + rng.randrange(1, 6), rng.randrange(3)) for s in starts]
        assert longest_matches(candidates) == _greedy(candidates), candidates
