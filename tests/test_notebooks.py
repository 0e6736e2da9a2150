"""The notebooks run top to bottom against the corpus database, and are committed without outputs."""

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 180  # seconds per cell


def test_the_three_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["01_explore.ipynb", "02_future_process.ipynb", "03_obligations.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_without_errors(path, corpus_run, monkeypatch):
    # the kernel inherits the environment; "python3" resolves to the current interpreter
    monkeypatch.setenv("MOTEBOK_DB", str(corpus_run["db"]))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count is not None for cell in nb.cells if cell.cell_type == "code")
