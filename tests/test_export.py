import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.export import MANIFEST
from tests.conftest import ROOT, SEEDS

TABLES = ["documents.csv", "sentences.csv", "tokens.csv", "cleaning_report.csv", "run_report.csv",
          "mentions.csv", "actor_counts.csv", "quotes.csv", "actor_audit.csv", "article_sentiment.csv",
          "escalation_matches.csv", "keyness.csv", "period_summary.csv"]


def _export(out: Path, env: dict[str, str] | None = None, corpus: Path = SEEDS,
            extra: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "export", "--corpus", str(corpus), "--out", str(out), *(extra or [])],
        cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    result = _export(out, {"PYTHONHASHSEED": "1"})
    assert result.returncode == 0, result.stderr
    return out


def test_export_writes_every_table_with_its_columns(exported):
    assert sorted(p.name for p in exported.iterdir() if p.is_file()) == sorted([*TABLES, MANIFEST])
    assert (exported / "cache").is_dir()  # the per-article cache lives inside --out
    columns = {name: list(pd.read_csv(exported / name, nrows=0).columns) for name in TABLES}
    assert {"doc_id", "file", "published", "period", "n_sentences", "n_tokens"} <= set(columns["documents.csv"])
    assert {"doc_id", "sent_id", "start", "end", "text"} <= set(columns["sentences.csv"])
    assert {"doc_id", "sent_id", "start", "end", "token"} <= set(columns["tokens.csv"])
    assert {"doc_id", "start", "end", "reason", "text"} <= set(columns["cleaning_report.csv"])
    assert columns["run_report.csv"] == ["input", "doc_id", "status", "message"]
    assert {"speaker", "speaker_cue", "mode", "compound", "pos", "neu", "neg"} <= set(columns["sentences.csv"])
    assert {"doc_id", "n_sentences", "mean_compound", "ci_low", "ci_high"} <= set(columns["article_sentiment.csv"])
    assert {"escalation", "restraint", "net"} <= set(columns["sentences.csv"])
    assert {"doc_id", "sent_id", "start", "end", "term", "category", "weight", "rules"} <= set(columns["escalation_matches.csv"])
    assert {"term", "period", "freq", "doc_freq", "G2", "log_ratio", "log_odds_z"} <= set(columns["keyness.csv"])
    assert {"measure", "value_a", "value_b", "difference", "ci_low", "ci_high", "p_value"} <= set(columns["period_summary.csv"])
    assert {"doc_id", "sent_id", "start", "end", "surface", "actor", "is_sponsor"} <= set(columns["mentions.csv"])
    assert {"by", "group", "actor", "n", "per_1000", "n_direct"} <= set(columns["actor_counts.csv"])


def test_exported_offsets_index_the_raw_files(exported):
    docs = pd.read_csv(exported / "documents.csv", dtype=str).set_index("doc_id")
    raw = {d: (SEEDS / f).read_bytes().decode("utf-8") for d, f in docs["file"].items()}
    for name, column in [("sentences.csv", "text"), ("tokens.csv", "token"), ("cleaning_report.csv", "text"),
                         ("mentions.csv", "surface"), ("quotes.csv", "text"),
                         ("escalation_matches.csv", "surface")]:
        table = pd.read_csv(exported / name, dtype={"doc_id": str}, keep_default_na=False)
        for row in table.itertuples():
            assert raw[row.doc_id][row.start:row.end] == getattr(row, column), (name, row)


