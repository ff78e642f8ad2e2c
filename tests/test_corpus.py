import datetime as dt
import re

import pytest

from analysis.corpus import CorpusError, read_corpus
from analysis.dates import DateError, by_ranges, by_year, parse_date_line, parse_iso_date
from analysis.pipeline import build_tables
from tests.conftest import SEEDS

ARTICLE = "A headline\n\nIran warned the US. Washington replied.\n"


def _report_row(corpus, name):
    return corpus.report.set_index("input").loc[name]


def test_seed_metadata_dates_and_provenance():
    docs = read_corpus(SEEDS).documents.set_index("doc_id")
    assert docs["published"].to_dict() == {
        "000": "2020-01-02", "001": "2020-01-02", "002": "2020-04-01",
        "003": "2024-02-01", "004": "2024-02-01",
    }
    assert docs["date_source"].to_dict() == {
        "000": "header", "001": "text", "002": "inferred", "003": "header", "004": "inferred",
    }
    assert docs.loc["004", "date_note"].count("2 February 2024") == 1
    assert (docs["outlet"] == "").all()


def test_seed_files_match_the_shared_originals():
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in sorted(shared.glob("*.txt")):
        assert (SEEDS / original.name).read_bytes() == original.read_bytes(), original.name


def test_without_metadata_dates_come_from_header_and_dateline(write_corpus):
    root = write_corpus({
        "a.txt": " date 2021-03-04 Body text here.\n",
        "b.txt": "Headline\n4 March, 2021\nBody.\n",
        "c.txt": "Headline\nBody with no date.\n",
    })
    corpus = read_corpus(root)
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["a", ["published", "date_source", "period"]].tolist() == ["2021-03-04", "header", "2021"]
    assert docs.loc["b", ["published", "date_source"]].tolist() == ["2021-03-04", "text"]
    assert docs.loc["c", "published"] == ""
    row = _report_row(corpus, "c.txt")
    assert row["status"] == "read with warnings"
    assert "no publication date" in row["message"] and "no period" in row["message"]


def test_period_rule_overrides_metadata(write_corpus):
    root = write_corpus({"a.txt": " date 2020-02-01 Text.\n", "metadata.csv": "file,period\na.txt,old\n"})
    assert read_corpus(root).documents["period"].item() == "old"
    rule = by_ranges([("2020-01-01", "2020-12-31", "siege")])
    assert read_corpus(root, rule).documents["period"].item() == "siege"


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no such directory"):
        read_corpus(tmp_path / "nope")


def test_directory_without_articles_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match=r"no \.txt files"):
        read_corpus(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"Caf\xe9 in Tehran\nsecond line \xff\n", r"not valid UTF-8 \(byte 0xe9 at offset 3, line 1\)"),
    ],
)
def test_unreadable_files_are_skipped_and_reported(write_corpus, content, message):
    root = write_corpus({"good.txt": ARTICLE, "bad.txt": content})
    corpus = read_corpus(root)
    assert corpus.documents["doc_id"].tolist() == ["good"]
    row = _report_row(corpus, "bad.txt")
    assert row["status"] == "skipped"
    assert re.search(message, row["message"])


def test_utf8_byte_order_mark_is_not_part_of_the_text(write_corpus):
    root = write_corpus({"a.txt": "\ufeffHeadline\nBody.\n"})
    assert read_corpus(root).documents["text"].item() == "Headline\nBody.\n"


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ("file,published\nmissing.txt,2020-01-01\n", r"metadata\.csv:2: file 'missing.txt' does not exist"),
        ("file\n../outside.txt\n", r"metadata\.csv:2: file '../outside.txt' lies outside the corpus"),
        ("file,published\na.txt,2020-02-30\n", r"metadata\.csv:2: published '2020-02-30' is not a real calendar date"),
        ("file,published\na.txt,01/02/2020\n", r"metadata\.csv:2: published '01/02/2020' is not a date in YYYY-MM-DD"),
        ("file,published\na.txt,2020-01-01,extra\n", r"metadata\.csv:2: 3 fields where the header has 2"),
        ("id,file\nx,a.txt\nx,b.txt\n", r"metadata\.csv:3: id 'x' is used twice \(first on line 2\)"),
        ("file\na.txt\na.txt\n", r"metadata\.csv:3: file 'a.txt' is listed twice"),
        ("name\na.txt\n", r"metadata\.csv:1: no 'file' column"),
        ("file,date_source\na.txt,guess\n", r"metadata\.csv:2: date_source 'guess' must be one of"),
        ("file,published\na.txt,2020-01-03\n", r"metadata\.csv:2: published 2020-01-03 disagrees with the date header of a\.txt \(2020-01-02\)"),
        ("file,published\nb.txt,2020-01-03\n", r"metadata\.csv:2: published 2020-01-03 disagrees with the dateline of b\.txt"),
        ("file,published,date_source\nc.txt,2020-01-03,header\n", r"date_source is 'header' but c\.txt has no date header"),
    ],
)
def test_metadata_problems_name_the_file_and_line(tmp_path, write_corpus, metadata, message):
    (tmp_path / "outside.txt").write_text("An article outside the corpus directory.\n")
    root = write_corpus({
        "a.txt": " date 2020-01-02 Text.\n", "b.txt": "Headline\n2 January 2020\nBody.\n",
        "c.txt": "Headline\nBody.\n", "metadata.csv": metadata,
    })
    with pytest.raises(CorpusError, match=message):
        read_corpus(root)


