"""Who speaks: quotations, their speakers, and sentences marked as quotation or narration.

Quotes are spans between double quotation marks (straight or curly) within one paragraph; a
quote left open at the end of a paragraph (as in 004) ends with the paragraph. Single
quotation marks are left alone: in these articles they mark scare quotes and headline quotes,
not speech.

A quote's speaker is found, in this order, from:

1. ``after quote``: a speech verb after the closing mark, with its subject before it
   (``," Esper told reporters``) or after it (``," said Renad Mansour``);
2. ``before quote``: a speech verb and colon or comma before the opening mark
   (``Kirby said: "``), or ``according to X,`` (``According to the Washington Post, "``);
3. ``continued quote``: a quote with no cue continues the paragraph's last speaker (of a quote or
   of reported speech: "X said ... . "..."" is X), or, when it opens its paragraph, the
   document's last person to speak (news style runs one speaker's quotes over several
   paragraphs).

A subject is an actor mention (not a sponsor modifier such as "Iran-backed") ending just before
the verb; an appositive between commas, adverbs such as "has" or "repeatedly", and a role noun
("US officials", "Pentagon spokesperson") may stand between. Say-type verbs also take a subject
after them ("said Esper"); "told X" never makes X the speaker. A pronoun or role noun ("he",
"the president", "the defense secretary") is resolved to the document's last speaker who is a
person. A participle clause (", saying ...") belongs to the sentence's first named person.
Sentences without a quote get a speaker from reported speech ("Austin said all drones ...", cue
``reported speech``) or ``according to X``.

A sentence is a ``quotation`` when quoted text makes up at least a third of it, else
``narration``; narration can still have a speaker (reported speech, partial quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.corpus import doc_groups
from analysis.frames import column_lists
from analysis.regex_trie import trie_pattern
from analysis.text import normalise

QUOTE_COLUMNS = ["doc_id", "quote_id", "start", "end", "text", "unclosed", "speaker", "cue"]
"""Columns of a quotes table: ``start``/``end`` include the quotation marks; ``unclosed`` is
True for a quote that runs to the end of its paragraph; ``speaker`` is an actor name or
empty; ``cue`` says how it was found."""

SPEAKER_COLUMNS = ["mode", "quote_share", "speaker", "speaker_cue"]
"""Columns ``attribute_speakers`` adds to a sentences table."""

_VERBS = (
    r"said|says|say|told|tells|wrote|writes|added|adds|warned|warns|stressed|insisted|"
    r"acknowledged|stated|tweeted|announced|claimed|denied|accused|described|explained|"
    r"noted|urged|reported|threatened|dismissed"
)
_VERB_TRIE = trie_pattern(_VERBS.split("|"))  # the same words, matched whole, in one scan
_VERB = re.compile(rf"\b(?:{_VERB_TRIE})\b")
_VERB_AT_END = re.compile(rf"\b(?:{_VERB_TRIE})\b(?:\s+reporters)?\s*[:,]?\s*\Z")
_INVERTED = re.compile(
    r"said|says|added|adds|wrote|writes|stated|noted|explained|insisted|stressed|acknowledged"
)
_PARTICIPLE = re.compile(r",\s+(?:saying|adding|insisting|warning|noting|arguing|calling on)\b")
_ADVERBS = r"(?:has|had|have|also|then|repeatedly|later|again|previously|further|publicly|once)"
_ROLES = r"(?:officials?|spokes(?:person|man|woman)|leaders?|commanders?)"
_SUBJECT_GAP = re.compile(rf"(?:'s)?(?:\s+{_ROLES})?(?:,[^,\"]{{1,80}})?,?\s*(?:{_ADVERBS}\s+)*")
_ANAPHOR = re.compile(
    rf"\b(?:he|she|they|the (?:president|defen[cs]e secretary|secretary|spokes(?:person|man|woman)|"
    rf"minister|general|official))\s+(?:{_ADVERBS}\s+)*\Z",
    re.IGNORECASE,
)
_TITLES_GAP = re.compile(r"\s+(?:[A-Z][\w.'-]*\s+){0,4}")
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_ANAPHOR_MARK = "<anaphor>"
_QUOTE_MARK = re.compile('"')
QUOTATION_SHARE = 1 / 3


@dataclass
class _Mention:
    start: int
    end: int
    actor: str
    type: str
    modifier: str


def _quote_spans(view: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    marks = [m.start() for m in _QUOTE_MARK.finditer(view, start, end)]
    spans = [(a, b + 1, False) for a, b in zip(marks[0::2], marks[1::2], strict=False)]
    if len(marks) % 2:  # unclosed: to the paragraph's last character that is not a space
        spans.append((marks[-1], marks[-1] + len(view[marks[-1] : end].rstrip()), True))
    return spans


def _subject(
    view: str, mentions: list[_Mention], lo: int, verb_start: int, verb_end: int, hi: int
) -> str | None:
    """The actor (or ``_ANAPHOR_MARK``) speaking through the verb at ``verb_start``."""
    if _ANAPHOR.search(view[lo:verb_start]):
        return _ANAPHOR_MARK
    before = [m for m in mentions if lo <= m.start and m.end <= verb_start and not m.modifier]
    if before:
        nearest = max(before, key=lambda m: m.end)
        if _SUBJECT_GAP.fullmatch(view[nearest.end : verb_start]):
            return nearest.actor
    after = [m for m in mentions if verb_end <= m.start <= min(hi, verb_end + 40) and not m.modifier]
    if after and _INVERTED.fullmatch(view[verb_end - 12 : verb_end].split()[-1]):
        first = min(after, key=lambda m: m.start)
        if _TITLES_GAP.fullmatch(view[verb_end : first.start]):
            return first.actor
    return None


def _according_to(view: str, mentions: list[_Mention], lo: int, hi: int) -> str | None:
    for match in _ACCORDING.finditer(view, lo, hi):
        after = [m for m in mentions if match.end() <= m.start <= match.end() + 4 and m.end <= hi]
        if after:
            return min(after, key=lambda m: m.start).actor
    return None


def _sentence_end(sentences: list[tuple[int, int]], position: int) -> int:
    for start, end in sentences:
        if start <= position < end:
            return end
    return position


class _Resolver:
    """Keeps the last speakers of a document, to resolve pronouns and continued quotes."""

    def __init__(self, types: dict[str, str]) -> None:
        self.types = types
        self.last = ""
        self.last_person = ""

    def resolve(self, who: str | None) -> str:
        if who == _ANAPHOR_MARK:
            return self.last_person
        return who or ""

    def heard(self, speaker: str) -> None:
        if speaker:
            self.last = speaker
            if self.types.get(speaker) == "person":
                self.last_person = speaker


def _attribute_quote(
    view: str,
    mentions: list[_Mention],
    span: tuple[int, int, bool],
    previous: tuple[int, str],
    p_start: int,
    hi: int,
    resolver: _Resolver,
) -> tuple[str, str]:
    """Speaker and cue of one quote; ``previous`` is the end of the paragraph's last quote and
    the paragraph's last speaker (of a quote or of reported speech)."""
    q_start, q_end, unclosed = span
    previous_end, previous_speaker = previous
    if not unclosed:
        verb = _VERB.search(view, q_end, hi)
        if verb and verb.start() - q_end <= 60:
            who = resolver.resolve(_subject(view, mentions, q_end, verb.start(), verb.end(), hi))
            if who:
                return who, "after quote"
    verb = _VERB_AT_END.search(view, previous_end, q_start)
    if verb:
        name = _VERB.match(view, verb.start())
        who = resolver.resolve(_subject(view, mentions, previous_end, name.start(), name.end(), q_start))
        if who:
            return who, "before quote"
    who = _according_to(view, mentions, previous_end, q_start)
    if who:
        return who, "according to"
    opens_paragraph = not view[p_start:q_start].strip()
    inherited = previous_speaker or ((resolver.last_person or resolver.last) if opens_paragraph else "")
    return (inherited, "continued quote") if inherited else ("", "")


