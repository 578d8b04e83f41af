"""One training run from a resolved config: checks, fit, final evaluation, files, tracking.

The Hydra entry point (``negostance.cli.train``) builds the pieces and calls ``run``; this module
knows nothing of Hydra, so notebooks and tests can call it with plain dicts.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from negostance import LABELS, __version__
from negostance.data.schema import DataError, check_labels
from negostance.evaluation.calibration import apply_temperature
from negostance.evaluation.metrics import classification_metrics
from negostance.modeling.checkpoint import save_checkpoint
from negostance.modeling.templates import check_template
from negostance.training.batching import FeatureDataset
from negostance.training.loop import TrainerConfig, fit, freeze, make_loader, predict_logits


def data_fingerprint(splits: dict[str, list[dict]]) -> str:
    """sha256 over every example's split, id, target, text, speaker, context and label."""
    h = hashlib.sha256()
    for name in sorted(splits):
        for ex in splits[name]:
            h.update(
                json.dumps(
                    [
                        name,
                        ex["id"],
                        ex.get("target"),
                        ex["text"],
                        ex.get("speaker"),
                        ex.get("context"),
                        ex["label"],
                    ],
                    ensure_ascii=False,
                ).encode()
            )
    return h.hexdigest()[:16]


def git_commit() -> str:
    here = Path(__file__).resolve().parent
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (sha + ("-dirty" if dirty else "")) if sha else "unknown"


def check_inputs(
    splits: dict[str, list[dict]], eval_sets: dict[str, list[dict]], run_dir: Path, template: dict
) -> None:
    """Everything that can be wrong before a single step is taken: one clear line each."""
    for name in ("train", "validation", "test"):
        if name not in splits:
            raise DataError(f"the data config gave no '{name}' split")
        if not splits[name]:
            raise DataError(f"the '{name}' split is empty: check data.split_by and the data files")
    for name, exs in {**splits, **eval_sets}.items():
        check_labels(exs, LABELS, where=f"split '{name}'")
    check_template(template)
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        probe = run_dir / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise PermissionError(
            f"run directory {run_dir} is not writable ({e.strerror}); set paths.runs_dir="
        ) from None


def write_json(path: Path, obj) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False))
    os.replace(tmp, path)


def write_predictions(
    path: Path, examples: list[dict], logits: np.ndarray, temperature: float, model_id: str
) -> None:
    """One JSON record per example: ids, span, speaker, gold, predicted label, calibrated scores
    and the raw logits (so that a report can show calibration before and after)."""
    probs = apply_temperature(logits, temperature)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for ex, p, z in zip(examples, probs, logits):
            rec = {
                k: ex.get(k)
                for k in ("id", "doc_id", "start", "end", "speaker", "dispute", "target")
            }
            rec.update(
                quote=ex["text"],
                gold=ex["label"],
                label=LABELS[int(p.argmax())],
                scores={lab: round(float(v), 6) for lab, v in zip(LABELS, p)},
                logits=[round(float(v), 5) for v in z],
                model=model_id,
            )
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def format_table(metrics: dict[str, dict[str, float]]) -> str:
    cols = ["macro_f1", "f_avg", "f1_favor", "f1_against", "f1_none", "accuracy"]
    lines = [f"{'split':<14}" + "".join(f"{c:>12}" for c in cols)]
    for split, m in metrics.items():
        lines.append(f"{split:<14}" + "".join(f"{m.get(c, float('nan')):>12.4f}" for c in cols))
    return "\n".join(lines)