def test_file_not_in_metadata_is_read_with_a_warning(write_corpus):
    root = write_corpus({"a.txt": ARTICLE, "b.txt": ARTICLE, "metadata.csv": "file,published\na.txt,2020-01-01\n"})
    corpus = read_corpus(root)
    assert corpus.documents["doc_id"].tolist() == ["a", "b"]
    assert "not listed in metadata.csv" in _report_row(corpus, "b.txt")["message"]
    assert _report_row(corpus, "metadata.csv")["status"] == "read"


def test_malformed_header_date_is_a_warning_naming_the_line(write_corpus):
    corpus = read_corpus(write_corpus({"a.txt": " date 2020-13-45 Text.\n"}))
    message = _report_row(corpus, "a.txt")["message"]
    assert message.startswith("line 1: date header '2020-13-45' is not a real calendar date")


def test_impossible_dateline_is_a_warning_naming_the_line(write_corpus):
    corpus = read_corpus(write_corpus({"a.txt": "Headline\n31 February, 2020\nBody.\n"}))
    assert "line 2: dateline '31 February, 2020' is not a real calendar date" in _report_row(corpus, "a.txt")["message"]


def test_article_left_without_text_is_reported(write_corpus):
    tables = build_tables(write_corpus({"a.txt": "3 min read\nRelated news\n", "b.txt": ARTICLE}))
    row = tables.report.set_index("input").loc["a.txt"]
    assert row["status"] == "read with warnings"
    assert "no sentence left after cleaning" in row["message"]
    assert tables.documents.set_index("doc_id").loc["a", "n_tokens"] == 0


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("02 January, 2020", dt.date(2020, 1, 2)),
        ("Thursday, January 2, 2020", dt.date(2020, 1, 2)),
        ("2 Jan 2020", dt.date(2020, 1, 2)),
        (" 1st February 2024 ", dt.date(2024, 2, 1)),
        ("2024-02-01", dt.date(2024, 2, 1)),
        ("On 2 January 2020 Esper spoke.", None),
        ("October 7", None),
    ],
)
def test_parse_date_line(line, date):
    assert parse_date_line(line) == date


def test_date_errors():
    with pytest.raises(DateError):
        parse_iso_date("2020-1-2")
    with pytest.raises(DateError):
        parse_date_line("30 February 2020")


def test_period_rules():
    assert by_year(dt.date(2024, 2, 1)) == "2024"
    rule = by_ranges([("2020-01-01", "2020-06-30", "a"), ("2024-01-01", "2024-12-31", "b")])
    assert rule(dt.date(2020, 6, 30)) == "a"
    with pytest.raises(ValueError, match="falls in none of the periods"):
        rule(dt.date(2022, 1, 1))
    with pytest.raises(ValueError, match="is before first day"):
        by_ranges([("2020-02-01", "2020-01-01", "x")])


def test_corpus_whose_every_file_is_skipped_still_gives_tables_and_a_report(write_corpus):
    tables = build_tables(write_corpus({"a.txt": b"", "b.txt": b"\x00\x01"}))
    assert tables.documents.empty and tables.tokens.empty
    assert tables.report["status"].tolist() == ["skipped", "skipped"]
