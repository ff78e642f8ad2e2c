"""Execute notebooks in place, top to bottom, so that their stored outputs are reproducible.

The kernel is this Python environment's own (as ``nbval --nbval-current-env`` uses), the
working directory is the notebook's folder, no timing metadata is recorded and the notebook
metadata keeps no machine-specific value, so two runs write the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class _CurrentEnvironment(KernelSpecManager):
    """Kernel specs that always start ipykernel on the running interpreter."""

    def get_kernel_spec(self, kernel_name: str) -> object:
        return self.kernel_spec_class(
            resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
        )


def execute_notebook(path: str | Path, timeout: int = 600) -> None:
    """Run every cell of the notebook at ``path`` in a fresh kernel and store the outputs."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=_CurrentEnvironment())
    client = NotebookClient(
        nb,
        km=manager,
        timeout=timeout,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    client.execute()
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        }
    )
    nbformat.write(nb, path)


def numbered_notebooks(folder: str | Path) -> list[Path]:
    """The notebooks of ``folder`` in reading order (``01_...``, ``02_...``)."""
    return sorted(p for p in Path(folder).glob("[0-9]*.ipynb") if p.is_file())
