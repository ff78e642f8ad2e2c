"""Execute notebooks top to bottom, so that their stored outputs are reproducible.

The kernel is this Python environment's own (as ``nbval --nbval-current-env`` uses), no timing
metadata is recorded and the notebook metadata keeps no machine-specific value, so two runs
write the same bytes. To run the notebooks on another corpus, parameters are injected
papermill-style: a cell tagged ``injected-parameters`` after the cell tagged ``parameters``
overrides the names that cell defines, and the executed copy is written elsewhere.
"""

from __future__ import annotations

import ast
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis.notebook import analyse_corpus

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class _CurrentEnvironment(KernelSpecManager):
    """Kernel specs that always start ipykernel on the running interpreter."""

    def get_kernel_spec(self, kernel_name: str) -> object:
        return self.kernel_spec_class(
            resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
        )


def parameter_names(nb: nbformat.NotebookNode) -> list[str]:
    """Names assigned in the notebook's cell tagged ``parameters`` (empty if it has none)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            tree = ast.parse(cell.source)
            return [
                t.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for t in node.targets
                if isinstance(t, ast.Name)
            ]
    return []


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """Insert a cell tagged ``injected-parameters`` after the ``parameters`` cell, assigning the
    given values to the names that cell defines (others are ignored)."""
    names = parameter_names(nb)
    chosen = {k: v for k, v in parameters.items() if k in names}
    if not chosen:
        return nb
    source = "# Injected parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in chosen.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(index + 1, cell)
    return nb


def add_note(nb: nbformat.NotebookNode, text: str) -> nbformat.NotebookNode:
    """Insert a Markdown cell tagged ``injected-note`` holding ``text`` after the first cell (the
    notebook's title and questions)."""
    cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": ["injected-note"]})
    cell["id"] = "injected-note"
    nb.cells.insert(1, cell)
    return nb


def corpus_note(corpus: str | Path) -> str:
    """The note at the top of a notebook's copy run on another corpus: which corpus, and that
    the prose between the computed cells was written for the seed corpus."""
    return (
        f"> **This copy ran on `{corpus}`.** Its tables, figures and the findings computed from them "
        "are of that corpus. The prose between them was written for the seed corpus (the articles "
        "on US-Iran confrontations in 2020 and 2024 in `seeds/`) and may not describe this one."
    )


def execute_notebook(
    path: str | Path,
    timeout: int = 600,
    parameters: dict[str, object] | None = None,
    output: str | Path | None = None,
    note: str = "",
) -> None:
    """Run every cell of the notebook at ``path`` in a fresh kernel and store the outputs, in
    place or in ``output``; ``note`` (Markdown) goes after the first cell (``add_note``). A
    failing cell raises ``CellExecutionError`` after the notebook, with the error shown in it,
    has been written."""
    path = Path(path)
    target = Path(output) if output else path
    nb = inject_parameters(nbformat.read(path, as_version=4), parameters or {})
    if note:
        nb = add_note(nb, note)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        manager = KernelManager(
            kernel_name="python3",
            kernel_spec_manager=_CurrentEnvironment(),
            transport="ipc",  # local sockets, which no other machine can reach, instead of TCP
            ip=str(Path(sockets) / "kernel"),
        )
        client = NotebookClient(
            nb,
            km=manager,
            timeout=timeout,
            record_timing=False,
            resources={"metadata": {"path": str(target.parent.resolve())}},
        )
        try:
            client.execute(cleanup_kc=True)  # shut the kernel down: a manager passed in is kept alive
        finally:
            nb.metadata = nbformat.from_dict(
                {
                    "kernelspec": KERNELSPEC,
                    "language_info": {"name": "python", "pygments_lexer": "ipython3"},
                }
            )
            nbformat.write(nb, target)


def run_on_corpus(
    notebooks: list[Path],
    corpus: str | Path,
    out: str | Path,
    timeout: int = 600,
    periods: Sequence[str] = (),
    columns: dict[str, str] | None = None,
    workers: int = 1,
    progress: bool = False,
) -> list[str]:
    """Execute copies of ``notebooks`` on another corpus, writing them to ``out/notebooks`` and
    their figures to ``out/figures`` and the per-article cache to ``out/cache``; return the
    names of the notebooks that failed. ``periods`` and ``columns`` are passed to every notebook
    (its ``PERIODS`` and ``COLUMNS``, see ``analysis.notebook.analyse_corpus``).

    Every table of the corpus is computed first, on ``workers`` processes (with a progress bar
    on standard error when ``progress``), into the cache the notebooks read: a notebook's kernel
    then loads the finished tables instead of computing them on one core. A corpus that cannot
    be read raises ``CorpusError`` here, naming the input, before any notebook runs."""
    out = Path(out).resolve()
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    parameters = {
        "CORPUS": str(Path(corpus).resolve()),
        "CACHE": str(out / "cache"),
        "PERIODS": list(periods),
        "COLUMNS": dict(columns or {}),
        "FIGURES": str(out / "figures"),
        "GOLD": "",
        "OFFICIALS": {},
        "CONCORDANCE_ACTOR": "",
    }
    # the notebooks make the same call on one worker: the same cache key, so they read the tables
    analyse_corpus(
        parameters["CORPUS"], parameters["CACHE"], periods, columns, workers=workers, progress=progress
    )
    failed = []
    for notebook in notebooks:
        print(f"executing {notebook.name} on {parameters['CORPUS']}", file=sys.stderr)
        try:
            execute_notebook(
                notebook,
                timeout,
                parameters,
                out / "notebooks" / notebook.name,
                corpus_note(parameters["CORPUS"]),
            )
        except CellExecutionError:
            failed.append(notebook.name)
    return failed


def numbered_notebooks(folder: str | Path) -> list[Path]:
    """The notebooks of ``folder`` in reading order (``01_...``, ``02_...``)."""
    return sorted(p for p in Path(folder).glob("[0-9]*.ipynb") if p.is_file())
