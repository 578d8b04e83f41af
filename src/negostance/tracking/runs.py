"""Reading finished runs back from MLflow: their logged metrics side by side, bootstrap intervals
from their test predictions, a paired test against a baseline run, and the quotes on which they
disagree. mlflow is imported inside the functions that talk to it; the rest works on
``TrackedRun`` objects, however they were made.

A run's predictions come from its ``predictions/<split>.jsonl`` artifact, or, when the artifact
store cannot be read, from the run directory named by its ``run_dir`` tag.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from negostance import LABELS
from negostance.evaluation import render
from negostance.evaluation.bootstrap import bootstrap_ci, paired_bootstrap
from negostance.evaluation.io import load_predictions

METRICS = ("macro_f1", "f_avg", "accuracy")


class RunsError(ValueError):
    """A run that cannot be compared: unknown id, no predictions, no gold labels."""


@dataclass
class TrackedRun:
    """One finished run: MLflow's record of it and its predictions on one split."""

    run_id: str
    name: str
    metrics: dict[str, float] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    predictions: list[dict] = field(default_factory=list)
    config: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Name and short id, unique even when two runs share a name."""
        return f"{self.name} ({self.run_id[:8]})"


def _client(uri: str):
    os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
    with warnings.catch_warnings():  # tqdm warns about ipywidgets when imported in a notebook
        warnings.simplefilter("ignore")
        from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=uri)


def list_runs(
    uri: str, experiment: str = "negostance", max_results: int = 50, training_only: bool = True
) -> pd.DataFrame:
    """Finished runs of ``experiment``, newest first: ``run_id``, ``name``, ``start``, ``run_dir``
    and the logged ``val/`` and ``test/`` metrics; training runs only (those with a data
    fingerprint) unless ``training_only`` is false."""
    client = _client(uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        raise RunsError(f"{uri}: no experiment named {experiment!r}")
    runs = client.search_runs(
        [exp.experiment_id],
        "attributes.status = 'FINISHED'",
        order_by=["attributes.start_time DESC"],
        max_results=max_results,
    )
    rows = []
    for r in runs:
        if training_only and "data_fingerprint" not in r.data.tags:
            continue
        metrics = {k: v for k, v in r.data.metrics.items() if k.startswith(("val/", "test/"))}
        rows.append(
            {
                "run_id": r.info.run_id,
                "name": r.info.run_name,
                "start": pd.Timestamp(r.info.start_time, unit="ms"),
                "run_dir": r.data.tags.get("run_dir"),
                **metrics,
            }
        )
    return pd.DataFrame(rows)


def _artifact(client, run_id: str, path: str, tmp: Path):
    """A downloaded artifact's local path, or None when the run has no such artifact."""
    try:
        return Path(client.download_artifacts(run_id, path, str(tmp)))
    except Exception:  # mlflow raises several kinds for a missing file or an unreachable store
        return None


def _predictions(client, run, split: str, tmp: Path) -> list[dict]:
    local = _artifact(client, run.info.run_id, f"predictions/{split}.jsonl", tmp)
    if local is None and run.data.tags.get("run_dir"):
        candidate = Path(run.data.tags["run_dir"]) / "predictions" / f"{split}.jsonl"
        local = candidate if candidate.is_file() else None
    if local is None:
        raise RunsError(
            f"run {run.info.run_id}: no predictions/{split}.jsonl artifact and no "
            "run directory that holds it"
        )
    return load_predictions(local)


def load_runs(uri: str, run_ids: Sequence[str], split: str = "test") -> list[TrackedRun]:
    """The runs ``run_ids`` with their metrics, parameters, tags, ``config.json`` and predictions
    on ``split``."""
    client = _client(uri)
    out = []
    with tempfile.TemporaryDirectory(prefix="negostance-runs-") as tmp:
        for k, run_id in enumerate(run_ids):
            try:
                run = client.get_run(run_id)
            except Exception as e:
                raise RunsError(f"{uri}: no run {run_id!r} ({type(e).__name__})") from None
            where = Path(tmp) / str(k)
            where.mkdir()
            cfg = _artifact(client, run_id, "config.json", where)
            out.append(
                TrackedRun(
                    run_id=run_id,
                    name=run.info.run_name or run_id[:8],
                    metrics=dict(run.data.metrics),
                    params=dict(run.data.params),
                    tags=dict(run.data.tags),
                    predictions=_predictions(client, run, split, where),
                    config=json.loads(cfg.read_text()) if cfg else {},
                )
            )
    return out


def metrics_side_by_side(
    runs: Sequence[TrackedRun], prefixes: Sequence[str] = ("val/", "test/")
) -> pd.DataFrame:
    """The logged metrics starting with one of ``prefixes``: one row per metric, a column per run."""
    table = {
        r.label: {k: v for k, v in r.metrics.items() if k.startswith(tuple(prefixes))} for r in runs
    }
    return pd.DataFrame(table).sort_index().rename_axis("metric")


