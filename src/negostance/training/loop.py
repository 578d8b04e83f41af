"""The training loop, on Accelerate: one screen, top to bottom.

AdamW (no decay on biases and norms), linear warmup and decay, gradient accumulation and clipping,
evaluation every ``eval_every`` optimizer steps (or at each epoch's end), the best checkpoint by
validation macro-F1, early stopping, and a resumable state written after every evaluation.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm.auto import tqdm

from negostance.evaluation.metrics import classification_metrics
from negostance.training.batching import Collator, LengthGroupedBatches
from negostance.training.optim import adamw, linear_schedule, param_groups
from negostance.training.state import load_state, save_state


@dataclass
class TrainerConfig:
    lr: float = 5e-5
    epochs: int = 3
    max_steps: int = 0  # > 0 overrides epochs
    batch_size: int = 16
    eval_batch_size: int = 64
    grad_accum: int = 1
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    max_length: int = 192
    label_smoothing: float = 0.0
    class_weights: str | None = None  # None or "balanced"
    eval_every: int = 0  # optimizer steps; 0 = at the end of each epoch
    patience: int = 0  # evaluations without improvement before stopping; 0 = never stop early
    metric: str = "macro_f1"
    log_every: int = 10
    save_state: bool = True
    calibrate: bool = True
    resume_from: str | None = None
    num_workers: int = 0
    stop_after_steps: int = 0  # testing aid: exit as if killed after this many steps
    freeze: list = field(default_factory=list)  # parameter-name patterns kept fixed
    adamw: str = (
        "auto"  # AdamW implementation: auto (fused on CPU and CUDA) | fused | foreach | loop
    )
    extra: dict = field(default_factory=dict)


def freeze(model, patterns) -> int:
    """Stop training every parameter whose name matches one of the regex ``patterns``
    (``["embeddings"]``: the embedding tables); return how many tensors were frozen.

    >>> import torch
    >>> m = torch.nn.Sequential(torch.nn.Embedding(4, 2), torch.nn.Linear(2, 2))
    >>> freeze(m, ["^0\\."]), [p.requires_grad for p in m.parameters()]
    (1, [False, True, True])
    """
    n = 0
    for pattern in patterns:
        rx = re.compile(pattern)
        hits = [p for name, p in model.named_parameters() if rx.search(name)]
        if not hits:
            raise ValueError(f"trainer.freeze: {pattern!r} matches no parameter of the model")
        for p in hits:
            n += p.requires_grad
            p.requires_grad_(False)
    return n


def predict_logits(model, loader, accelerator) -> tuple[np.ndarray, np.ndarray]:
    """Logits and integer labels of a (prepared) loader, gathered over processes."""
    model.eval()
    logits, labels = [], []
    with torch.inference_mode():
        for batch in loader:
            y = batch.pop("labels")
            out = model(**batch).logits
            out, y = accelerator.gather_for_metrics((out, y))
            logits.append(out.float().cpu())
            labels.append(y.cpu())
    model.train()
    return torch.cat(logits).numpy(), torch.cat(labels).numpy()


def make_loader(ds, tokenizer, batch_size: int, seed: int, shuffle: bool, num_workers: int = 0):
    sampler = LengthGroupedBatches(ds.lengths, batch_size, seed, shuffle=shuffle)
    # Own generator: creating an iterator must not draw from the global RNG that dropout uses,
    # or a resumed run would see different dropout masks from the uninterrupted one.
    loader = torch.utils.data.DataLoader(
        ds,
        batch_sampler=sampler,
        collate_fn=Collator(tokenizer),
        num_workers=num_workers,
        generator=torch.Generator(),
    )
    return loader, sampler


def fit(
    model,
    tokenizer,
    train_ds,
    val_ds,
    cfg: TrainerConfig,
    accelerator,
    tracker,
    run_dir: Path,
    labels,
    seed: int,
    on_best: Callable[[torch.nn.Module, dict], None],
) -> dict:
    """Train; call ``on_best(unwrapped_model, metrics)`` on the main process whenever validation
    improves. Returns the loop state (best metric and step, history)."""
    train_loader, train_sampler = make_loader(
        train_ds, tokenizer, cfg.batch_size, seed, True, cfg.num_workers
    )
    val_loader, _ = make_loader(val_ds, tokenizer, cfg.eval_batch_size, seed, False)
    optimizer = adamw(
        param_groups(model, cfg.weight_decay), cfg.lr, cfg.adamw, accelerator.device.type
    )
    steps_per_epoch = math.ceil(len(train_loader) / accelerator.num_processes / cfg.grad_accum)
    total = cfg.max_steps if cfg.max_steps > 0 else cfg.epochs * steps_per_epoch
    epochs = math.ceil(total / steps_per_epoch)
    scheduler = linear_schedule(optimizer, int(cfg.warmup_ratio * total), total)
    model, optimizer, train_loader, val_loader = accelerator.prepare(
        model, optimizer, train_loader, val_loader
    )

    weight = None
    if cfg.class_weights == "balanced":
        counts = np.bincount(train_ds.labels, minlength=len(labels)).astype(float)
        weight = torch.tensor(
            counts.sum() / (len(labels) * np.maximum(counts, 1)), dtype=torch.float32
        )
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=cfg.label_smoothing)

    st = {
        "global_step": 0,
        "epoch": 0,
        "batches_done": 0,
        "best": -math.inf,
        "best_step": -1,
        "bad_evals": 0,
        "stopped_early": False,
        "history": [],
        "train_examples": 0,
        "train_seconds": 0.0,
    }
    last_dir = Path(run_dir) / "last"
    if cfg.resume_from:
        st = load_state(
            Path(cfg.resume_from) / "last",
            accelerator.unwrap_model(model),
            optimizer,
            scheduler,
            accelerator.process_index,
        )
        accelerator.print(
            f"resumed at step {st['global_step']} (epoch {st['epoch']}, batch {st['batches_done']})"
        )

    def evaluate_and_checkpoint() -> bool:
        logits, y = predict_logits(model, val_loader, accelerator)
        pred = [labels[i] for i in logits.argmax(1)]
        m = classification_metrics([labels[i] for i in y], pred, labels, prefix="val/")
        m["epoch"] = st["global_step"] / steps_per_epoch
        st["history"].append({"step": st["global_step"], **m})
        improved = m[f"val/{cfg.metric}"] > st["best"]
        if improved:
            st.update(best=m[f"val/{cfg.metric}"], best_step=st["global_step"], bad_evals=0)
            if accelerator.is_main_process:
                on_best(accelerator.unwrap_model(model), m)
        else:
            st["bad_evals"] += 1
        tracker.log_metrics(m, step=st["global_step"])
        if accelerator.is_main_process:
            tqdm.write(
                f"step {st['global_step']:5d}  val macro-F1 {m['val/macro_f1']:.4f}"
                f"{'  (best)' if improved else ''}"
            )
        if cfg.save_state:
            accelerator.wait_for_everyone()
            save_state(
                last_dir,
                accelerator.unwrap_model(model),
                optimizer,
                scheduler,
                st,
                accelerator.process_index,
                accelerator.is_main_process,
            )
        return cfg.patience > 0 and st["bad_evals"] >= cfg.patience

    model.train()
    done = st["global_step"] >= total or st["stopped_early"]
    running, t0 = [], time.perf_counter()
    bar = tqdm(
        total=total,
        initial=st["global_step"],
        desc="train",
        unit="step",
        mininterval=2,
        disable=not accelerator.is_local_main_process,
        dynamic_ncols=True,
    )
    while not done and st["epoch"] < epochs:
        train_sampler.set_epoch(st["epoch"])
        loader = (
            accelerator.skip_first_batches(train_loader, st["batches_done"])
            if st["batches_done"]
            else train_loader
        )
        for batch in loader:
            with accelerator.accumulate(model):
                y = batch.pop("labels")
                loss = loss_fn(model(**batch).logits.float(), y)
                accelerator.backward(loss)
                if accelerator.sync_gradients:
                    if cfg.max_grad_norm > 0:
                        accelerator.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
                    optimizer.step()
                    scheduler.step()
                    optimizer.zero_grad(set_to_none=True)
            st["batches_done"] += 1
            st["train_examples"] += len(y) * accelerator.num_processes
            running.append(loss.item())
            if not accelerator.sync_gradients:
                continue
            st["global_step"] += 1
            bar.update(1)
            bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
            if st["global_step"] % cfg.log_every == 0:
                tracker.log_metrics(
                    {
                        "train/loss": float(np.mean(running)),
                        "train/lr": scheduler.get_last_lr()[0],
                        "epoch": st["global_step"] / steps_per_epoch,
                    },
                    step=st["global_step"],
                )
                running = []
            if cfg.eval_every and st["global_step"] % cfg.eval_every == 0:
                st["train_seconds"] += time.perf_counter() - t0
                done = st["stopped_early"] = evaluate_and_checkpoint()
                t0 = time.perf_counter()
            if st["global_step"] >= total:
                done = True
            if cfg.stop_after_steps and st["global_step"] >= cfg.stop_after_steps:
                raise KeyboardInterrupt(f"stop_after_steps={cfg.stop_after_steps} (simulated kill)")
            if done:
                break
        else:
            st["epoch"] += 1
            st["batches_done"] = 0
            if not cfg.eval_every:
                st["train_seconds"] += time.perf_counter() - t0
                done = st["stopped_early"] = evaluate_and_checkpoint()
                t0 = time.perf_counter()
    bar.close()
    if running:  # the loss of the last steps since the previous log line
        tracker.log_metrics({"train/loss": float(np.mean(running))}, step=st["global_step"])
    if not st["history"] or st["history"][-1]["step"] != st["global_step"]:
        st["train_seconds"] += time.perf_counter() - t0
        evaluate_and_checkpoint()  # the steps since the last evaluation count too
    return st
