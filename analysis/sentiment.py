"""Sentence sentiment with VADER (through NLTK) and AFINN, with the words behind each score.

VADER (Hutto and Gilbert 2014) runs through NLTK's ``SentimentIntensityAnalyzer``; its lexicon
is the ``vader_lexicon.txt`` shipped in the pinned ``vaderSentiment`` package, so nothing is
downloaded. Scores are computed on the raw sentence text, since VADER reads capitals and
punctuation. ``Vader.explain`` returns, with the scores, the valence each word carries after
VADER's rules (boosters, negation, "but", capitals), which is what the compound score sums
before it is normalised to -1..1.

AFINN (Nielsen 2011, the ``afinn`` package with its shipped English word list) is the second,
independently built lexicon used to check that conclusions do not hinge on one lexicon.

Names can carry sentiment in a general-purpose lexicon: VADER scores "united" (in "United
States") as positive. ``mask_names`` hides the letters of every actor mention (same length,
same capitals, same number of words, so VADER's other rules see the same sentence), and
``score_sentences`` reports both lexicons on the masked text beside the raw scores.
"""

from __future__ import annotations

import math
import re
import string
from functools import cache, cached_property, lru_cache
from importlib.resources import files

import numpy as np
import pandas as pd
from afinn import Afinn as AfinnLexicon
from nltk.sentiment.vader import SentimentIntensityAnalyzer, VaderConstants

from analysis.frames import column_lists
from analysis.regex_trie import trie_pattern

SCORE_COLUMNS = ["compound", "pos", "neu", "neg"]
"""VADER's scores: ``compound`` in -1..1; ``pos``, ``neu``, ``neg`` the shares of the text
that are positive, neutral and negative (they sum to 1)."""
THRESHOLD = 0.05
"""VADER's recommended cut-off: compound >= 0.05 is positive, <= -0.05 negative, else neutral."""


_ASCII_PUNCTUATION = frozenset(string.punctuation)
_MARKS = frozenset(VaderConstants.PUNC_LIST)


def _vader_word(token: str) -> str:
    """The word VADER makes of one whitespace-separated token, "" for one it drops: see
    ``_vader_words``."""
    if len(token) < 2:
        return ""
    lead, trail = token[0] in _ASCII_PUNCTUATION, token[-1] in _ASCII_PUNCTUATION
    if lead == trail:
        return token  # no mark, or punctuation at both ends: the word would keep some
    word = token.rstrip(string.punctuation) if trail else token.lstrip(string.punctuation)
    mark = token[len(word) :] if trail else token[: len(token) - len(word)]
    return word if mark in _MARKS and len(word) > 1 and _ASCII_PUNCTUATION.isdisjoint(word) else token


VADER_WORDS_KEPT = 1 << 18
"""Distinct tokens whose VADER word is remembered (``_VaderWords``) before the memory starts over."""


class _VaderWords(dict):
    """Token -> ``_vader_word(token)``, each worked out the first time it is looked up. A dict
    rather than ``functools.lru_cache`` (as ``analysis.tokenization.stem`` uses): a hit is a
    plain dict look-up, 3% fewer instructions in the sentiment step (callgrind)."""

    def __missing__(self, token: str) -> str:
        if len(self) >= VADER_WORDS_KEPT:
            self.clear()
        word = self[token] = _vader_word(token)
        return word


_WORDS = _VaderWords()


def _vader_words(text: str) -> list[str]:
    """VADER's words of ``text`` as NLTK's ``SentiText`` splits them (tokens of two or more
    characters), without building its dictionary of every (mark, word) pair. NLTK replaces a
    token that is one of its punctuation marks (``PUNC_LIST``, all ASCII punctuation) before or
    after a word of the text with its ASCII punctuation removed; that word is then the token
    without the mark, so it holds no ASCII punctuation and has two or more characters, and such
    a token has punctuation at one end only. Each token's word depends on the token alone, so
    it is worked out once per distinct token. Identical words (a test compares every seed
    sentence and edge cases); several times faster."""
    return [word for word in map(_WORDS.__getitem__, text.split()) if word]


