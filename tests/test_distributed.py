"""The loop is written on Accelerate: two CPU processes (gloo) train data-parallel."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_two_cpu_processes(tmp_path):
    run_dir = tmp_path / "ddp"
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc_per_node=2",
        "--master_port=29517",
        "-m",
        "negostance.cli.train",
        "model=tiny",
        "tracker=none",
        "limit_examples=32",
        "trainer.max_steps=3",
        "trainer.batch_size=4",
        "trainer.max_length=48",
        f"paths.run_dir={run_dir}",
        f"paths.runs_dir={tmp_path}",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "ACCELERATE_USE_CPU": "true"}
    out = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600, env=env)
    assert out.returncode == 0, out.stderr[-3000:]
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["train"]["steps"] == 3
    # two processes of batch 4 -> 8 examples per optimizer step
    assert metrics["train"]["train_examples"] == 24
    assert (run_dir / "last" / "rng_0.safetensors").is_file() and (
        run_dir / "last" / "rng_1.safetensors"
    ).is_file()
