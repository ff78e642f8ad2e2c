"""The per-article cache: the same tables as without it, and a changed article recomputed alone."""

import pandas as pd
import pytest

from analysis.cache import ArticleCache, article_key, assemble, split_by_article
from analysis.pipeline import (
    analyse,
    build_actor_tables,
    build_escalation_tables,
    build_sentiment_tables,
)
from tests.conftest import SEEDS

ARTICLES = {
    "a.txt": "Iran warns the US\nIran warned the United States on Monday. Officials said they may respond.\n",
    "b.txt": "Militias strike base\nIran-backed militias attacked a base in Iraq. Nobody was hurt.\n",
    "c.txt": "Talks resume\nThe Pentagon said it does not seek war with Iran. Talks will resume.\n",
}


def _assert_same(first, second):
    for group in ("tables", "actors", "sentiment", "escalation"):
        a, b = getattr(first, group), getattr(second, group)
        for name in a.__dataclass_fields__:
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=f"{group}.{name}")


def test_analyse_gives_the_step_by_step_tables(seed_tables):
    analysis = analyse(SEEDS)
    actors = build_actor_tables(seed_tables)
    sentiment = build_sentiment_tables(seed_tables, actors)
    escalation = build_escalation_tables(sentiment.sentences)
    for group, expected in (("tables", seed_tables), ("actors", actors), ("sentiment", sentiment), ("escalation", escalation)):
        for name in expected.__dataclass_fields__:
            pd.testing.assert_frame_equal(getattr(getattr(analysis, group), name), getattr(expected, name), obj=name)


def test_cache_and_workers_leave_every_table_unchanged(tmp_path):
    plain = analyse(SEEDS)
    cold = analyse(SEEDS, cache=tmp_path / "cache")
    warm = analyse(SEEDS, cache=tmp_path / "cache", workers=2)
    for other in (cold, warm, analyse(SEEDS, workers=2)):
        _assert_same(plain, other)
    assert len(list((tmp_path / "cache").glob("*/*.pickle"))) == len(plain.tables.documents)


def test_a_changed_article_invalidates_only_its_own_entry(write_corpus, tmp_path):
    corpus = write_corpus(ARTICLES)
    cache = tmp_path / "cache"
    first = analyse(corpus, cache=cache)
    entries = {p.name: p.stat().st_mtime_ns for p in cache.glob("*/*.pickle")}
    assert len(entries) == 3
    (corpus / "b.txt").write_text(ARTICLES["b.txt"] + "They vowed revenge.\n", encoding="utf-8")
    second = analyse(corpus, cache=cache)
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("*/*.pickle")}
    assert set(entries) < set(after) and len(after) == 4  # one new entry ...
    assert all(after[name] == entries[name] for name in entries)  # ... and no other rewritten
    assert set(first.keys) ^ set(second.keys) == {first.keys[1], second.keys[1]}
    _assert_same(second, analyse(corpus))
    assert ArticleCache(cache).prune(set(second.keys)) == 1
    assert len(list(cache.glob("*/*.pickle"))) == 3


@pytest.mark.parametrize("spoil", ["*/*.pickle", "corpus/*/*.pickle", "**/*.pickle"])
def test_an_unreadable_entry_or_snapshot_is_recomputed(write_corpus, tmp_path, spoil):
    corpus = write_corpus(ARTICLES)
    cache = tmp_path / "cache"
    expected = analyse(corpus, cache=cache)
    for path in cache.glob(spoil):
        path.write_bytes(b"not a pickle")
    _assert_same(expected, analyse(corpus, cache=cache))


def test_an_unchanged_corpus_is_read_back_whole(write_corpus, tmp_path, monkeypatch):
    import analysis.pipeline

    corpus, cache = write_corpus(ARTICLES), tmp_path / "cache"
    first = analyse(corpus, cache=cache)
    monkeypatch.setattr(analysis.pipeline, "read_corpus", lambda *a, **k: pytest.fail("recomputed"))
    _assert_same(first, analyse(corpus, cache=cache, workers=2))
    monkeypatch.undo()
    (corpus / "a.txt").write_text(ARTICLES["a.txt"] + "More.\n", encoding="utf-8")
    old = list(cache.glob("corpus/*/*.pickle"))
    analyse(corpus, cache=cache)
    new = list(cache.glob("corpus/*/*.pickle"))
    assert len(old) == len(new) == 1 and old != new  # the newest corpus replaces the last


