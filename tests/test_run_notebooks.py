import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis.cache import ArticleCache, corpus_key
from analysis.corpus import CorpusError, TableColumns
from analysis.dates import parse_period_rule
from analysis.notebook import analyse_corpus
from analysis.notebooks import inject_parameters, numbered_notebooks, parameter_names, run_on_corpus
from tests.conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


def test_parameters_are_read_and_injected_after_their_cell():
    nb = nbformat.read(NOTEBOOKS / "04_escalation_language.ipynb", as_version=4)
    assert {"CORPUS", "FIGURES", "GOLD"} <= set(parameter_names(nb))
    injected = inject_parameters(nb, {"CORPUS": "/data/mine", "GOLD": "", "UNKNOWN": 1})
    index = next(i for i, c in enumerate(injected.cells) if "parameters" in c.metadata.get("tags", []))
    cell = injected.cells[index + 1]
    assert cell.metadata["tags"] == ["injected-parameters"]
    assert "CORPUS = '/data/mine'" in cell.source and "GOLD = ''" in cell.source and "UNKNOWN" not in cell.source


def test_notebook_runs_on_another_corpus_without_touching_the_repository(tmp_path, write_corpus):
    corpus = write_corpus({
        "a.txt": " date 2019-01-02 Iran warned the US. Washington said it would respond.\n",
        "b.txt": " date 2021-03-04 The militias attacked a base. Officials urged de-escalation.\n",
    })
    figures = sorted((ROOT / "figures").glob("01_*.png"))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in figures}
    failed = run_on_corpus([NOTEBOOKS / "01_corpus_overview.ipynb"], corpus, tmp_path / "out")
    assert failed == []
    copy = nbformat.read(tmp_path / "out" / "notebooks" / "01_corpus_overview.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in copy.cells)
    note = copy.cells[1]  # after the title: the prose is the seed corpus's, the numbers this one's
    assert "injected-note" in note.metadata["tags"] and f"This copy ran on `{corpus}`" in note.source
    assert not [o for c in copy.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert len(list((tmp_path / "out" / "figures").glob("01_corpus_overview__*.png"))) == len(figures)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in figures}
    assert after == before


def test_run_notebooks_with_a_corpus_needs_out():
    result = subprocess.run([sys.executable, "-m", "analysis", "run-notebooks", "notebooks", "--corpus", "seeds"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "--corpus needs --out" in result.stderr
    assert [p.name[:2] for p in numbered_notebooks(NOTEBOOKS)] == ["01", "02", "03", "04", "05"]


def test_tables_are_computed_once_into_the_cache_before_the_notebooks_run(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": " date 2019-01-02 Iran warned the US. Washington said it would respond.\n"})
    assert run_on_corpus([], corpus, tmp_path / "out", workers=2) == []
    key = corpus_key(str(Path(corpus).resolve()), None, False, None)  # what the notebooks' analyse() asks for
    assert ArticleCache(tmp_path / "out" / "cache" / "corpus").load(key) is not None


def test_a_corpus_that_cannot_be_read_stops_before_any_notebook(tmp_path):
    with pytest.raises(CorpusError, match="no such directory or file"):
        run_on_corpus([NOTEBOOKS / "01_corpus_overview.ipynb"], tmp_path / "missing", tmp_path / "out")
    assert not list((tmp_path / "out" / "notebooks").iterdir())


def test_a_small_table_corpus_with_its_own_column_names_and_periods_runs_through_every_notebook(tmp_path):
    corpus = tmp_path / "articles.csv"
    corpus.write_text(
        "id,body,published\n"
        'a1,"Iran warned the US. Washington said it would respond.",2020-01-03\n'
        'a2,"The base is in Jordan. The drones came from the east.",2024-02-01\n'  # no sentiment word
        'a3,"Tehran denied it.",\n',  # no date, so no period
        encoding="utf-8",
    )
    columns = {"text": "body", "date": "published"}
    notebooks = numbered_notebooks(NOTEBOOKS)  # all five: a figure with nothing to draw must not fail
    failed = run_on_corpus(notebooks, corpus, tmp_path / "out", periods=["year"], columns=columns)
    assert failed == []
    assert len(list((tmp_path / "out" / "notebooks").glob("*.ipynb"))) == len(notebooks)
    copy = nbformat.read(tmp_path / "out" / "notebooks" / "01_corpus_overview.ipynb", as_version=4)
    [injected] = [c.source for c in copy.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert "PERIODS = ['year']" in injected and "COLUMNS = {'text': 'body', 'date': 'published'}" in injected
    key = corpus_key(str(corpus.resolve()), parse_period_rule(["year"]), False, TableColumns(**columns))
    assert ArticleCache(tmp_path / "out" / "cache" / "corpus").load(key) is not None


def test_the_comparison_notebook_on_a_corpus_of_one_period_stops_at_once_saying_how_to_split_it(tmp_path):
    corpus = tmp_path / "articles.csv"
    corpus.write_text('id,text,date\na1,"Iran warned the US.",2020-01-03\na2,"Esper spoke.",2020-02-01\n')
    failed = run_on_corpus([NOTEBOOKS / "05_2020_vs_2024.ipynb"], corpus, tmp_path / "out", periods=["year"])
    assert failed == ["05_2020_vs_2024.ipynb"]
    copy = nbformat.read(tmp_path / "out" / "notebooks" / "05_2020_vs_2024.ipynb", as_version=4)
    [error] = [o for c in copy.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert "a comparison needs two periods and this corpus has 1 (2020)" in error.evalue


def test_a_column_role_that_does_not_exist_is_named():
    with pytest.raises(ValueError, match=r"no such column role \['body'\]"):
        analyse_corpus(str(ROOT / "seeds"), columns={"body": "text"})
