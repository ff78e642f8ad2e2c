"""Escalation and restraint language: a lexicon on the CAMEO ladder, context rules, scores.

The lexicon (``analysis/data/escalation.csv``) lists terms with their surface forms (so that
"strike", "strikes" and "struck" all match), a rung of the ladder (``LADDER``), the CAMEO event
code the term belongs to and that code's weight on the Goldstein (1992) conflict-cooperation
scale, looked up in ``analysis/data/cameo_goldstein.csv`` (GDELT's table). A form may hold
``*`` for up to three words ("pay * price").

Matching runs on each sentence's normalised text, longest form first, so "avoid triggering a
major escalation" is restraint, not escalation. Every match then records the context rules
that changed it:

- ``negation``: a negator (not, n't, no, never, without, nor) among the three words before
  the term, in the same clause, flips it: negated escalation ("not at war", "did not want
  war", "doesn't get out of control") becomes restraint with the weight of CAMEO 0356 (express
  intent to de-escalate, +7.0); negated restraint becomes escalation with the weight of CAMEO
  12 (reject, -4.0). A negation scoped over a demand is kept as the demand it is ("warned the
  US not to launch any attack"): rule ``negation under a demand``.
- ``hedged`` / ``committed``: modality among the four words before the term (may, could,
  likely ... against will, going to, prepared to). A hedged match counts half: the one
  departure from the Goldstein weights, so that "may be planning attacks" weighs less than
  "will respond".
- ``conditional``: the sentence has an if- or unless-clause ("If this happens, Iran will pay
  a very heavy price"): a conditional threat. Recorded; the weight is kept.
- ``future`` / ``past``: tense from the words before the term and the term's own form (a
  threat of future action against a report of past violence). Recorded; the weight is kept.

Per sentence, ``escalation`` sums the absolute weights of escalating matches, ``restraint``
those of restraining ones (a sentence can do both), and ``net`` is restraint minus escalation
(negative when the sentence escalates on balance, as on the Goldstein scale).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import NamedTuple

import pandas as pd

from analysis.frames import column_lists
from analysis.lexicons import read_lexicon
from analysis.regex_trie import longest_matches, trie_pattern
from analysis.text import normalise

LADDER: tuple[tuple[str, str], ...] = (
    ("cooperation and diplomacy", "restraint"),
    ("restraint and de-escalation", "restraint"),
    ("deterrence and defence", "escalation"),
    ("demands and warnings", "escalation"),
    ("threats", "escalation"),
    ("force posture", "escalation"),
    ("coercion and retaliation", "escalation"),
    ("assault and fighting", "escalation"),
    ("war", "escalation"),
)
"""The rungs of the ladder, from cooperation to war, with the side each belongs to."""
CATEGORIES = [c for c, _ in LADDER]
POLARITY = dict(LADDER)

NEGATED_ESCALATION_WEIGHT = 7.0
"""CAMEO 0356 Express intent to de-escalate military engagement."""
NEGATED_RESTRAINT_WEIGHT = -4.0
"""CAMEO 12 Reject."""
HEDGE_FACTOR = 0.5

MATCH_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "surface",
    "term",
    "category",
    "cameo",
    "goldstein",
    "weight",
    "polarity",
    "rules",
    "negated",
    "modality",
    "tense",
    "conditional",
    "mode",
    "speaker",
]
"""Columns of an escalation-matches table: ``surface`` is ``raw[start:end]``; ``goldstein``
the lexicon weight; ``weight`` and ``polarity`` after the context rules; ``rules`` lists the
rules applied (``; ``-joined); ``mode`` and ``speaker`` come from the sentence."""

SENTENCE_SCORE_COLUMNS = ["escalation", "restraint", "net", "escalation_label", "n_matches", "categories"]
"""Columns added to each sentence: scores, the scorer's label (``escalating``, ``restraining``,
``both``, ``neither``), the number of matches and the categories matched."""

_WORD = re.compile(r"[\w'-]+|[,;:.!?()\"]")
_RUN = re.compile(r"[\w-]+")
_CLAUSE_BREAK = {",", ";", ":", ".", "!", "?", "(", ")", '"'}
_NEGATORS = {"not", "no", "never", "without", "nor", "none", "cannot"}
_HEDGES = {"may", "might", "could", "likely", "possible", "possibly", "perhaps", "unlikely", "probably"}
_COMMITMENTS = {"will", "'ll", "shall", "going", "prepared", "ready", "determined"}
_FUTURE = {
    "will",
    "'ll",
    "would",
    "going",
    "plan",
    "plans",
    "planning",
    "expected",
    "could",
    "may",
    "might",
    "shall",
}
_PAST_AUX = {"was", "were", "had", "has", "have", "been"}
_IRREGULAR_PAST = {"struck", "fought", "laid", "threw", "withdrew", "withdrawn", "dead"}
_CONDITIONAL = re.compile(r"\b(?:if|unless)\b", re.IGNORECASE)
_CONDITIONAL_LOWER = re.compile(r"i(?<!\wi)f\b|u(?<!\wu)nless\b")
"""``_CONDITIONAL`` for lower-cased ASCII text, the word start checked after the first letter:
``re`` then skips ahead to an ``i`` or a ``u``, where a leading ``\\b`` or ignoring case makes it
try every position (a third of the time)."""


@dataclass(frozen=True)
class Lexicon:
    """Escalation terms (``term, forms, category, cameo, goldstein, departure, note``)."""

    terms: pd.DataFrame

    def __post_init__(self) -> None:
        unknown = set(self.terms["category"]) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories {sorted(unknown)}; use one of {CATEGORIES}")

    @cached_property
    def forms(self) -> list[tuple[str, int]]:
        """``(form, row)`` pairs, the most specific (longest literal text) first."""
        pairs = [
            (form.strip(), i) for i, forms in enumerate(self.terms["forms"]) for form in forms.split("|")
        ]
        return sorted(pairs, key=lambda p: (-len(p[0].replace("*", "")), p[0]))

    @cached_property
    def records(self) -> list[dict]:
        """The terms as plain dicts, one per row, for looking up a matched form's term fast."""
        return self.terms.to_dict("records")

    @cached_property
    def patterns(self) -> FormPatterns:
        """The regexes that find the forms in a sentence, ignoring case."""
        return _form_patterns(self.forms, ignore_case=True)

    @cached_property
    def lower_patterns(self) -> FormPatterns | None:
        """For a lower-cased ASCII sentence, the forms lower-cased and matched without ignoring
        case: the same matches as ``patterns`` finds in the sentence (tested), about twice as
        fast. None when a form is not ASCII."""
        if not all(form.isascii() for form, _ in self.forms):
            return None
        return _form_patterns([(form.lower(), row) for form, row in self.forms], ignore_case=False)


