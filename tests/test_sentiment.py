import numpy as np
import pandas as pd
import pytest
from nltk.sentiment.vader import SentiText

from analysis.sentiment import mask_names, score_sentences, vader
from analysis.sentiment_stats import (
    actor_sentiment,
    direction_check,
    explain_sentences,
    extreme_sentences,
    lexicon_agreement,
    name_effects,
    sentiment_summary,
    speaker_sentiment,
    summary_by,
    top_words,
)
from analysis.uncertainty import bootstrap_mean, percentile_interval

TRICKY = [
    "GREAT!!! but awful :)", "not bad at all", "kind of good", "the least good thing", "never so good",
    "The game has changed :-( ...", '"They will regret it," he said!?', "ok?! no!!!", "!!!great", "?!?bad",
    "good?!?", "Three US soldiers were KILLED and 30 wounded.", "",
]


def test_vader_scores_equal_nltk_polarity_scores(seed_tables):
    analyser = vader()
    for text in [*seed_tables.sentences["text"], *TRICKY]:
        assert analyser.explain(text)[0] == analyser.polarity_scores(text), text


RULE_CASES = [
    "never so bad", "it was never this good", "so good", "this good", "not very good", "isn't good",
    "hardly good at all", "at least good", "the very least good", "least good", "a kind of good day",
    "it will not cut the mustard", "yeah right, good", "HORRIBLE news for them", "extremely GOOD",
    "EXTREMELY good day", "not the least bit happy", "the kiss of death", "a bad ass move",
    "sort of nice", "just enough good", "the bomb", "living hand to mouth", "Never so good, never",
    "good good GOOD bad", "no no no good", "not not bad", "NOT BAD", "He didn't win but lost badly",
    "it is so this never so good", "kind of", "good kind of", "Bad, but not the worst",
    "they dropped the bomb good", "it was sort of nice", "you amn't good",
]


WORD_CASES = [
    "U.S. strikes, (war). 'good' -bad bad- --good good-- \"great\" great!! !!great great!!!! good?!?! ",
    "good'' ''good good.; ;good a. .a ab. .ab ... !! x!! don't. .don't war\u2026 \u201cgood\u201d good\u00e9! "
    "good!?!? :good good: good-- (good good) good.. ..good 'good! !good' good?? ??good good.? good' good) (good",
]


def _nltk_valences(text: str) -> list[tuple[str, float]]:
    """Each word's valence as NLTK's ``polarity_scores`` computes it (its own word splitting)."""
    analyser = vader()
    sentitext = SentiText(text, analyser.constants.PUNC_LIST, analyser.constants.REGEX_REMOVE_PUNCTUATION)
    words, sentiments = sentitext.words_and_emoticons, []
    for item in words:
        i = words.index(item)
        if item.lower() in analyser.constants.BOOSTER_DICT or (
            i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of"
        ):
            sentiments.append(0)
            continue
        sentiments = analyser.sentiment_valence(0, sentitext, item, i, sentiments)
    return list(zip(words, analyser._but_check(words, sentiments), strict=True))


def test_explain_gives_the_valences_of_nltks_rules_word_by_word(seed_tables):
    analyser = vader()
    for text in [*seed_tables.sentences["text"], *TRICKY, *RULE_CASES, *WORD_CASES]:
        scores, valences = analyser.explain(text)
        assert valences == _nltk_valences(text), text
        assert scores == analyser.polarity_scores(text), text
        assert analyser.explain_moved(text) == (scores, [(w, v) for w, v in valences if v]), text


def test_vader_words_stay_the_same_when_their_memory_starts_over(monkeypatch):
    import analysis.sentiment as sentiment

    monkeypatch.setattr(sentiment, "VADER_WORDS_KEPT", 3)
    monkeypatch.setattr(sentiment, "_WORDS", sentiment._VaderWords())
    for text in [*TRICKY, *WORD_CASES]:
        assert vader().explain(text)[1] == _nltk_valences(text), text
        assert len(sentiment._WORDS) <= 3


def test_explain_gives_each_word_its_valence_after_the_rules():
    scores, valences = vader().explain("Three US soldiers were killed, but support is not bad.")
    words = dict(valences)
    assert words["killed"] < 0 and words["support"] > 0
    assert words["bad"] > 0  # "not bad": negation flips the valence
    assert scores["compound"] == vader().polarity_scores("Three US soldiers were killed, but support is not bad.")["compound"]


