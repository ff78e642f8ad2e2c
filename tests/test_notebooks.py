"""Notebooks narrate; logic lives in analysis/. These checks keep it that way."""

import ast
import json
import re

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, len(NOTEBOOKS) + 1)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_its_question_and_closes_with_findings(path):
    cells = _cells(path)
    assert cells[0]["cell_type"] == "markdown"
    assert "".join(cells[0]["source"]).startswith(f"# {path.name[:2]} ")
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "## What we found" in text and "cannot tell" in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_holds_the_parameters(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    tree = ast.parse("".join(code[0]["source"]))
    assert all(isinstance(node, ast.Assign) for node in tree.body)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_analysis_logic_is_defined_in_a_notebook(path):
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        defined = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
        assert not defined, f"{path.name}: move {defined[0].__class__.__name__} into analysis/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_types_no_numbers_about_the_data(path):
    # prose may number its sections and name years of events, but counts and measures must be
    # computed: a digit in markdown is allowed only in headings, list numbers and dates/years
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("#"):
                continue
            stripped = re.sub(r"^\s*\d+\.\s", "", line)
            stripped = re.sub(r"\b(19|20)\d\d\b|`[^`]*`|\b\d{1,2} (January|February|March|April)\b", "", stripped)
            stripped = re.sub(r"1,000|\b[01]\b|Tower 22", "", stripped)  # units, signs, a place name
            assert not re.search(r"\d", stripped), f"{path.name}: typed number in {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_come_from_one_clean_run(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    text = path.read_text(encoding="utf-8")
    assert '"output_type": "error"' not in text
    assert not re.search(r"/root/|/home/|/tmp/|/work/", text)
    assert not any(o.get("name") == "stderr" for c in code for o in c["outputs"])