def run(
    config: dict,
    splits: dict[str, list[dict]],
    build_model: Callable,
    tracker,
    accelerator,
    run_dir: Path,
    eval_sets: dict[str, list[dict]] | None = None,
) -> dict:
    """Train and evaluate; write ``config.json``, ``metrics.json``, ``predictions/`` and
    ``checkpoint/`` under ``run_dir``; return the flat metrics (``val/macro_f1``, ``test/f_avg``, ...)."""
    eval_sets = eval_sets or {}
    tcfg = TrainerConfig(**config["trainer"])
    template = dict(config["model"]["template"])
    run_dir = Path(run_dir)
    check_inputs(splits, eval_sets, run_dir, template)
    model, tokenizer = build_model()
    freeze(model, tcfg.freeze)
    main = accelerator.is_main_process
    model_id = f"{run_dir.name}/{config['model'].get('id', 'model')}"

    fingerprint = data_fingerprint(splits)
    resume_run = None
    if tcfg.resume_from and (Path(tcfg.resume_from) / "run.json").is_file():
        resume_run = json.loads((Path(tcfg.resume_from) / "run.json").read_text()).get(
            "mlflow_run_id"
        )
    if main:
        run_id = tracker.start(run_name=config.get("run_name") or run_dir.name, run_id=resume_run)
        write_json(run_dir / "run.json", {"mlflow_run_id": run_id, "data_fingerprint": fingerprint})
        write_json(run_dir / "config.json", config)
        if not resume_run:
            tracker.log_params(config)
        tracker.set_tags(
            {
                "git_commit": git_commit(),
                "data_fingerprint": fingerprint,
                "negostance_version": __version__,
                "run_dir": str(run_dir),
            }
        )

    feats = {
        name: FeatureDataset(exs, tokenizer, template, tcfg.max_length, LABELS)
        for name, exs in {**splits, **eval_sets}.items()
    }
    meta = {
        "labels": list(LABELS),
        "template": template,
        "max_length": tcfg.max_length,
        "target": config["data"].get("target", "negotiations"),
        "temperature": 1.0,
        "model_id": model_id,
        "negostance_version": __version__,
        "config": config,
        "data_fingerprint": fingerprint,
    }

    def on_best(unwrapped, metrics):
        save_checkpoint(
            run_dir / "checkpoint", unwrapped, tokenizer, {**meta, "val_metrics": metrics}
        )

    t0 = time.perf_counter()
    status = "FAILED"
    try:
        st = fit(
            model,
            tokenizer,
            feats["train"],
            feats["validation"],
            tcfg,
            accelerator,
            tracker if main else type(tracker).__mro__[-2](),
            run_dir,
            LABELS,
            config["seed"],
            on_best,
        )
        status = "FINISHED"
    except KeyboardInterrupt:
        status = "KILLED"
        raise
    finally:
        if main and status != "FINISHED":
            tracker.finish(status)
    accelerator.wait_for_everyone()

    # Final evaluation with the best weights, read back from the checkpoint just written.
    from safetensors.torch import load_file

    unwrapped = accelerator.unwrap_model(model)
    unwrapped.load_state_dict(load_file(run_dir / "checkpoint" / "model.safetensors"), strict=False)
    logits = {}
    for name in ["validation", "test", *eval_sets]:
        loader, _ = make_loader(feats[name], tokenizer, tcfg.eval_batch_size, 0, False)
        z, _y = predict_logits(model, accelerator.prepare(loader), accelerator)
        # the sampler orders by length; put rows back in example order
        order = [i for b in loader.batch_sampler for i in b]
        logits[name] = np.empty_like(z)
        logits[name][order] = z
    temperature = 1.0
    if tcfg.calibrate:
        from negostance.evaluation.calibration import fit_temperature

        temperature = float(
            fit_temperature(logits["validation"], np.array(feats["validation"].labels))
        )
    results, flat = {}, {}
    pred_dir = run_dir / "predictions"
    pred_dir.mkdir(exist_ok=True)
    for name, z in logits.items():
        exs = {**splits, **eval_sets}[name]
        probs = apply_temperature(z, temperature)
        pred = [LABELS[i] for i in probs.argmax(1)]
        key = "val" if name == "validation" else name
        results[key] = classification_metrics([e["label"] for e in exs], pred)
        flat.update({f"{key}/{k}": v for k, v in results[key].items()})
        if main:
            write_predictions(pred_dir / f"{name}.jsonl", exs, z, temperature, model_id)
    seconds = time.perf_counter() - t0
    train_stats = {
        "steps": st["global_step"],
        "best_step": st["best_step"],
        "stopped_early": st["stopped_early"],
        "train_examples": st["train_examples"],
        "train_seconds": round(st["train_seconds"], 2),
        "train_examples_per_s": round(st["train_examples"] / max(st["train_seconds"], 1e-9), 2),
        "temperature": temperature,
        "wall_seconds": round(seconds, 2),
    }
    if main:
        ckpt_meta = json.loads((run_dir / "checkpoint" / "negostance.json").read_text())
        write_json(
            run_dir / "checkpoint" / "negostance.json", {**ckpt_meta, "temperature": temperature}
        )
        write_json(
            run_dir / "metrics.json", {**results, "train": train_stats, "history": st["history"]}
        )
        (run_dir / "metrics_table.txt").write_text(format_table(results) + "\n")
        tracker.log_metrics(
            {
                **flat,
                **{f"train/{k}": v for k, v in train_stats.items() if isinstance(v, (int, float))},
            },
            step=st["global_step"],
        )
        for f in ("metrics.json", "metrics_table.txt", "config.json"):
            tracker.log_artifact(run_dir / f)
        tracker.log_artifact(pred_dir, "predictions")
        tracker.finish("FINISHED")
    return {
        **flat,
        "run_dir": str(run_dir),
        "table": format_table(results),
        **{f"train/{k}": v for k, v in train_stats.items()},
    }
