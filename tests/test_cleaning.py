import pytest

from analysis.cleaning import cleaning_report, detect_headline, rebuilds_raw, segment
from tests.conftest import one_doc


def test_every_seed_is_rebuilt_exactly_from_kept_and_removed_spans(seed_tables):
    assert rebuilds_raw(seed_tables.documents, seed_tables.segments).all()


def test_segment_texts_are_raw_slices(seed_tables):
    texts = dict(zip(seed_tables.documents["doc_id"], seed_tables.documents["text"], strict=True))
    for row in seed_tables.segments.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text


@pytest.mark.parametrize(
    ("doc_id", "reason", "text"),
    [
        ("000", "date header", " date 2020-01-02 "),
        ("000", "related link", "Plus:\n"),
        ("001", "repeated headline", "US expects more attacks from Iran-backed groups, says Defence Secretary Esper\n"),
        ("001", "reading time", "3 min read\n"),
        ("001", "date line", "02 January, 2020\n"),
        ("001", "photo caption", "Defence Secretary Mark Esper issued a stern warning to pro-Iran groups in Iraq [Getty]\n"),
        ("001", "related link", "Read more: US attack on Iraqi militia further entrenches US military in Middle East\n"),
        ("002", "related link", "Related news\n"),
        ("002", "server error", "[an error occurred while processing the directive]"),
        ("003", "date header", " date 2024-02-01 "),
        ("004", "site section label", " | Middle East and North Africa\n"),
        ("004", "comment form", "Leave a Reply\n"),
    ],
)
def test_seed_furniture_is_removed_with_its_reason(seed_tables, doc_id, reason, text):
    report = seed_tables.cleaning_report
    rows = report[(report["doc_id"] == doc_id) & (report["reason"] == reason)]
    assert text in set(rows["text"])


def test_social_prompt_and_see_also_links_with_nbsp_are_removed(seed_tables):
    report = seed_tables.cleaning_report
    assert report[report["text"].str.startswith("Follow us on")]["reason"].tolist() == ["social media prompt"]
    see_also = report[(report["doc_id"] == "004") & report["text"].str.startswith("See also")]
    assert len(see_also) == 2


def test_headline_kept_once_and_its_copies_removed(seed_tables):
    segments, sentences = seed_tables.segments, seed_tables.sentences
    repeated = segments[(segments["doc_id"] == "002") & (segments["reason"] == "repeated headline")]
    assert len(repeated) == 2
    headlines = sentences[sentences["kind"] == "headline"]
    assert sorted(headlines["doc_id"]) == ["001", "002", "003", "004"]


def test_comment_form_removes_everything_after_it(seed_tables):
    segments = seed_tables.segments
    doc = segments[segments["doc_id"] == "004"]
    start = doc.loc[doc["text"] == "Leave a Reply\n", "seg_id"].item()
    tail = doc[doc["seg_id"] >= start]
    assert not tail["kept"].any()
    assert "Your email address will not be published" in "".join(tail["text"])


def test_bracketed_insertion_inside_a_quote_is_kept(seed_tables):
    kept = seed_tables.segments[seed_tables.segments["kept"]]
    assert kept["text"].str.contains("[on Sunday]", regex=False).any()


def test_span_rule_removes_only_the_match_within_a_line():
    docs = one_doc("Iran warned. [an error occurred while processing the directive] It waited.\n")
    segments = segment(docs)
    assert list(segments["kept"]) == [True, False, True]
    assert cleaning_report(segments)["reason"].tolist() == ["server error"]


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("US orders strikes | Middle East\n\nBody text here.", "US orders strikes"),
        (" date 2024-02-01 Plans in place: Live\nBody.", "Plans in place: Live"),
        ("A long first paragraph that ends like a sentence.\nMore.", ""),
        ("Only one line", ""),
        ("3 min read\nBody.", ""),
    ],
)
def test_detect_headline(text, headline):
    assert detect_headline(text) == headline


def test_date_header_needs_a_date_value():
    docs = one_doc("Date palms grow in Basra.\n")
    assert segment(docs)["kept"].all()


def test_crlf_line_ends_are_kept_in_offsets():
    text = "Headline here\r\n\r\nBody sentence one. Body two.\r\n3 min read\r\n"
    docs = one_doc(text, headline="Headline here")
    segments = segment(docs)
    assert rebuilds_raw(docs, segments).all()
    assert cleaning_report(segments)["reason"].tolist() == ["reading time"]
