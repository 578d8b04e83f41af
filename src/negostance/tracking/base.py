"""The tracker interface that training and evaluation talk to."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def flatten(d: Mapping, prefix: str = "", sep: str = ".") -> dict:
    """Nested mapping to ``{"a.b": value}``; lists become their string form.

    >>> flatten({"trainer": {"lr": 0.1, "tags": [1, 2]}, "seed": 3})
    {'trainer.lr': 0.1, 'trainer.tags': '[1, 2]', 'seed': 3}
    """
    out = {}
    for k, v in d.items():
        key = f"{prefix}{sep}{k}" if prefix else str(k)
        if isinstance(v, Mapping):
            out.update(flatten(v, key, sep))
        elif isinstance(v, (list, tuple)):
            out[key] = str(list(v))
        else:
            out[key] = v
    return out


class Tracker:
    """No-op base; subclasses log somewhere. ``run_id`` identifies the run for resuming."""

    run_id: str | None = None

    def start(self, run_name: str | None = None, run_id: str | None = None) -> str | None:
        return None

    def log_params(self, params: Mapping) -> None: ...

    def log_metrics(self, metrics: Mapping[str, float], step: int | None = None) -> None: ...

    def set_tags(self, tags: Mapping[str, str]) -> None: ...

    def log_artifact(self, path: str | Path, artifact_path: str | None = None) -> None: ...

    def finish(self, status: str = "FINISHED") -> None: ...


class NullTracker(Tracker):
    """Tracking turned off (``tracker=none``)."""