def _reported(
    view: str, mentions: list[_Mention], start: int, end: int, resolver: _Resolver
) -> tuple[str, str]:
    """Speaker of reported speech in a sentence: a speech verb with its subject, or according to."""
    for verb in _VERB.finditer(view, start, end):
        who = resolver.resolve(_subject(view, mentions, start, verb.start(), verb.end(), end))
        if who:
            return who, "reported speech"
    participle = _PARTICIPLE.search(view, start, end)
    if participle:
        people = [m for m in mentions if start <= m.start < participle.start() and m.type == "person"]
        if people:
            return people[0].actor, "reported speech"
    who = _according_to(view, mentions, start, end)
    return (who, "according to") if who else ("", "")


def _document(
    doc_id: str,
    raw: str,
    paragraphs: list[tuple[int, int]],
    sentences: list[tuple[int, int, int]],
    mentions: list[_Mention],
    types: dict[str, str],
) -> tuple[list[tuple], list[tuple]]:
    """Quotes and per-sentence speaker rows of one document, read in text order.

    ``sentences`` are ``(sent_id, start, end)`` in order."""
    view = normalise(raw)
    resolver = _Resolver(types)
    quotes: list[tuple] = []
    rows: list[tuple] = []
    first = 0
    for p_start, p_end in paragraphs:
        while first < len(sentences) and sentences[first][1] < p_start:
            first += 1
        last = first
        while last < len(sentences) and sentences[last][2] <= p_end:
            last += 1
        in_paragraph, first = sentences[first:last], last
        bounds = [(start, end) for _, start, end in in_paragraph]
        spans = _quote_spans(view, p_start, p_end)
        paragraph_quotes: list[tuple] = []
        previous = (p_start, "")
        for sent_id, s_start, s_end in in_paragraph:
            while len(paragraph_quotes) < len(spans) and spans[len(paragraph_quotes)][0] < s_end:
                done = len(paragraph_quotes)
                q_start, q_end, unclosed = spans[done]
                hi = _sentence_end(bounds, q_end - 1)
                if done + 1 < len(spans):
                    hi = min(hi, spans[done + 1][0])
                speaker, cue = _attribute_quote(view, mentions, spans[done], previous, p_start, hi, resolver)
                resolver.heard(speaker)
                quote = (doc_id, len(quotes), q_start, q_end, raw[q_start:q_end], unclosed, speaker, cue)
                quotes.append(quote)
                paragraph_quotes.append(quote)
                previous = (q_end, speaker)
            overlaps = [
                (min(s_end, q[3]) - max(s_start, q[2]), q)
                for q in paragraph_quotes
                if q[2] < s_end and q[3] > s_start
            ]
            length = len(view[s_start:s_end].strip()) or 1
            share = min(1.0, sum(o for o, _ in overlaps) / length)
            speaker, cue = "", ""
            if overlaps:
                _, quote = max(overlaps, key=lambda o: o[0])
                speaker, cue = quote[6], quote[7]
            if not speaker:
                speaker, cue = _reported(view, mentions, s_start, s_end, resolver)
                resolver.heard(speaker)
                if speaker:
                    previous = (previous[0], speaker)
            mode = "quotation" if share >= QUOTATION_SHARE else "narration"
            rows.append((doc_id, sent_id, mode, share, speaker, cue))
    return quotes, rows


