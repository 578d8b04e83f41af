"""A checkpoint is one directory: ``model.safetensors`` + ``config.json`` (with ``id2label``), the
tokenizer files, and ``negostance.json`` (labels, input template, target, max length, temperature,
and the resolved training config). Nothing else is needed to load it; only safetensors are read."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

META = "negostance.json"


class CheckpointError(ValueError):
    """A directory that is not a negostance checkpoint, or one from another label set."""


def save_checkpoint(path: str | Path, model, tokenizer, meta: dict) -> Path:
    """Write the checkpoint atomically: into a temporary sibling, then renamed over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    os.chmod(tmp, 0o755)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        (tmp / META).write_text(json.dumps(meta, indent=2, ensure_ascii=False))
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def find_checkpoint(path: str | Path) -> Path:
    """The checkpoint directory itself, or the ``checkpoint/`` inside a run directory."""
    path = Path(path)
    for cand in (path, path / "checkpoint"):
        if (cand / META).is_file():
            if not (cand / "model.safetensors").is_file():
                raise CheckpointError(
                    f"{cand} has no model.safetensors (only safetensors weights are loaded)"
                )
            return cand
    raise CheckpointError(
        f"{path} is not a negostance checkpoint or run directory (no {META} found)"
    )


def read_meta(path: str | Path) -> dict:
    return json.loads((find_checkpoint(path) / META).read_text())


def load_checkpoint(path: str | Path, labels=None):
    """``(model, tokenizer, meta)`` from a checkpoint or run directory, weights from safetensors."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    ckpt = find_checkpoint(path)
    meta = json.loads((ckpt / META).read_text())
    if labels is not None and list(meta["labels"]) != list(labels):
        raise CheckpointError(
            f"{ckpt} was trained on labels {meta['labels']}, expected {list(labels)}"
        )
    model = AutoModelForSequenceClassification.from_pretrained(ckpt, use_safetensors=True)
    if [model.config.id2label[i] for i in range(model.config.num_labels)] != list(meta["labels"]):
        raise CheckpointError(f"{ckpt}: config.json id2label disagrees with {META}")
    tokenizer = AutoTokenizer.from_pretrained(ckpt)
    model.eval()
    return model, tokenizer, meta
