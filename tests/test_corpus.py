import datetime as dt
import re

import pandas as pd
import pytest

from analysis import corpus as corpus_module
from analysis.corpus import NO_PERIOD, CorpusError, TableColumns, periods_of, read_corpus
from analysis.dates import DateError, by_ranges, by_year, parse_date_line, parse_iso_date, parse_period_rule
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
    with pytest.raises(CorpusError, match="no such directory or file"):
        read_corpus(tmp_path / "nope")
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(CorpusError, match=r"not a folder or a \.csv/\.jsonl/\.ndjson file"):
        read_corpus(tmp_path / "notes.md")


def test_directory_without_articles_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match=r"no \.txt files"):
        read_corpus(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty: it holds no text"),
        (b"  \n\n ", "empty: it holds no text"),
        (b"\xef\xbb\xbf  \n", "empty: it holds no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"Iran\nwarned \x81\x8d the US\n", r"neither UTF-8 nor Windows-1252 \(byte 0x81 at offset 12, line 2\)"),
        (b"GIF89a\x01\x02\xff\xfe rest", r"not text: not UTF-8 \(byte 0xff at offset 8, line 1\)"),
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
        ("file,published\na.txt,\nb.txt,2020-01-03\n", r"metadata\.csv:3: published 2020-01-03 disagrees with the dateline of b\.txt"),
        ("file,published,date_source\na.txt,,\nb.txt,,\nc.txt,2020-01-03,header\n", r"metadata\.csv:4: date_source is 'header' but c\.txt has no date header"),
    ],
)
def test_metadata_problems_name_the_file_and_line(tmp_path, write_corpus, metadata, message):
    (tmp_path / "outside.txt").write_text("An article outside the corpus directory.\n")
    root = write_corpus({
        "a.txt": " date 2020-01-02 Text.\n", "b.txt": "Headline\n2 January 2020\nBody.\n",
        "c.txt": "Headline\nBody.\n", "metadata.csv": metadata,
    })
    with pytest.raises(CorpusError, match=message):
        read_corpus(root, strict=True)


def test_unusable_metadata_rows_are_skipped_and_reported_and_their_files_read_as_unlisted(tmp_path, write_corpus):
    (tmp_path / "outside.txt").write_text("An article outside the corpus directory.\n")
    root = write_corpus({
        "a.txt": " date 2020-01-02 Text a.\n", "b.txt": "Headline\n2 January 2020\nBody b.\n",
        "c.txt": "Headline\nBody c.\n", "d.txt": " date 2020-01-05 Text d.\n",
        "metadata.csv": (
            "id,file,published,date_source\n"
            "A,a.txt,2020-01-03,\n"  # line 2: disagrees with a's date header
            "B,b.txt,2020-02-30,\n"  # 3: no such day
            "C,c.txt,2020-01-04,header\n"  # 4: c has no date header
            "X,../outside.txt,2020-01-01,\n"  # 5
            "A,d.txt,2020-01-05,\n"  # 6: id of line 2
            "E,missing.txt,2020-01-01,\n"  # 7
            "F,a.txt,2020-01-02,\n"  # 8: a.txt again
            "G,d.txt,2020-01-05,extra,x\n"  # 9: ragged
            ",,2020-01-01,\n"  # 10: no file
        ),
    })
    corpus = read_corpus(root)
    docs = corpus.documents.set_index("doc_id")
    assert docs.index.tolist() == ["A", "B", "C", "d"]  # outside.txt is not read
    assert docs.loc["A", "published"] == "2020-01-03"  # metadata's date kept, with a warning
    assert (docs.loc["B", "published"], docs.loc["B", "date_source"]) == ("2020-01-02", "text")
    assert (docs.loc["C", "published"], docs.loc["C", "date_source"]) == ("2020-01-04", "metadata")
    report = corpus.report.set_index("input")
    expected = {
        "skipped": {
            "metadata.csv:5": "file '../outside.txt' lies outside the corpus directory",
            "metadata.csv:6": "id 'A' is used twice (first on line 2)",
            "metadata.csv:7": "file 'missing.txt' does not exist",
            "metadata.csv:8": "file 'a.txt' is listed twice (first on line 2)",
            "metadata.csv:9": "5 fields where the header has 4",
            "metadata.csv:10": "no file named",
        },
        "read with warnings": {
            "a.txt": "metadata.csv:2: published 2020-01-03 disagrees with the date header of a.txt (2020-01-02)",
            "b.txt": "metadata.csv:3: published '2020-02-30' is not a real calendar date",
            "c.txt": "metadata.csv:4: date_source is 'header' but c.txt has no date header",
            "d.txt": "its row in metadata.csv (line 6) is skipped",
        },
    }
    for status, messages in expected.items():
        for name, message in messages.items():
            assert report.loc[name, "status"] == status
            assert message in report.loc[name, "message"]
    with pytest.raises(CorpusError, match=r"metadata\.csv:5: file '../outside.txt' lies outside"):
        read_corpus(root, strict=True)