def params_diff(runs: Sequence[TrackedRun]) -> pd.DataFrame:
    """The parameters whose values differ between the runs: one row per parameter, a column per run."""
    table = pd.DataFrame({r.label: r.params for r in runs})
    differs = table.astype(str).nunique(axis=1) > 1
    return table[differs].sort_index().rename_axis("param")


def _key(rec: dict):
    return (
        rec["id"]
        if rec.get("id") is not None
        else (rec.get("doc_id"), rec.get("start"), rec.get("end"))
    )


def _common(runs: Sequence[TrackedRun]) -> tuple[list, list[dict[object, dict]]]:
    """The quotes every run predicted (by ``id``, or document and span), in the first run's order."""
    if not runs:
        raise RunsError("no runs to compare")
    by_key = [{_key(p): p for p in r.predictions} for r in runs]
    keys = [k for k in by_key[0] if all(k in d for d in by_key[1:])]
    for r, d in zip(runs, by_key, strict=True):
        if any("gold" not in d[k] for k in keys):
            raise RunsError(
                f"run {r.label}: predictions carry no gold labels (not a training run's "
                "test predictions?)"
            )
    return keys, by_key


def interval_table(
    runs: Sequence[TrackedRun],
    metrics: Sequence[str] = METRICS,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    labels: Sequence[str] = LABELS,
) -> pd.DataFrame:
    """Each run's metrics on its predictions with percentile bootstrap intervals
    (``evaluation.bootstrap.bootstrap_ci``): ``run``, ``metric``, ``value``, ``low``, ``high``,
    ``n``, on the quotes that every run predicted."""
    keys, by_key = _common(runs)
    rows = []
    for r, d in zip(runs, by_key, strict=True):
        gold, pred = [d[k]["gold"] for k in keys], [d[k]["label"] for k in keys]
        ci = bootstrap_ci(gold, pred, labels, n_resamples, confidence, seed)
        rows += [{"run": r.label, "metric": m, **ci[m], "n": len(keys)} for m in metrics if m in ci]
    return pd.DataFrame(rows, columns=["run", "metric", "value", "low", "high", "n"])


def paired_table(
    runs: Sequence[TrackedRun],
    baseline: int = 0,
    metrics: Sequence[str] = METRICS,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    labels: Sequence[str] = LABELS,
) -> pd.DataFrame:
    """Paired bootstrap test of every run against ``runs[baseline]`` on the same quotes:
    ``run``, ``metric``, ``a`` (the run), ``b`` (the baseline), ``diff``, ``low``, ``high``,
    ``p_value``."""
    keys, by_key = _common(runs)
    gold = [by_key[0][k]["gold"] for k in keys]
    base = [by_key[baseline][k]["label"] for k in keys]
    rows = []
    for i, (r, d) in enumerate(zip(runs, by_key, strict=True)):
        if i == baseline:
            continue
        test = paired_bootstrap(
            gold,
            [d[k]["label"] for k in keys],
            base,
            labels,
            metrics,
            n_resamples,
            confidence,
            seed,
        )
        rows += [{"run": r.label, "metric": m, **v} for m, v in test.items()]
    cols = ["run", "metric", "a", "b", "diff", "low", "high", "p_value"]
    return pd.DataFrame(rows, columns=cols)


def disagreements(runs: Sequence[TrackedRun]) -> pd.DataFrame:
    """The quotes on which the runs' labels differ: where, who, what, gold, then one column per
    run (its label) and ``right``, how many runs got it right; the quotes fewest runs got right first."""
    keys, by_key = _common(runs)
    rows = []
    for k in keys:
        labels = {r.label: d[k]["label"] for r, d in zip(runs, by_key, strict=True)}
        if len(set(labels.values())) < 2:
            continue
        p = by_key[0][k]
        rows.append(
            {
                **{
                    c: p.get(c)
                    for c in ("doc_id", "start", "end", "dispute", "speaker", "quote", "gold")
                },
                **labels,
                "right": sum(v == p["gold"] for v in labels.values()),
            }
        )
    cols = [
        "doc_id",
        "start",
        "end",
        "dispute",
        "speaker",
        "quote",
        "gold",
        *(r.label for r in runs),
        "right",
    ]
    return pd.DataFrame(rows, columns=cols).sort_values("right", kind="stable", ignore_index=True)


def plot_intervals(table: pd.DataFrame, title: str = "Metrics with bootstrap intervals"):
    """``interval_table`` as a figure: one group per metric, one point and bar per run."""
    fig, ax = render.figure(figsize=(1.8 * table["metric"].nunique() + 3, 4))
    render.draw_intervals(ax, table, title)
    fig.tight_layout()
    return fig
