"""MLflow tracking in a SQLite store, multirun sweeps, and the Optuna study."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, compose, tiny_overrides

TINY = [
    "model=tiny",
    "limit_examples=32",
    "trainer.max_steps=2",
    "trainer.batch_size=8",
    "trainer.max_length=48",
]


def _client(runs_dir):
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=f"sqlite:///{runs_dir / 'mlflow.db'}")


def test_mlflow_run_has_params_metrics_tags_artifacts(tmp_path):
    from negostance.cli.train import train

    run_dir = tmp_path / "run"
    train(compose(tiny_overrides(run_dir, "tracker=mlflow")))
    client = _client(tmp_path)
    exp = client.get_experiment_by_name("negostance")
    (run,) = client.search_runs([exp.experiment_id])
    assert run.info.status == "FINISHED"
    assert run.data.params["trainer.lr"] == "8e-05" and run.data.params["model.id"] == "tiny"
    assert {"val/macro_f1", "test/f_avg", "train/loss"} <= set(run.data.metrics)
    assert (
        run.data.tags["data_fingerprint"]
        == json.loads((run_dir / "run.json").read_text())["data_fingerprint"]
    )
    assert "git_commit" in run.data.tags
    history = client.get_metric_history(run.info.run_id, "val/macro_f1")
    assert [m.step for m in history][:2] == [3, 6]
    names = {a.path for a in client.list_artifacts(run.info.run_id)}
    assert {"metrics.json", "predictions"} <= names


@pytest.mark.slow
def test_multirun_gives_one_mlflow_run_per_job(tmp_path):
    cmd = [
        sys.executable,
        "-m",
        "negostance.cli.train",
        "-m",
        *TINY,
        f"paths.runs_dir={tmp_path}",
        "trainer.lr=2e-5,5e-5",
        "seed=1,2",
    ]
    out = subprocess.run(
        cmd,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    client = _client(tmp_path)
    runs = client.search_runs([client.get_experiment_by_name("negostance").experiment_id])
    assert len(runs) == 4
    assert {(r.data.params["trainer.lr"], r.data.params["seed"]) for r in runs} == {
        ("2e-05", "1"),
        ("2e-05", "2"),
        ("5e-05", "1"),
        ("5e-05", "2"),
    }


@pytest.mark.slow
def test_optuna_study_resumes(tmp_path):
    import optuna

    from negostance.cli.sweep import run_study

    common = [
        "hparams_search=optuna",
        "tracker=none",
        f"paths.runs_dir={tmp_path}",
        *TINY,
        "hparams_search.sampler.n_startup_trials=1",
    ]
    run_study(compose([*common, "hparams_search.n_trials=2"], config_name="sweep"))
    storage = f"sqlite:///{tmp_path / 'optuna.db'}"
    study = optuna.load_study(study_name="negostance-optuna", storage=storage)
    assert len(study.trials) == 2
    # started again with a larger budget, it runs only the missing trial
    run_study(compose([*common, "hparams_search.n_trials=3"], config_name="sweep"))
    study = optuna.load_study(study_name="negostance-optuna", storage=storage)
    assert [t.state.name for t in study.trials] == ["COMPLETE"] * 3
    assert (tmp_path / "sweeps" / "negostance-optuna" / "best.json").is_file()


def test_cli_reports_unknown_key_in_one_line(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "negostance.cli.train", "trainer.no_such_key=1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0
    assert "no_such_key" in out.stderr and "Traceback" not in out.stderr


def test_cli_reports_missing_corpus_in_one_line(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "negostance.cli.train",
            "tracker=none",
            "model=tiny",
            f"data.corpus_dir={tmp_path / 'absent'}",
            f"paths.runs_dir={tmp_path}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("negostance-train: error:")
    assert "absent" in out.stderr and "Traceback" not in out.stderr