def test_file_not_in_metadata_is_read_with_a_warning(write_corpus):
    root = write_corpus({"a.txt": ARTICLE, "b.txt": "Another article.\n", "metadata.csv": "file,published\na.txt,2020-01-01\n"})
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


def test_article_of_punctuation_alone_is_reported_as_having_no_word(write_corpus):
    tables = build_tables(write_corpus({"a.txt": "...\n", "b.txt": ARTICLE}))
    row = tables.report.set_index("input").loc["a.txt"]
    assert row["status"] == "read with warnings"
    assert row["message"].endswith("; no word left after cleaning; check the cleaning report")
    assert tables.documents.set_index("doc_id").loc["a", ["n_tokens", "n_words"]].tolist() == [1, 0]


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
        ("2 January \u0662\u0660\u0662\u0660", dt.date(2020, 1, 2)),  # any decimal digits, as re's \d
        ("2 January 202", None),
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


def test_period_rules_are_read_as_the_command_line_writes_them():
    assert parse_period_rule(None) is None and parse_period_rule([]) is None
    assert parse_period_rule(["year"]) is by_year
    rule = parse_period_rule(["2020-01-01:2020-06-30=siege", "2024-01-01:2024-12-31=tower 22"])
    assert rule.labels == ["siege", "tower 22"] and rule(dt.date(2024, 2, 1)) == "tower 22"
    with pytest.raises(DateError, match="write FIRST:LAST=LABEL"):
        parse_period_rule(["2020-01-01=siege"])


def test_corpus_whose_every_file_is_skipped_still_gives_tables_and_a_report(write_corpus):
    tables = build_tables(write_corpus({"a.txt": b"", "b.txt": b"\x00\x01"}))
    assert tables.documents.empty and tables.tokens.empty
    assert tables.report["status"].tolist() == ["skipped", "skipped"]


@pytest.mark.parametrize(
    ("data", "encoding", "warning"),
    [
        ("Tehran\u2019s reply\n".encode(), "utf-8", ""),
        (b"\xef\xbb\xbf" + "Tehran\u2019s reply\n".encode(), "utf-8-sig", ""),
        ("\ufeffTehran\u2019s reply\n".encode("utf-16-le"), "utf-16", "read as utf-16, not UTF-8"),
        ("\ufeffTehran\u2019s reply\n".encode("utf-16-be"), "utf-16", "read as utf-16, not UTF-8"),
        ("Tehran\u2019s caf\u00e9 reply\n".encode("cp1252"), "windows-1252", "read as windows-1252, not UTF-8"),
    ],
)
def test_encodings_are_read_and_recorded(write_corpus, data, encoding, warning):
    corpus = read_corpus(write_corpus({"a.txt": data}))
    doc = corpus.documents.iloc[0]
    assert doc["encoding"] == encoding
    assert doc["text"].startswith("Tehran\u2019s")
    message = _report_row(corpus, "a.txt")["message"]
    assert message.startswith(warning) and ("read as" in message) == bool(warning)


def test_metadata_and_tables_are_decoded_as_articles_are_and_their_encoding_reported(tmp_path, write_corpus):
    root = write_corpus({
        "a.txt": "Tehran\u2019s reply\n", "metadata.csv": "file,headline\na.txt,Tehran\u2019s caf\u00e9\n".encode("cp1252"),
    })
    corpus = read_corpus(root)
    assert corpus.documents["headline"].item() == "Tehran\u2019s caf\u00e9"
    row = _report_row(corpus, "metadata.csv")
    assert (row["status"], row["message"]) == ("read with warnings", "read as windows-1252, not UTF-8")
    table = tmp_path / "articles.csv"
    table.write_bytes("\ufeffid,text\nx,Tehran\u2019s reply\n".encode("utf-16-le"))
    corpus = read_corpus(table)
    assert corpus.documents["encoding"].tolist() == ["utf-16"]
    row = _report_row(corpus, "articles.csv")
    assert (row["status"], row["message"]) == ("read with warnings", "read as utf-16, not UTF-8")
    plain = tmp_path / "plain.csv"
    plain.write_text("id,text\nx,Some text.\n", encoding="utf-8")
    corpus = read_corpus(plain)
    assert corpus.report["input"].tolist() == ["plain.csv:2"]  # a UTF-8 table gets no row of its own
    assert corpus.documents["encoding"].tolist() == ["utf-8"]