class Vader(SentimentIntensityAnalyzer):
    """NLTK's VADER analyser built from lexicon text instead of NLTK's data directory."""

    def __init__(self, lexicon_text: str) -> None:
        self.lexicon_file = lexicon_text
        self.lexicon = self.make_lex_dict()
        self.constants = VaderConstants()

    def explain(self, text: str) -> tuple[dict[str, float], list[tuple[str, float]]]:
        """VADER's scores of ``text`` and each word's valence after VADER's rules.

        Follows ``SentimentIntensityAnalyzer.polarity_scores`` step for step."""
        words, sentiments, scored = self._sentiments(text)
        return self._scores(sentiments, scored, text), list(zip(words, sentiments, strict=True))

    def explain_moved(self, text: str) -> tuple[dict[str, float], list[tuple[str, float]]]:
        """``explain`` with only the words whose valence is not zero, in text order: the words
        that moved the score."""
        words, sentiments, scored = self._sentiments(text)
        moved = [(words[j], sentiments[j]) for j in scored if sentiments[j]]
        return self._scores(sentiments, scored, text), moved

    def _sentiments(self, text: str) -> tuple[list[str], list[float], list[int]]:
        """VADER's words of ``text``, each one's valence and, in order, the positions of the
        lexicon words it scored: the only valences that can be other than zero."""
        words = _vader_words(text)
        lowered = list(map(str.lower, words))
        # SentiText.allcap_differential: some words, not all, in capitals
        is_cap_diff = any(map(str.isupper, words)) and not all(map(str.isupper, words))
        sentiments: list[float] = [0] * len(words)  # a word outside the lexicon adds 0
        lexicon, boosters = self.lexicon, self.constants.BOOSTER_DICT
        scored = []
        for index in [j for j, low in enumerate(lowered) if low in lexicon]:
            i = words.index(words[index])  # NLTK scores a repeated word from its first occurrence
            low = lowered[i]
            if low in boosters or (i < len(words) - 1 and low == "kind" and lowered[i + 1] == "of"):
                continue
            sentiments[index] = self._valence(words, lowered, i, is_cap_diff)
            scored.append(index)
        if "but" in lowered:
            sentiments = self._but_check(words, sentiments)
        return words, sentiments, scored

    def _scores(self, sentiments: list[float], scored: list[int], text: str) -> dict[str, float]:
        """NLTK's ``score_valence(sentiments, text)`` (tested equal), its sums taken over the
        valences at ``scored`` alone: every other is zero, and adding a zero changes no float."""
        if not sentiments:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        values = [sentiments[j] for j in scored if sentiments[j]]
        question_marks = text.count("?")
        amplifier = min(text.count("!"), 4) * 0.292 + (
            0 if question_marks <= 1 else question_marks * 0.18 if question_marks <= 3 else 0.96
        )
        total = float(sum(values))
        if total > 0:
            total += amplifier
        elif total < 0:
            total -= amplifier
        compound = self.constants.normalize(total)
        pos_sum, neg_sum = 0.0, 0.0
        for value in values:
            if value > 0:
                pos_sum += float(value) + 1  # compensates for neutral words, counted as 1
            if value < 0:
                neg_sum += float(value) - 1
        neu_count = len(sentiments) - len(values)
        if pos_sum > math.fabs(neg_sum):
            pos_sum += amplifier
        elif pos_sum < math.fabs(neg_sum):
            neg_sum -= amplifier
        total = pos_sum + math.fabs(neg_sum) + neu_count
        return {
            "neg": round(math.fabs(neg_sum / total), 3),
            "neu": round(math.fabs(neu_count / total), 3),
            "pos": round(math.fabs(pos_sum / total), 3),
            "compound": round(compound, 4),
        }

    def _valence(self, words: list[str], lowered: list[str], i: int, is_cap_diff: bool) -> float:
        """``sentiment_valence`` of lexicon word ``words[i]``, step for step, with the lower-case
        words computed once and NLTK's rule helpers called only where they can change the
        valence (a test compares every seed sentence word by word)."""
        constants, lexicon = self.constants, self.lexicon
        valence = lexicon[lowered[i]]
        if is_cap_diff and words[i].isupper():
            valence = valence + constants.C_INCR if valence > 0 else valence - constants.C_INCR
        for start_i in range(3):
            before = i - (start_i + 1)
            if before < 0 or lowered[before] in lexicon:
                continue
            s = 0.0
            if lowered[before] in constants.BOOSTER_DICT:
                s = constants.scalar_inc_dec(words[before], valence, is_cap_diff)
                s = s * (1.0, 0.95, 0.9)[start_i] if s != 0 else s
            valence = valence + s
            # _never_check: "never so/this" boosts, a negation before the word flips it
            if start_i == 1 and words[i - 2] == "never" and words[i - 1] in ("so", "this"):
                valence = valence * 1.5
            elif start_i == 2 and (
                (words[i - 3] == "never" and words[i - 2] in ("so", "this")) or words[i - 1] in ("so", "this")
            ):
                valence = valence * 1.25
            elif lowered[before] in constants.NEGATE or "n't" in lowered[before]:
                valence = valence * constants.N_SCALAR
            if start_i == 2 and (words[i] in self._idiom_words or words[i - 2] in self._idiom_words):
                valence = self._idioms_check(valence, words, i)
        if i > 0 and lowered[i - 1] == "least":
            valence = self._least_check(valence, words, i)
        return valence

    @cached_property
    def _idiom_words(self) -> frozenset[str]:
        """The words of VADER's idioms and two-word boosters: ``_idioms_check`` can change a
        valence only when the word or the one two before it is one of them."""
        phrases = [*self.constants.SPECIAL_CASE_IDIOMS, *self.constants.BOOSTER_DICT]
        return frozenset(w for phrase in phrases if " " in phrase for w in phrase.split(" "))

    @cached_property
    def active_words(self) -> frozenset[str]:
        """Every lower-cased word a VADER rule looks at: the lexicon, boosters, negations, the
        words of idioms and the words the rules name ("kind of", "least", "but", "never so")."""
        idioms = {w for idiom in self.constants.SPECIAL_CASE_IDIOMS for w in idiom.lower().split()}
        named = {"kind", "of", "least", "at", "very", "but", "so", "this", "never"}
        rules = set(self.constants.BOOSTER_DICT) | self.constants.NEGATE | idioms | named
        return frozenset(self.lexicon) | rules

    def same_scores(self, text: str, masked: str) -> bool:
        """True when ``masked`` (``text`` with some letters replaced, case kept) must score as
        ``text``: every changed word, before and after, is one no VADER rule looks at, with or
        without the punctuation VADER strips from its ends, and keeps its all-capitals status
        (VADER's capitals rule). Saves scoring most masked sentences a second time."""
        if masked == text:  # a sentence without a name: the same object
            return True
        for raw, new in zip(text.split(), masked.split(), strict=True):
            if raw == new:
                continue
            active = self.active_words
            if raw.isupper() != new.isupper() or not (_inert(raw, active) and _inert(new, active)):
                return False
        return True


