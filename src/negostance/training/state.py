"""Training state for resuming, written without pickles: tensors in safetensors, the rest JSON.

``last/`` holds model and optimizer tensors, the scheduler's and loop's counters, and every
process's RNG state, so that a resumed run continues the uninterrupted one step for step.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file


def _optimizer_to_flat(opt_state: dict) -> tuple[dict, dict]:
    tensors, meta = {}, {"param_groups": opt_state["param_groups"], "state": {}}
    for pid, st in opt_state["state"].items():
        meta["state"][str(pid)] = {}
        for k, v in st.items():
            if torch.is_tensor(v):
                tensors[f"{pid}.{k}"] = v.detach().cpu().contiguous()
            else:
                meta["state"][str(pid)][k] = v
    return tensors, meta


def _optimizer_from_flat(tensors: dict, meta: dict) -> dict:
    state: dict = {int(pid): dict(rest) for pid, rest in meta["state"].items()}
    for key, v in tensors.items():
        pid, k = key.split(".", 1)
        state.setdefault(int(pid), {})[k] = v
    return {"state": state, "param_groups": meta["param_groups"]}


def rng_state() -> tuple[dict, dict]:
    tensors = {"torch": torch.get_rng_state()}
    np_state = np.random.get_state()
    tensors["numpy_keys"] = torch.from_numpy(np_state[1].astype(np.int64))
    py = random.getstate()
    meta = {
        "numpy": [np_state[0], int(np_state[2]), int(np_state[3]), float(np_state[4])],
        "python": [py[0], list(py[1]), py[2]],
    }
    return tensors, meta


def set_rng_state(tensors: dict, meta: dict) -> None:
    torch.set_rng_state(tensors["torch"])
    n = meta["numpy"]
    np.random.set_state((n[0], tensors["numpy_keys"].numpy().astype(np.uint32), n[1], n[2], n[3]))
    p = meta["python"]
    random.setstate((p[0], tuple(p[1]), p[2]))


def save_state(
    path: Path, model, optimizer, scheduler, loop: dict, rank: int, is_main: bool
) -> None:
    """Main process writes model, optimizer and loop state; every process writes its RNG."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    rt, rm = rng_state()
    save_file(rt, path / f"rng_{rank}.safetensors")
    (path / f"rng_{rank}.json").write_text(json.dumps(rm))
    if not is_main:
        return
    tmp = Path(tempfile.mkdtemp(dir=path, prefix=".tmp"))
    save_file(
        {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()},
        tmp / "model.safetensors",
    )
    ot, om = _optimizer_to_flat(optimizer.state_dict())
    save_file(ot, tmp / "optimizer.safetensors")
    (tmp / "optimizer.json").write_text(json.dumps(om))
    (tmp / "scheduler.json").write_text(json.dumps(scheduler.state_dict()))
    (tmp / "loop.json").write_text(json.dumps(loop, indent=2))  # written last: marks completeness
    for f in tmp.iterdir():
        os.replace(f, path / f.name)
    shutil.rmtree(tmp, ignore_errors=True)


def load_state(path: Path, model, optimizer, scheduler, rank: int) -> dict:
    path = Path(path)
    if not (path / "loop.json").is_file():
        raise FileNotFoundError(f"{path} holds no complete training state (no loop.json)")
    model.load_state_dict(load_file(path / "model.safetensors"))
    optimizer.load_state_dict(
        _optimizer_from_flat(
            load_file(path / "optimizer.safetensors"),
            json.loads((path / "optimizer.json").read_text()),
        )
    )
    scheduler.load_state_dict(json.loads((path / "scheduler.json").read_text()))
    rng_file = path / f"rng_{rank}.safetensors"
    if rng_file.is_file():
        set_rng_state(load_file(rng_file), json.loads((path / f"rng_{rank}.json").read_text()))
    return json.loads((path / "loop.json").read_text())