def test_mask_names_keeps_length_case_and_word_count():
    sentences = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "start": [10], "text": ["The United States and US-trained troops."]})
    mentions = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 0], "start": [14, 32], "end": [27, 34]})
    masked = mask_names(sentences, mentions).item()
    assert masked == "The Xxxxxx Xxxxxx and XX-trained troops."
    accented = pd.DataFrame({"doc_id": ["b"], "sent_id": [0], "start": [0], "text": ["\u1e24izb\u00f6llah 3 said."]})
    hidden = mask_names(accented, pd.DataFrame({"doc_id": ["b"], "sent_id": [0], "start": [0], "end": [11]}))
    assert hidden.item() == "Xxxxxxxxx 3 said."  # letters of any script, digits kept
    assert vader().polarity_scores(masked)["compound"] < vader().polarity_scores(sentences["text"].item())["compound"]


def test_masked_scores_are_reused_only_when_they_must_be_equal(seed_tables):
    from analysis.actors import find_mentions
    from analysis.sentiment import afinn

    sentences = seed_tables.sentences
    masked = mask_names(sentences, find_mentions(seed_tables.documents, sentences))
    analyser, second = vader(), afinn()
    reused = 0
    for text, hidden in zip(sentences["text"], masked, strict=True):
        if text != hidden and analyser.same_scores(text, hidden):
            reused += 1
            assert analyser.polarity_scores(hidden) == analyser.polarity_scores(text)
        if second.same_scores(text, hidden):
            assert second.score(hidden) == second.score(text)
    assert reused > len(sentences) / 3
    assert not analyser.same_scores("The United States agreed.", "The Xxxxxx Xxxxxx agreed.")
    assert not analyser.same_scores("No Iran talks.", "No XXXX talks.")  # capitals status changes
    assert analyser.same_scores("Iran struck.", "Xxxx struck.")
    assert not second.same_scores("Hope, Kansas.", "Xxxx, Xxxxxx.")  # "hope" is an AFINN word


def test_score_sentences_columns_and_labels():
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0], "start": [0, 20, 0],
                              "text": ["They were killed.", "It was fine.", "The meeting is on Monday."]})
    scored, contributions = score_sentences(sentences)
    assert scored["label"].tolist() == ["negative", "positive", "neutral"]
    assert (scored[["pos", "neu", "neg"]].sum(axis=1).round(2) == 1).all()
    assert scored["afinn"].tolist() == [-3.0, 2.0, 0.0]
    assert set(contributions["word"]) == {"killed", "fine"}
    assert "compound_masked" not in scored.columns


def test_bootstrap_mean_is_deterministic_and_brackets_the_mean():
    values = np.array([-0.5, -0.2, 0.0, 0.3, 0.9, -0.8, 0.1])
    first, second = bootstrap_mean(values), bootstrap_mean(values)
    assert first == second
    mean, low, high = first
    assert mean == pytest.approx(values.mean()) and low < mean < high
    assert np.isnan(bootstrap_mean(np.array([0.4]))[1])
    assert np.isnan(bootstrap_mean(np.array([]))[0])


def test_percentile_interval_is_numpys_quantile_bit_for_bit():
    rng = np.random.default_rng(3)
    samples = [rng.normal(size=n) for n in (2, 3, 7, 40, 1999, 2000, 2001)]
    samples += [np.round(rng.normal(size=2000), 1), np.full(50, 0.25), rng.integers(-3, 3, 2000) / 7]
    samples += [np.array([0.0, np.nan, 1.0]), np.array([-np.inf, 0.0, 1.0, np.inf])]  # numpy's own answer
    for values in samples:
        for level in (0.95, 0.9, 0.5, 0.999):
            tail = (1 - level) / 2
            with np.errstate(invalid="ignore"):  # numpy interpolating between infinities
                expected = [float(v) for v in np.quantile(values, [tail, 1 - tail])]
                found = percentile_interval(values, level)
            assert np.array_equal(found, expected, equal_nan=True), (len(values), level)


SCORED = pd.DataFrame({
    "doc_id": ["a", "a", "a", "b", "b", "b"],
    "sent_id": [0, 1, 2, 0, 1, 2],
    "compound": [-0.6, -0.4, 0.0, 0.5, 0.7, 0.6],
    "label": ["negative", "negative", "neutral", "positive", "positive", "positive"],
    "afinn": [-3.0, 0.0, 0.0, 2.0, 3.0, -1.0],
    "afinn_label": ["negative", "neutral", "neutral", "positive", "positive", "negative"],
    "mode": ["narration", "quotation", "quotation", "narration", "narration", "quotation"],
    "speaker": ["", "Esper", "Esper", "", "Austin", "Austin"],
    "text": ["s"] * 6,
})
DOCS = pd.DataFrame({"doc_id": ["a", "b"], "period": ["p1", "p2"]})