class FormPatterns(NamedTuple):
    """A lexicon's forms as regexes. ``first_words``: a trie (``trie_pattern``) of the
    lower-cased first words of the forms that can be a whole word (``[\\w-]+``), as the word,
    so that a sentence is scanned once for the words forms may start at. ``by_first_word``: for
    each such word, one regex of the forms that start with it, the most specific first,
    anchored where it is tried. Ignoring case matches a few more characters than lower-casing
    does (the long s, the dotted capital I), so each word found is looked up lower-cased."""

    first_words: re.Pattern[str]
    by_first_word: dict[str, re.Pattern[str]]


def _form_patterns(forms: list[tuple[str, int]], ignore_case: bool) -> FormPatterns:
    flags = re.IGNORECASE if ignore_case else 0
    groups: dict[str, list[int]] = {}
    for i, (form, _) in enumerate(forms):
        groups.setdefault(form.split()[0].lower(), []).append(i)
    by_first_word = {
        word: re.compile("|".join(f"(?P<f{i}>{_form_regex(forms[i][0])})(?![\\w-])" for i in indices), flags)
        for word, indices in groups.items()
    }
    words = [word for word in by_first_word if _RUN.fullmatch(word)]
    return FormPatterns(
        re.compile(r"(?<![\w-])(?:" + trie_pattern(words) + r")(?![\w-])", flags), by_first_word
    )


