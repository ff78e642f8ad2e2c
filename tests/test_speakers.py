import pytest

from analysis.actors import find_mentions
from analysis.cleaning import segment
from analysis.speakers import attribute_speakers
from analysis.tokenization import split_sentences
from tests.conftest import one_doc


def _speakers(text):
    docs = one_doc(text)
    segments = segment(docs)
    sentences = split_sentences(docs, segments)
    mentions = find_mentions(docs, sentences)
    return attribute_speakers(docs, segments, sentences, mentions)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('"We will act," Esper told reporters.', "Mark Esper", "after quote"),
        ('"We will act," said Esper.', "Mark Esper", "after quote"),
        ("\u201cWe will act,\u201d said Renad Mansour, an expert.", "Renad Mansour", "after quote"),
        ('Kirby said: "We believe it was a plan."', "John Kirby", "before quote"),
        ("Iran's supreme leader, Ayatollah Ali Khamenei, said: \"We will not.\"", "Ali Khamenei", "before quote"),
        ('According to the Washington Post, "militias are bolder".', "Washington Post", "according to"),
        ("Austin said all drones are Iranian.", "Lloyd Austin", "reported speech"),
        ("Iran has repeatedly warned the US not to attack.", "Iran", "reported speech"),
        ("US officials have said a strike could come.", "United States", "reported speech"),
        ("It will include airstrikes, according to NBC.", "NBC", "according to"),
        ("Austin justified the strikes in Yemen, saying the Houthis are reckless.", "Lloyd Austin", "reported speech"),
    ],
)
def test_speaker_cues(text, speaker, cue):
    sentences, _ = _speakers(text)
    assert sentences[["speaker", "speaker_cue"]].iloc[0].tolist() == [speaker, cue]


def test_told_names_the_listener_not_the_speaker():
    sentences, _ = _speakers("Iranian forces will be hit, officials told ABC.")
    assert sentences["speaker"].item() != "ABC"


def test_sponsor_modifier_is_never_the_speaker():
    sentences, _ = _speakers("US expects more attacks from Iran-backed groups, says Defence Secretary Esper")
    assert sentences["speaker"].item() == "Mark Esper"


def test_pronouns_and_roles_resolve_to_the_last_person():
    text = ("Donald Trump warned Iran.\n"
            '"If this happens, Iran will pay a very heavy price, indeed!" the president wrote.\n'
            "Austin spoke later.\n"
            "\u201cIt doesn't matter,\u201d he said.\n")
    sentences, _ = _speakers(text)
    assert sentences["speaker"].tolist() == ["Donald Trump", "Donald Trump", "", "Donald Trump"]


def test_quotes_continue_over_sentences_and_paragraphs():
    text = ('"There are indications. So do I think so? Yes, they will regret it," Esper told reporters.\n\n'
            '"We are prepared to deter them."\n\n'
            "Supporters of the militia laid siege to the embassy.\n")
    sentences, quotes = _speakers(text)
    assert sentences["mode"].tolist() == ["quotation", "quotation", "quotation", "quotation", "narration"]
    assert sentences["speaker"].tolist() == ["Mark Esper"] * 4 + [""]
    assert quotes["cue"].tolist() == ["after quote", "continued quote"]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said: \u201cWe will respond at a time of our choosing. Proxies attack us.\nAustin left.\n"
    sentences, quotes = _speakers("Austin spoke.\n" + text)
    assert quotes["unclosed"].tolist() == [True]
    assert quotes["text"].item().endswith("Proxies attack us.")
    assert sentences["mode"].tolist() == ["narration", "quotation", "quotation", "narration"]


def test_partial_quote_keeps_the_sentence_narration():
    sentences, _ = _speakers('Trump warned Iran on Wednesday of a "heavy price" if its allies attack US troops there.')
    assert sentences[["mode", "speaker"]].iloc[0].tolist() == ["narration", "Donald Trump"]


def test_seed_speakers(seed_tables):
    mentions = find_mentions(seed_tables.documents, seed_tables.sentences)
    sentences, quotes = attribute_speakers(seed_tables.documents, seed_tables.segments, seed_tables.sentences, mentions)
    quoted = sentences[sentences["mode"] == "quotation"].groupby("doc_id")["speaker"].agg(lambda s: sorted(set(s)))
    assert quoted.to_dict() == {
        "000": ["Ali Khamenei", "Mark Esper"],
        "001": ["Mark Esper", "Renad Mansour"],
        "002": ["Donald Trump", "Sean Robertson", "Washington Post"],
        "003": ["John Kirby", "Lloyd Austin"],
        "004": ["Lloyd Austin"],
    }
    assert quotes["unclosed"].sum() >= 2  # 004 leaves quotes open at the end of paragraphs


def test_speaker_summary():
    import pandas as pd

    from analysis.speakers import speaker_summary

    sentences = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b"],
        "mode": ["quotation", "quotation", "narration", "quotation"],
        "speaker": ["Esper", "", "Esper", "Austin"],
    })
    docs = pd.DataFrame({"doc_id": ["a", "b"], "period": ["p1", "p2"]})
    summary = speaker_summary(sentences, docs).set_index(["group", "speaker"])
    assert summary.loc[("p1", "Esper"), ["n_quotation", "n_reported"]].tolist() == [1, 1]
    assert summary.loc[("p1", "Esper"), "quotation_share"] == 0.5
    assert summary.loc[("p2", "Austin"), "quotation_share"] == 1.0