def test_a_metadata_file_that_is_not_text_stops_the_run_naming_it(write_corpus):
    root = write_corpus({"a.txt": "Text.\n", "metadata.csv": b"file\x00\x01\n"})
    with pytest.raises(CorpusError, match=r"metadata\.csv: not a text file \(it contains NUL bytes\)") as info:
        read_corpus(root)
    assert info.value.input == "metadata.csv"


def test_duplicate_articles_are_skipped_with_the_original_named(write_corpus):
    corpus = read_corpus(write_corpus({"a.txt": ARTICLE, "b.txt": ARTICLE.replace("\n\n", "\n\n  "), "c.txt": "Other text.\n"}))
    assert corpus.documents["doc_id"].tolist() == ["a", "c"]
    row = _report_row(corpus, "b.txt")
    assert row["status"] == "skipped" and row["message"] == "duplicate of a (same text): remove one of the two"



def test_duplicate_rows_of_a_table_are_found_on_one_worker_and_on_two(tmp_path, monkeypatch):
    source = tmp_path / "articles.csv"
    source.write_text(
        'id,text\na,"Iran warned the US."\nx,\nb,"Iran  warned the US. "\nc,"Other text."\nd,"A fourth."\n', encoding="utf-8"
    )
    monkeypatch.setattr(corpus_module, "PARALLEL_FILES", 1)
    one, two = read_corpus(source), read_corpus(source, workers=2)
    assert one.documents["doc_id"].tolist() == ["a", "c", "d"]
    report = one.report.set_index("input")
    assert report.loc["articles.csv:3", "status"] == "skipped"  # the empty row, before the duplicate
    assert report.loc["articles.csv:4", "message"] == "duplicate of a (same text): remove one of the two"
    pd.testing.assert_frame_equal(two.documents, one.documents)
    pd.testing.assert_frame_equal(two.report, one.report)

def test_strict_stops_at_the_first_problem(write_corpus):
    root = write_corpus({"a.txt": " date 2020-01-01 Text.\n", "b.txt": b""})
    with pytest.raises(CorpusError, match=r"b.txt: empty: it holds no text; remove it or fill it \(stopped by --strict\)") as info:
        read_corpus(root, strict=True)
    assert info.value.input == "b.txt"


def test_period_rule_reports_empty_periods_and_dates_outside_them(write_corpus):
    root = write_corpus({"a.txt": " date 2020-02-01 Text one.\n", "b.txt": " date 2022-05-05 Text two.\n"})
    rule = by_ranges([("2020-01-01", "2020-12-31", "early"), ("2024-01-01", "2024-12-31", "late")])
    corpus = read_corpus(root, rule)
    assert corpus.documents.set_index("doc_id")["period"].to_dict() == {"a": "early", "b": NO_PERIOD}
    assert "falls in none of the periods" in _report_row(corpus, "b.txt")["message"]
    note = _report_row(corpus, "period rule")
    assert note["status"] == "warning" and note["message"] == "period 'late' has no articles: check its dates"