def _form_regex(form: str) -> str:
    words = form.split()
    pieces = []
    for i, word in enumerate(words):
        if word == "*":
            pieces.append(r"(?:[\w'-]+\s+){0,3}")
        else:
            pieces.append(re.escape(word) + (r"\s+" if i < len(words) - 1 else ""))
    return "".join(pieces)


@cache
def default_lexicon() -> Lexicon:
    """The reviewed lexicon shipped in ``analysis/data/escalation.csv``."""
    return Lexicon(read_lexicon("escalation"))


CLAUSE_WINDOW = 80
"""Characters before a match read first for its clause words; the rest only when needed."""


_BREAKS = re.escape("".join(sorted(_CLAUSE_BREAK)))
_LAST_BREAK = re.compile(f"[{_BREAKS}](?=[^{_BREAKS}]*\\Z)")
"""The last clause break (a ``_CLAUSE_BREAK`` mark) before the end of the text searched."""


def _clause_words(view: str, start: int, n: int) -> list[str]:
    """The last ``n`` words before ``start`` in the same clause, lower-cased: those after the
    last clause break. The break is looked for in the ``CLAUSE_WINDOW`` characters before
    ``start``, and in the whole text before it only when the window holds none and fewer than
    ``n`` words (without its first, which the window may cut)."""
    begin = max(0, start - CLAUSE_WINDOW)
    found = _LAST_BREAK.search(view, begin, start)
    if found is None and begin:
        words = _WORD.findall(view, begin, start)[1:]  # as view[begin:start]: _WORD looks at no context
        if len(words) >= n:
            return [word.lower() for word in words[-n:]]
        found = _LAST_BREAK.search(view, 0, start)
    return [word.lower() for word in _WORD.findall(view, found.end() if found else 0, start)[-n:]]


def _negated(words: list[str]) -> str:
    for word in words[-3:]:
        if word in _NEGATORS or word.endswith("n't"):
            return word
    return ""


def _tense(view: str, start: int, end: int, before: list[str]) -> str:
    last = view[start:end].split()[-1].lower()
    if not _FUTURE.isdisjoint(before[-4:]) or (before and before[-1] == "to"):
        return "future"
    if last.endswith("ed") or last in _IRREGULAR_PAST or not _PAST_AUX.isdisjoint(before[-3:]):
        return "past"
    return ""


MATCH_FIELDS = MATCH_COLUMNS[2:4] + MATCH_COLUMNS[5:16]
"""The fields of a match within its sentence (``match_sentence``)."""


def match_sentence(text: str, lexicon: Lexicon | None = None) -> list[dict]:
    """Escalation matches in one sentence: dicts with ``MATCH_FIELDS`` (``start, end, term,
    category, cameo, goldstein, weight, polarity, rules, negated, modality, tense,
    conditional``)."""
    return [dict(zip(MATCH_FIELDS, found, strict=True)) for found in _sentence_matches(text, lexicon)]


def _candidates(
    view: str, patterns: FormPatterns, forms: list[tuple[str, int]]
) -> list[tuple[int, int, int]]:
    """``(start, end, term row)`` of every form of ``forms`` (``Lexicon.forms``) found by
    ``patterns`` at a word start of ``view``."""
    candidates = []
    for word in patterns.first_words.finditer(view):
        pattern = patterns.by_first_word.get(word.group().lower())
        match = pattern.match(view, word.start()) if pattern else None
        if match:
            name = match.lastgroup
            form_start, form_end = match.span(name)
            candidates.append((form_start, form_end, forms[int(name[1:])][1]))
    return candidates