def attribute_speakers(
    documents: pd.DataFrame, segments: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(sentences with SPEAKER_COLUMNS added, quotes with QUOTE_COLUMNS)``.

    ``segments`` give the paragraphs (kept segments); ``mentions`` the actors that can speak
    (their ``type`` decides who a pronoun can refer to: only people).
    """
    types = dict(zip(*column_lists(mentions, "actor", "type"), strict=True))
    quote_rows: list[tuple] = []
    sentence_rows: list[tuple] = []
    paragraphs: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(
        *column_lists(segments[segments["kept"]], "doc_id", "start", "end"), strict=True
    ):
        paragraphs.setdefault(doc_id, []).append((start, end))
    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for doc_id, *sentence in zip(*column_lists(sentences, "doc_id", "sent_id", "start", "end"), strict=True):
        by_doc.setdefault(doc_id, []).append(tuple(sentence))
    for doc_sentences in by_doc.values():
        doc_sentences.sort(key=lambda sentence: sentence[1])  # in text order
    doc_mentions: dict[str, list[_Mention]] = {}
    for doc_id, *mention in zip(
        *column_lists(mentions, "doc_id", "start", "end", "actor", "type", "modifier"), strict=True
    ):
        doc_mentions.setdefault(doc_id, []).append(_Mention(*mention))
    for doc_id, text in zip(*column_lists(documents, "doc_id", "text"), strict=True):
        found, rows = _document(
            doc_id,
            text,
            paragraphs.get(doc_id, []),
            by_doc.get(doc_id, []),
            doc_mentions.get(doc_id, []),
            types,
        )
        quote_rows.extend(found)
        sentence_rows.extend(rows)
    quotes = pd.DataFrame(quote_rows, columns=QUOTE_COLUMNS).astype(
        {"quote_id": "int64", "start": "int64", "end": "int64", "unclosed": "bool"}
    )
    speakers = pd.DataFrame(sentence_rows, columns=["doc_id", "sent_id", *SPEAKER_COLUMNS])
    merged = sentences.merge(speakers, on=["doc_id", "sent_id"], how="left", validate="one_to_one")
    return merged.astype({"quote_share": "float64"}), quotes


SPEAKER_SUMMARY_COLUMNS = ["group", "speaker", "n_quotation", "n_reported", "quotation_share"]
"""Columns of a speaker summary: sentences of direct quotation and of reported speech
(narration with a speaker) per speaker and group; ``quotation_share`` is the speaker's share of
the group's quotation sentences (including those with no speaker found)."""


def speaker_summary(sentences: pd.DataFrame, documents: pd.DataFrame, by: str = "period") -> pd.DataFrame:
    """Who is quoted, and how much, per ``by`` group (``SPEAKER_SUMMARY_COLUMNS``)."""
    groups = doc_groups(documents, by)
    rows = sentences.assign(group=sentences["doc_id"].map(groups))
    quotation = rows["mode"] == "quotation"
    totals = rows[quotation].groupby("group").size()
    spoken = rows[rows["speaker"] != ""]
    table = (
        spoken.assign(n_quotation=spoken["mode"] == "quotation", n_reported=spoken["mode"] == "narration")
        .groupby(["group", "speaker"])[["n_quotation", "n_reported"]]
        .sum()
        .astype("int64")
        .reset_index()
    )
    table["quotation_share"] = table["n_quotation"] / table["group"].map(totals).fillna(0).replace(0, 1)
    table = table.sort_values(
        ["group", "n_quotation", "n_reported", "speaker"], ascending=[True, False, False, True]
    )
    return table[SPEAKER_SUMMARY_COLUMNS].reset_index(drop=True)