def test_csv_corpus(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text(
        "id,text,date,headline,period\n"
        "a1,\"Iran warned the US. Washington replied.\",2020-01-02,Warning,early\n"
        "a2,Austin spoke on Thursday.,2024-02-01T10:00:00Z,,\n"
        ",,,,\n"
        "a3,too,many,fields,here,extra\n"
        "a4,A text with a bad date.,2024-02-30,,\n"
        "a1,A second row with a used id.,2020-01-03,,\n"
        "a5,,2020-01-03,,\n",
        encoding="utf-8",
    )
    corpus = read_corpus(path)
    docs = corpus.documents.set_index("doc_id")
    assert list(docs.index) == ["a1", "a2", "a4"]
    assert docs.loc["a1", ["published", "period", "headline", "file"]].tolist() == ["2020-01-02", "early", "Warning", "articles.csv:2"]
    assert docs.loc["a2", ["published", "period"]].tolist() == ["2024-02-01", "2024"]
    report = corpus.report.set_index("input")
    assert report.loc["articles.csv:4", "status"] == "skipped" and "empty row" in report.loc["articles.csv:4", "message"]
    assert "6 fields where the header has 5" in report.loc["articles.csv:5", "message"]
    assert "not a real calendar date" in report.loc["articles.csv:6", "message"]
    assert "is used by an earlier row" in report.loc["articles.csv:7", "message"]
    assert "empty 'text'" in report.loc["articles.csv:8", "message"]


def test_csv_without_its_text_column_names_the_columns(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text("id,body\na,Some text.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles.csv:1: no 'text' column \(columns: id, body\); name the text column"):
        read_corpus(path)
    assert read_corpus(path, columns=TableColumns(text="body")).documents["text"].tolist() == ["Some text."]


def test_jsonl_corpus(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"id": "x", "text": "Iran warned the US.", "date": "2020-01-02"}\n'
        "\n"
        '{"id": "y", "text": "Broken\n'
        '["not", "an", "object"]\n'
        '{"id": "z", "body": "no text field"}\n'
        '{"id": "w", "text": ["a", "list"], "date": "2020-01-05"}\n'
        '{"id": 7, "text": "A number for an id.", "headline": {"main": "nested"}}\n',
        encoding="utf-8",
    )
    corpus = read_corpus(path)
    assert corpus.documents["doc_id"].tolist() == ["x"]
    assert corpus.report.set_index("input").loc["articles.jsonl:6", "message"] == (
        "'text' holds a JSON array or object: write it as one string"
    )
    assert "'headline' holds a JSON array or object" in corpus.report.set_index("input").loc["articles.jsonl:7", "message"]
    report = corpus.report.set_index("input")["message"]
    assert "empty line" in report["articles.jsonl:2"]
    assert "not valid JSON" in report["articles.jsonl:3"]
    assert "not a JSON object" in report["articles.jsonl:4"]
    assert "empty 'text'" in report["articles.jsonl:5"]


def test_reading_on_two_workers_gives_the_same_corpus_and_report(write_corpus, monkeypatch):
    root = write_corpus({
        "a.txt": " date 2020-01-02 Text one.\n", "b.txt": b"", "c.txt": b"\x00\x01binary",
        "d.txt": "Tehran\u2019s caf\u00e9 reply\n".encode("cp1252"), "e.txt": " date 2020-01-02 Text one.\n",
        "f.txt": "Headline\n31 February, 2020\nBody.\n", "g.txt": " date 2024-02-01 Text two.\n",
        "h.txt": " date 2022-05-05 Text three.\n", "metadata.csv": "file,headline\na.txt,Missing headline\n",
    })
    rule = by_ranges([("2020-01-01", "2020-12-31", "early"), ("2024-01-01", "2024-12-31", "late")])  # a closure
    monkeypatch.setattr(corpus_module, "PARALLEL_FILES", 1)
    one, two = read_corpus(root, rule), read_corpus(root, rule, workers=2)
    pd.testing.assert_frame_equal(two.documents, one.documents)
    pd.testing.assert_frame_equal(two.report, one.report)
    assert one.report["status"].value_counts().to_dict() == {"read with warnings": 5, "skipped": 3, "read": 1}
    (root / "metadata.csv").write_text("file,published\ng.txt,2024-02-03\n")  # disagrees with g's header
    assert "disagrees with the date header of g.txt" in _report_row(read_corpus(root, workers=2), "g.txt")["message"]


def test_periods_to_compare_leave_out_articles_without_a_period():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "period": ["2024", NO_PERIOD, "2020", "2024"]})
    assert periods_of(documents) == ["2020", "2024"]


def test_every_entry_of_a_corpus_folder_that_is_not_an_article_is_reported(write_corpus):
    root = write_corpus({
        "a.txt": " date 2020-01-01 Text a.\n", "B.TXT": " date 2020-01-02 Text b.\n",
        "notes.md": "# notes\n", ".DS_Store": b"\x00",
    })
    (root / "more").mkdir()
    corpus = read_corpus(root)
    assert corpus.documents["file"].tolist() == ["B.TXT", "a.txt"]  # a .txt file in any case is an article
    report = corpus.report.set_index("input")
    assert report.loc["notes.md", "status"] == "skipped" and "not a .txt file" in report.loc["notes.md", "message"]
    assert report.loc["more", "status"] == "skipped" and "a folder" in report.loc["more", "message"]
    assert ".DS_Store" not in report.index  # hidden files are not inputs
