"""MLflow tracker. The default store is SQLite under the runs folder; ``uri`` may name any
tracking server. mlflow is imported only when a tracker starts."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path

from negostance.tracking.base import Tracker, flatten


def sqlite_uri(path: str | Path) -> str:
    """``sqlite:////abs/path`` for a database file, creating its folder."""
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class MlflowTracker(Tracker):
    def __init__(
        self,
        uri: str | None = None,
        experiment: str = "negostance",
        artifact_dir: str | None = None,
        db_path: str | None = None,
    ):
        if not uri and not db_path:
            raise ValueError("MlflowTracker needs tracker.uri or tracker.db_path")
        self.uri = uri or sqlite_uri(db_path)
        self.experiment = experiment
        self.artifact_dir = artifact_dir
        self.run_id = None
        self._client = None

    def start(self, run_name=None, run_id=None):
        os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
        import logging

        from mlflow.tracking import MlflowClient

        logging.getLogger("alembic").setLevel(logging.WARNING)
        self._client = MlflowClient(tracking_uri=self.uri)
        exp = self._client.get_experiment_by_name(self.experiment)
        if exp is None:
            location = None
            if self.artifact_dir and self.uri.startswith("sqlite:"):
                location = Path(self.artifact_dir).expanduser().resolve().as_uri()
            exp_id = self._client.create_experiment(self.experiment, artifact_location=location)
        else:
            exp_id = exp.experiment_id
        if run_id:
            self._client.update_run(run_id, status="RUNNING")
            self.run_id = run_id
        else:
            self.run_id = self._client.create_run(exp_id, run_name=run_name).info.run_id
        return self.run_id

    def log_params(self, params: Mapping) -> None:
        from mlflow.entities import Param

        existing = self._client.get_run(self.run_id).data.params
        items = [Param(k, str(v)[:6000]) for k, v in flatten(params).items() if k not in existing]
        for s in range(0, len(items), 100):
            self._client.log_batch(self.run_id, params=items[s : s + 100])

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None:
        import time

        from mlflow.entities import Metric

        ts = int(time.time() * 1000)
        items = [
            Metric(k.replace("@", "_at_"), float(v), ts, step or 0)
            for k, v in metrics.items()
            if isinstance(v, (int, float)) and math.isfinite(v)
        ]
        if items:
            self._client.log_batch(self.run_id, metrics=items)

    def set_tags(self, tags: Mapping[str, str]) -> None:
        for k, v in tags.items():
            self._client.set_tag(self.run_id, k, str(v))

    def log_artifact(self, path, artifact_path=None) -> None:
        path = Path(path)
        if path.is_dir():
            self._client.log_artifacts(self.run_id, str(path), artifact_path)
        else:
            self._client.log_artifact(self.run_id, str(path), artifact_path)

    def finish(self, status: str = "FINISHED") -> None:
        if self._client and self.run_id:
            self._client.set_terminated(self.run_id, status=status)