def _sentence_matches(text: str, lexicon: Lexicon | None = None) -> list[tuple]:
    """``match_sentence`` as tuples of ``MATCH_FIELDS``."""
    lexicon = lexicon or default_lexicon()
    view = normalise(text)
    lower = view.lower() if view.isascii() else None  # lower-cased: same length, same offsets
    if lexicon.lower_patterns is not None and lower is not None:
        candidates = _candidates(lower, lexicon.lower_patterns, lexicon.forms)
    else:
        candidates = _candidates(view, lexicon.patterns, lexicon.forms)
    if not candidates:
        return []
    conditional = bool(_CONDITIONAL.search(view) if lower is None else _CONDITIONAL_LOWER.search(lower))
    demand_seen = False
    results = []
    for start, end, row in longest_matches(candidates):
        term = lexicon.records[row]
        category, goldstein = term["category"], float(term["goldstein"])
        before = _clause_words(view, start, 6)
        rules, weight, polarity = [], goldstein, POLARITY[category]
        negator = _negated(before)
        negated = False
        if negator:
            if demand_seen and negator == "not":
                rules.append("negation under a demand")
            else:
                negated = True
                rules.append("negation")
                if polarity == "escalation":
                    weight, polarity = NEGATED_ESCALATION_WEIGHT, "restraint"
                else:
                    weight, polarity = NEGATED_RESTRAINT_WEIGHT, "escalation"
        modality = ""
        if not _HEDGES.isdisjoint(before[-4:]):
            modality = "hedged"
            weight *= HEDGE_FACTOR
        elif not _COMMITMENTS.isdisjoint(before[-4:]):
            modality = "committed"
        if modality:
            rules.append(modality)
        tense = _tense(view, start, end, before)
        if tense:
            rules.append(tense)
        is_conditional = conditional and polarity == "escalation"
        if is_conditional:
            rules.append("conditional")
        if category in ("demands and warnings",) or term["term"] == "appeal":
            demand_seen = True
        results.append(
            (
                start,
                end,
                term["term"],
                category,
                term["cameo"],
                goldstein,
                weight,
                polarity,
                "; ".join(rules),
                negated,
                modality,
                tense,
                is_conditional,
            )
        )
    return results


def label(escalation: float, restraint: float) -> str:
    """The label of a sentence with these scores."""
    if escalation > 0 and restraint > 0:
        return "both"
    if escalation > 0:
        return "escalating"
    if restraint > 0:
        return "restraining"
    return "neither"


def score_escalation(
    sentences: pd.DataFrame, lexicon: Lexicon | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every sentence (needs ``doc_id, sent_id, start, text``; ``mode`` and ``speaker``
    are carried into the matches when present).

    Returns ``(sentences with SENTENCE_SCORE_COLUMNS, matches with MATCH_COLUMNS)``.
    """
    lexicon = lexicon or default_lexicon()
    has_speakers = {"mode", "speaker"} <= set(sentences.columns)
    rows, scores = [], []
    blank = [""] * len(sentences)
    weight, category = MATCH_FIELDS.index("weight"), MATCH_FIELDS.index("category")
    for doc_id, sent_id, offset, text, mode, speaker in zip(
        *column_lists(sentences, "doc_id", "sent_id", "start", "text"),
        *(column_lists(sentences, "mode", "speaker") if has_speakers else (blank, blank)),
        strict=True,
    ):
        found = _sentence_matches(text, lexicon)
        escalation = sum(-m[weight] for m in found if m[weight] < 0)
        restraint = sum(m[weight] for m in found if m[weight] > 0)
        categories = "; ".join(dict.fromkeys(m[category] for m in found))
        scores.append(
            (
                escalation,
                restraint,
                restraint - escalation,
                label(escalation, restraint),
                len(found),
                categories,
            )
        )
        rows.extend(
            (doc_id, sent_id, offset + m[0], offset + m[1], text[m[0] : m[1]], *m[2:], mode, speaker)
            for m in found
        )
    scored = (
        sentences.assign(**dict(zip(SENTENCE_SCORE_COLUMNS, zip(*scores, strict=True), strict=True)))
        if scores
        else sentences.assign(**{c: pd.Series(dtype=object) for c in SENTENCE_SCORE_COLUMNS})
    )
    matches = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    return scored.astype(
        {"escalation": float, "restraint": float, "net": float, "n_matches": "int64"}
    ), matches
