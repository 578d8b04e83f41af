"""Shared fixtures: composing configs offline, and one tiny trained run for the whole session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Tiny models gain nothing from threads, and on a busy 2-core machine OpenMP threads spinning
# against each other slow every step down by orders of magnitude.
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEGOSTANCE_SHARED", REPO.parent / "shared"))


def compose(overrides: list[str], config_name: str = "train"):
    """Compose a config the way the command line would, without running Hydra's app."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir

    from negostance.cli import config_dir

    with initialize_config_dir(config_dir=config_dir(), version_base="1.3"):
        return hydra_compose(config_name=config_name, overrides=overrides)


def tiny_overrides(run_dir: Path, *extra: str) -> list[str]:
    return [
        "model=tiny",
        "tracker=none",
        f"paths.run_dir={run_dir}",
        f"paths.runs_dir={run_dir.parent}",
        "limit_examples=48",
        "trainer.max_steps=6",
        "trainer.batch_size=8",
        "trainer.eval_every=3",
        "trainer.max_length=64",
        *extra,
    ]


def train_tiny(run_dir: Path, *extra: str) -> dict:
    from negostance.cli.train import train

    train(compose(tiny_overrides(run_dir, *extra)))
    return json.loads((run_dir / "metrics.json").read_text())


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory) -> Path:
    """A run directory of the tiny model trained for a few steps, shared by many tests."""
    run_dir = tmp_path_factory.mktemp("runs") / "tiny"
    train_tiny(run_dir)
    return run_dir


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared folder {SHARED} is absent (set NEGOSTANCE_SHARED)")
    return SHARED