def test_sentiment_summary_by_hand():
    summary = sentiment_summary(SCORED, DOCS).set_index("group")
    assert summary.loc["p1", "mean_compound"] == pytest.approx(-1 / 3)
    assert summary.loc["p1", ["share_positive", "share_neutral", "share_negative"]].tolist() == pytest.approx([0, 1 / 3, 2 / 3])
    assert summary.loc["p1", "ci_low"] <= summary.loc["p1", "mean_compound"] <= summary.loc["p1", "ci_high"]
    assert summary.loc["p2", "mean_afinn"] == pytest.approx(4 / 3)
    with pytest.raises(ValueError, match="not a documents column"):
        sentiment_summary(SCORED, DOCS, by="year")


def test_actor_and_speaker_sentiment():
    mentions = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 1, 0],
                             "actor": ["Iran", "Iran", "Iran", "Iran"], "side": ["Iran and aligned groups"] * 4})
    table = actor_sentiment(SCORED, mentions, DOCS, min_sentences=2)
    assert table[["actor", "group", "n_sentences"]].values.tolist() == [["Iran", "p1", 2]]
    assert table["mean_compound"].item() == pytest.approx(-0.5)
    speakers = speaker_sentiment(SCORED, min_sentences=1).set_index(["speaker", "mode"])
    assert speakers.loc[("(narration)", "narration"), "n_sentences"] == 2
    assert speakers.loc[("Esper", "quotation"), "mean_compound"] == pytest.approx(-0.2)
    assert summary_by(SCORED, "mode").set_index("group").loc["quotation", "n_sentences"] == 3


def test_agreement_and_direction():
    agreement = lexicon_agreement(SCORED, DOCS).set_index("group")
    assert agreement.loc["all", "label_agreement"] == pytest.approx(4 / 6)
    changes = direction_check(SCORED, DOCS, "p1", "p2").set_index("measure")
    vader_row = changes.loc["VADER compound"]
    assert vader_row["change"] == pytest.approx(0.6 + 1 / 3)
    assert vader_row["direction"] == "more positive"
    pooled = np.sqrt((np.var([-0.6, -0.4, 0.0], ddof=1) + np.var([0.5, 0.7, 0.6], ddof=1)) / 2)
    assert vader_row["change_sd"] == pytest.approx(vader_row["change"] / pooled)
    flat = SCORED.assign(compound=0.1, afinn=1.0)
    assert set(direction_check(flat, DOCS, "p1", "p2")["direction"]) == {"unclear"}
    with pytest.raises(ValueError, match="no sentence in group 'p3'"):
        direction_check(SCORED, DOCS, "p1", "p3")


def test_words_explanations_and_extremes():
    contributions = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 0, 1],
                                  "word": ["Killed", "support", "fine"], "valence": [-3.1, 1.5, 0.8]})
    words = top_words(contributions, DOCS, n=1)
    assert words[["group", "word", "direction"]].values.tolist() == [
        ["p1", "killed", "negative"], ["p1", "support", "positive"], ["p2", "fine", "positive"]]
    explained = explain_sentences(SCORED, contributions)
    assert explained.loc[0, "drivers"] == "Killed (-3.10), support (+1.50)"
    assert explained.loc[2, "drivers"] == ""
    assert extreme_sentences(explained, n=1)["compound"].tolist() == [-0.6, 0.7]


def test_name_effects():
    table = name_effects(SCORED.assign(compound_masked=[-0.6, -0.4, 0.0, 0.1, 0.7, 0.6]))
    assert table[["doc_id", "sent_id"]].values.tolist() == [["b", 0]]
    assert table["name_effect"].item() == pytest.approx(0.4)


def test_afinn_scores_equal_the_afinn_package(seed_tables):
    import random

    from afinn import Afinn as Reference

    from analysis.sentiment import afinn

    reference, fast = Reference(language="en", emoticons=False), afinn()
    words = sorted(reference._dict)
    rng = random.Random(1)
    texts = [*seed_tables.sentences["text"], *TRICKY, "can't stand it", "does not work", "no fun at all", "cashing in",
             *(" ".join(rng.sample(words, 6)) for _ in range(300)),
             *(f"{w}s {w}-ish un{w}'s {w.upper()}, {w}_x" for w in words[::7])]
    assert [fast.score(t) for t in texts] == [reference.score(t) for t in texts]