def test_corpus_key_follows_every_input_file_and_option(write_corpus):
    from analysis.cache import corpus_key
    from analysis.corpus import TableColumns
    from analysis.dates import by_ranges, by_year

    corpus = write_corpus(ARTICLES)
    keys = [corpus_key(corpus, None, False, None)]
    assert keys[0] == corpus_key(corpus, None, False, TableColumns())
    keys.append(corpus_key(corpus, by_year, False, None))
    keys.append(corpus_key(corpus, by_ranges([("2020-01-01", "2020-12-31", "a")]), False, None))
    keys.append(corpus_key(corpus, by_ranges([("2020-01-01", "2020-12-30", "a")]), False, None))
    keys.append(corpus_key(corpus, None, True, None))
    keys.append(corpus_key(corpus, None, False, TableColumns(text="body")))
    (corpus / "b.txt").write_bytes((corpus / "b.txt").read_bytes() + b" ")
    keys.append(corpus_key(corpus, None, False, None))
    (corpus / "d.txt").write_text("A fourth article.\n", encoding="utf-8")
    keys.append(corpus_key(corpus, None, False, None))
    (corpus / "metadata.csv").write_text("file,outlet\na.txt,Wire\n", encoding="utf-8")
    keys.append(corpus_key(corpus, None, False, None))
    (corpus / "notes.md").write_text("not an input", encoding="utf-8")
    keys.append(corpus_key(corpus, None, False, None))  # not read, but a row of the report
    (corpus / "notes.md").write_text("still not an input", encoding="utf-8")
    assert corpus_key(corpus, None, False, None) == keys[-1]  # its bytes are not read
    assert len(set(keys)) == len(keys)
    assert corpus_key(corpus, lambda date: "all", False, None) is None  # a rule no hash can tell apart
    assert corpus_key(corpus / "missing", None, False, None) is None


def test_keys_follow_id_headline_and_text():
    key = article_key("a", "Headline", "Text")
    assert key == article_key("a", "Headline", "Text")
    assert len({key, article_key("b", "Headline", "Text"), article_key("a", "Other", "Text"),
                article_key("a", "Headline", "Text.")}) == 4


def test_split_and_assemble_are_inverse():
    table = pd.DataFrame({"doc_id": ["a", "a", "b"], "n": [1, 2, 3], "word": ["x", "y", "x"], "flag": [True, False, True]})
    table = table.astype({"doc_id": "str", "word": "str"})
    entries = split_by_article({"tokens": table}, ["a", "b", "c"])
    assert [len(e["tokens"][1]["n"]) for e in entries] == [2, 1, 0]
    pd.testing.assert_frame_equal(assemble(entries)["tokens"], table)


@pytest.mark.parametrize("workers", [1, 2])
def test_export_cli_prunes_the_entry_of_a_changed_article(write_corpus, tmp_path, workers):
    from analysis.__main__ import main

    corpus, out = write_corpus(ARTICLES), tmp_path / "out"
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--workers", str(workers)]) == 0
    (corpus / "c.txt").write_text(ARTICLES["c.txt"].replace("resume", "stall"), encoding="utf-8")
    assert main(["export", "--corpus", str(corpus), "--out", str(out), "--workers", str(workers)]) == 0
    assert len(list((out / "cache").glob("*/*.pickle"))) == 3


def test_export_rerun_on_unchanged_inputs_rewrites_nothing(write_corpus, tmp_path, capsys):
    from analysis.__main__ import main

    corpus, out = write_corpus(ARTICLES), tmp_path / "out"
    run = ["export", "--corpus", str(corpus), "--out", str(out), "--workers", "1"]
    assert main(run) == 0
    written = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.csv")}
    capsys.readouterr()
    assert main(run) == 0
    output = capsys.readouterr()
    assert "nothing rewritten" in output.err and sorted(output.out.split()) == sorted(str(out / n) for n in written)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.glob("*.csv")} == written
    (out / "tokens.csv").write_text("edited by hand\n", encoding="utf-8")
    assert main(run) == 0 and "nothing rewritten" not in capsys.readouterr().err
    assert (out / "tokens.csv").read_bytes() == written["tokens.csv"][0]
    (corpus / "a.txt").write_text(ARTICLES["a.txt"] + "More.\n", encoding="utf-8")
    assert main(run) == 0 and "nothing rewritten" not in capsys.readouterr().err
    assert (out / "tokens.csv").read_bytes() != written["tokens.csv"][0]
    assert main([*run, "--no-cache"]) == 0 and "nothing rewritten" not in capsys.readouterr().err