@lru_cache(maxsize=1 << 16)  # names and their masks recur in every article
def _inert(token: str, active: frozenset[str]) -> bool:
    low = token.lower()
    lead = len(low) - len(low.lstrip(string.punctuation))
    trail = len(low) - len(low.rstrip(string.punctuation))
    forms = {low[i:] for i in range(lead + 1)} | {low[: len(low) - j] for j in range(trail + 1)}
    return "n't" not in low and not (forms & active)


@cache
def vader() -> Vader:
    """The VADER analyser with the lexicon of the pinned ``vaderSentiment`` package."""
    return Vader(
        files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8").rstrip("\n")
    )


class Afinn:
    """AFINN-165 scores (English words, no emoticons) from the pinned ``afinn`` package's word
    list, computed as ``afinn.Afinn.score`` does (the longest entry starting at a word, whole
    words only, no overlaps, case ignored) with one regex shaped as the entries' trie
    (``trie_pattern``) instead of an alternation of every entry tried in turn at every position.
    Identical scores (tested); about ten times faster."""

    _WORD = re.compile(r"\w+")

    def __init__(self) -> None:
        words = AfinnLexicon(language="en", emoticons=False)._dict
        if not all(phrase == phrase.lower() and self._WORD.match(phrase) for phrase in words):
            raise ValueError("every AFINN entry should be lower case and start with a word character")
        self._values = {phrase: float(value) for phrase, value in words.items()}
        # from the start of a word, the longest entry that ends at a word boundary
        self._pattern = re.compile(r"(?<!\w)(?:" + trie_pattern(list(words)) + r")\b")
        self._words = frozenset(w for phrase in words for w in self._WORD.findall(phrase))
        self._touches: dict[str, bool] = {}

    def _touches_entry(self, token: str) -> bool:
        """True when ``token`` holds a word of an AFINN entry (remembered per token)."""
        found = self._touches.get(token)
        if found is None:
            found = self._touches[token] = not self._words.isdisjoint(self._WORD.findall(token.lower()))
        return found

    def same_scores(self, text: str, masked: str) -> bool:
        """True when ``masked`` (``text`` with some letters replaced) must score as ``text``: no
        changed word, before or after, is a word of any AFINN entry."""
        return masked == text or not any(
            raw != new and (self._touches_entry(raw) or self._touches_entry(new))
            for raw, new in zip(text.split(), masked.split(), strict=True)
        )

    def score(self, text: str) -> float:
        """The sum of the AFINN values of the entries found in ``text`` (case-insensitive)."""
        values = self._values
        return sum([values[entry] for entry in self._pattern.findall(text.lower())], 0.0)


