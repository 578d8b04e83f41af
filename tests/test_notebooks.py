"""Every notebook runs end to end on tiny runs made here, in a kernel of this interpreter; the
notebooks in git are exactly what notebooks/_build.py writes, outputs stripped."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from conftest import REPO, train_tiny

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow
NOTEBOOKS = REPO / "notebooks"
# a few steps on a few examples: the notebooks need finished runs, not good ones
QUICK = ("limit_examples=24", "trainer.max_steps=2", "trainer.eval_every=2")


def _builder():
    spec = importlib.util.spec_from_file_location("notebooks_build", NOTEBOOKS / "_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_notebooks_are_built_and_stripped():
    build = _builder()
    assert build.main(["--check"]) == 0, "run python notebooks/_build.py"
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(build.NOTEBOOKS)
    for name in build.NOTEBOOKS:
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(nb)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code), name
        assert nb.metadata.kernelspec.name == "python3"
        assert "train(" not in "".join(c.source for c in code)  # notebooks read, never train


def _execute(name: str, tmp_path, monkeypatch, **env) -> nbformat.NotebookNode:
    """Run a notebook with ``env`` set (the kernel inherits it) and a last cell that reports the
    kernel's interpreter."""
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    assert nb.cells[-1].outputs[0].text.strip() == sys.executable  # the kernel is this venv's
    return nb


def _outputs(nb, mime: str) -> list[str]:
    return [
        o.data[mime]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if mime in o.get("data", {})
    ]


def _stderr(nb) -> str:
    return "".join(
        o.text
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "stream" and o.name == "stderr"
    )


def test_inspect_predictions(tiny_run, tmp_path, monkeypatch):
    nb = _execute("01-inspect-predictions.ipynb", tmp_path, monkeypatch, NEGOSTANCE_RUN=tiny_run)
    assert len(_outputs(nb, "image/png")) == 4  # confusion, reliability, two share charts
    html = "".join(_outputs(nb, "text/html"))
    assert "<mark>" in html and "macro_f1" in html and not _stderr(nb)


def test_corpus_overview(tiny_run, tmp_path, monkeypatch):
    scored = tiny_run / "predictions" / "test.jsonl"
    nb = _execute("02-corpus-overview.ipynb", tmp_path, monkeypatch, NEGOSTANCE_PREDICTIONS=scored)
    html = "".join(_outputs(nb, "text/html"))
    assert "recall" in html and "<mark>" in html  # coverage table, missed quotes in context
    assert len(_outputs(nb, "image/png")) == 1 and not _stderr(nb)


def test_compare_runs(tmp_path, monkeypatch):
    store = tmp_path / "store"
    ids = []
    for seed in (1, 7):
        run_dir = store / f"seed{seed}"
        train_tiny(run_dir, "tracker=mlflow", f"paths.runs_dir={store}", f"seed={seed}", *QUICK)
        ids.append(json.loads((run_dir / "run.json").read_text())["mlflow_run_id"])
    nb = _execute(
        "03-compare-runs.ipynb",
        tmp_path,
        monkeypatch,
        NEGOSTANCE_MLFLOW_URI=f"sqlite:///{store / 'mlflow.db'}",
        NEGOSTANCE_RUN_IDS=",".join(ids),
    )
    html = "".join(_outputs(nb, "text/html"))
    assert all(f"seed{s} (" in html for s in (1, 7)) and "p_value" in html
    assert len(_outputs(nb, "image/png")) == 1 and not _stderr(nb)