def test_export_is_byte_identical_across_runs_hash_seeds_workers_and_cache(exported, tmp_path):
    for out, extra in ((tmp_path / "two", ["--workers", "2"]), (tmp_path / "none", ["--no-cache", "--workers", "1"])):
        result = _export(out, {"PYTHONHASHSEED": "2"}, extra=extra)
        assert result.returncode == 0, result.stderr
        for name in TABLES:
            assert (out / name).read_bytes() == (exported / name).read_bytes(), (name, extra)
    assert not (tmp_path / "none" / "cache").exists()
    (exported / MANIFEST).unlink()  # else the re-run finds the export current and writes nothing
    again = _export(exported, {"PYTHONHASHSEED": "3"})  # from the warm cache
    assert again.returncode == 0, again.stderr
    for name in TABLES:
        assert (exported / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_pipeline_needs_no_nltk_data_and_no_network(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    script = (
        "import nltk\n"
        f"nltk.data.path[:] = [{str(empty)!r}]\n"
        "import socket\n"
        "def refuse(*a, **k): raise AssertionError('network connection attempted')\n"
        "socket.socket.connect = refuse\n"
        "from analysis.pipeline import build_actor_tables, build_sentiment_tables, build_tables\n"
        f"t = build_tables({str(SEEDS)!r})\n"
        "assert len(t.tokens) > 1000, len(t.tokens)\n"
        "s = build_sentiment_tables(t, build_actor_tables(t))\n"
        "assert s.sentences['compound'].notna().all()\n"
    )
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cli_errors_are_one_clear_line_with_status_2(tmp_path):
    result = _export(tmp_path / "out", corpus=tmp_path / "missing")
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"error: {tmp_path / 'missing'}: no such directory or file;")
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    assert report["status"].tolist() == ["failed"]


@pytest.mark.parametrize("command", [["export"], ["run-notebooks", str(ROOT / "notebooks")]])
def test_no_output_goes_into_the_corpus_folder(write_corpus, capsys, command):
    from analysis.__main__ import main

    corpus = write_corpus({"a.txt": " date 2020-01-01 Iran warned.\n"})
    before = sorted(p.name for p in corpus.iterdir())
    assert main([*command, "--corpus", str(corpus), "--out", str(corpus / "out")]) == 2
    assert "is inside the corpus folder" in capsys.readouterr().err
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_cli_rejects_a_malformed_period_rule(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "export", "--corpus", str(SEEDS), "--out", str(tmp_path),
         "--periods", "2020=early"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "write FIRST:LAST=LABEL" in result.stderr


@pytest.mark.parametrize("command", [[], ["export"], ["run-notebooks"]])
def test_help_explains_every_command_with_examples(command):
    result = subprocess.run([sys.executable, "-m", "analysis", *command, "--help"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "examples:" in result.stdout


def test_strict_export_stops_with_status_2_and_a_run_report(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": " date 2020-01-01 Iran warned.\n", "b.txt": b""})
    result = _export(tmp_path / "out", corpus=corpus, extra=["--strict"])
    assert result.returncode == 2
    assert "b.txt: empty" in result.stderr and "stopped by --strict" in result.stderr
    report = pd.read_csv(tmp_path / "out" / "run_report.csv", keep_default_na=False)
    assert report[["input", "status"]].values.tolist() == [["b.txt", "failed"]]


def test_csv_corpus_exports_every_table_and_writes_only_into_out(tmp_path):
    source = tmp_path / "in" / "articles.csv"
    source.parent.mkdir()
    source.write_text(
        "id,body,published\n"
        "a,\"Iran warned the US. Washington said it would respond.\",2020-01-02\n"
        "b,\"Austin said the US was not at war with Iran.\",2020-03-01\n"
        "c,\"Militias attacked a base. The US struck back.\",2024-02-01\n"
        "d,\"Officials urged de-escalation and a ceasefire.\",2024-02-02\n",
        encoding="utf-8",
    )
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = _export(tmp_path / "out", corpus=source, extra=["--text-column", "body", "--date-column", "published"])
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted([*TABLES, MANIFEST, "cache"])
    assert sorted(p.name for p in tmp_path.rglob("*") if "out" not in p.parts) == [n for n in before if n != "out"]
    summary = pd.read_csv(tmp_path / "out" / "period_summary.csv")
    assert set(summary["period_a"]) == {2020} and set(summary["period_b"]) == {2024}
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert documents["file"].tolist() == ["articles.csv:2", "articles.csv:3", "articles.csv:4", "articles.csv:5"]


TRICKY = pd.DataFrame({
    "text": pd.Series(["plain", "a,b", 'say "no"', "two\nlines", "carriage\rreturn", "", None, " pad "], dtype="str"),
    "n": [0, 1, 7, 999_999, 1_000_000, 12, 3, 5],
    "neg": [-1, 0, 2**40, -(2**40), 5, 6, 7, 8],
    "x": [0.1 + 0.2, float("nan"), float("inf"), -0.0, 1e16, 1e-7, 2.0, -3.5],
    "y": [0.0, -0.0, float("nan"), 0.0, -0.0, float("nan"), 1 / 3, 1 / 3],  # repeated values, two zeros
    "flag": [True, False, True, True, False, False, True, False],
    "label": ["é", "ü,ß", "x", "y", "z", "", "", "—"],
    "quotes": ['"', '""', '","', "\r\n", "a\r", ",", " ", "'"],
})


@pytest.mark.parametrize(
    "table",
    [
        TRICKY,
        TRICKY.iloc[3:6],  # a slice, as the parallel writer formats it
        TRICKY.iloc[0:0],  # no rows: the header alone
        TRICKY[["text"]],  # one column: pandas writes an empty value as ""
        TRICKY.assign(mixed=[1, "1", 1.0, True, None, "a", 2, 3]),  # object values: pandas' path
        TRICKY.assign(day=pd.to_datetime(["2020-01-03"] * 8)),
        pd.DataFrame({"a,b": [1], 'q"': ["v"]}),  # column names that need quoting
    ],
)
def test_format_csv_gives_the_bytes_pandas_writes(table):
    from analysis.export import format_csv

    for header in (True, False):
        assert format_csv(table, header) == table.to_csv(index=False, header=header, lineterminator="\n")


def test_parallel_writer_joins_its_parts_in_order_and_leaves_none(tmp_path, monkeypatch):
    import analysis.export as export

    monkeypatch.setattr(export, "PIECE_ROWS", 3)  # TRICKY's 8 rows in three parts
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    files = {"t.csv": TRICKY, "empty.csv": TRICKY.iloc[0:0], "later.csv": lambda: TRICKY.iloc[::-1]}
    for folder, workers in (("one", 1), ("two", 2)):
        export.write_tables(files, tmp_path / folder, workers)
    for name in files:
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    expected = TRICKY.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert (tmp_path / "two" / "t.csv").read_bytes() == expected
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(files)

    write_piece = export._write_piece

    def second_part_fails(table: pd.DataFrame, header: bool, path: Path) -> None:
        write_piece(table, header, path)  # the part is on disk, then its call fails
        if path.name.endswith(".1.part"):
            raise RuntimeError("a failing part")

    monkeypatch.setattr(export, "_write_piece", second_part_fails)
    (tmp_path / "failed").mkdir()
    with pytest.raises(RuntimeError, match="a failing part"):
        export.write_tables({"t.csv": TRICKY}, tmp_path / "failed", 2)
    assert not list((tmp_path / "failed").glob("*.part"))