@cache
def afinn() -> Afinn:
    """The AFINN-165 scorer (English words only, no emoticons)."""
    return Afinn()


_MASK_ASCII = str.maketrans(string.ascii_uppercase + string.ascii_lowercase, "X" * 26 + "x" * 26)


def mask_names(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Each sentence's text with the letters of its actor mentions replaced by ``X``/``x``."""
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for doc_id, sent_id, start, end in zip(
        *column_lists(mentions, "doc_id", "sent_id", "start", "end"), strict=True
    ):
        spans.setdefault((doc_id, sent_id), []).append((start, end))
    masked = []
    for doc_id, sent_id, start, text in zip(
        *column_lists(sentences, "doc_id", "sent_id", "start", "text"), strict=True
    ):
        for a, b in spans.get((doc_id, sent_id), ()):
            a, b = a - start, b - start
            name = text[a:b]
            hidden = (
                name.translate(_MASK_ASCII)
                if name.isascii()
                else "".join(("X" if c.isupper() else "x") if c.isalpha() else c for c in name)
            )
            text = text[:a] + hidden + text[b:]
        masked.append(text)
    return pd.Series(masked, index=sentences.index)


def score_sentences(
    sentences: pd.DataFrame, mentions: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every sentence's raw ``text``.

    Returns ``(sentences with SCORE_COLUMNS, afinn and label columns added, contributions)``.
    ``label`` is ``positive``, ``neutral`` or ``negative`` by VADER's thresholds; ``afinn`` is
    the AFINN sum and ``afinn_label`` its sign. With ``mentions``, ``compound_masked`` and
    ``afinn_masked`` score the text with actor names masked (``mask_names``).
    ``contributions`` has one row per word that moved VADER's raw score:
    ``doc_id, sent_id, word, valence``.
    """
    analyser, second = vader(), afinn()
    scores, contributions = [], []
    doc_ids, sent_ids, texts = column_lists(sentences, "doc_id", "sent_id", "text")
    for doc_id, sent_id, text in zip(doc_ids, sent_ids, texts, strict=True):
        result, moved = analyser.explain_moved(text)
        scores.append([result[c] for c in SCORE_COLUMNS])
        contributions.extend((doc_id, sent_id, word, valence) for word, valence in moved)
    scored = sentences.assign(
        **dict(zip(SCORE_COLUMNS, np.array(scores, dtype=float).reshape(-1, 4).T, strict=True))
    )
    scored["label"] = _labels(scored["compound"], THRESHOLD)
    scored["afinn"] = np.array([second.score(text) for text in texts], dtype=float)
    scored["afinn_label"] = _labels(scored["afinn"], 0.5)
    if mentions is not None:
        masked = list(mask_names(sentences, mentions))
        scored["compound_masked"] = [
            compound if analyser.same_scores(text, hidden) else analyser.explain(hidden)[0]["compound"]
            for text, hidden, compound in zip(texts, masked, scored["compound"].tolist(), strict=True)
        ]
        scored["afinn_masked"] = np.array(
            [
                value if second.same_scores(text, hidden) else second.score(hidden)
                for text, hidden, value in zip(texts, masked, scored["afinn"].tolist(), strict=True)
            ],
            dtype=float,
        )
    words = pd.DataFrame(contributions, columns=["doc_id", "sent_id", "word", "valence"])
    return scored, words.astype({"sent_id": "int64", "valence": "float64"})


def _labels(values: pd.Series, threshold: float) -> pd.Series:
    return pd.Series(
        np.select([values >= threshold, values <= -threshold], ["positive", "negative"], "neutral"),
        index=values.index,
    )
