"""Loop overhead: training examples/s of negostance's loop (fit) against a bare PyTorch loop over
the same model, batches, optimizer and schedule, side by side in one process.

    python experiments/training-loop-overhead/run.py --steps 40 --repeats 2
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import torch
from accelerate import Accelerator

from negostance import LABELS
from negostance.data.gold import load_gold_corpus
from negostance.modeling.factory import build_classifier
from negostance.modeling.templates import DEFAULT_TEMPLATE
from negostance.tracking import NullTracker
from negostance.training.batching import FeatureDataset
from negostance.training.loop import TrainerConfig, fit, make_loader
from negostance.training.optim import linear_schedule, param_groups


def bare_loop(model, loader, cfg: TrainerConfig, steps: int) -> tuple[int, float]:
    """The minimum: forward, loss, backward, clip, AdamW, schedule. Returns (examples, seconds)."""
    opt = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=cfg.lr)
    sched = linear_schedule(opt, int(cfg.warmup_ratio * steps), steps)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    n, t0 = 0, time.perf_counter()
    it = iter(loader)
    for _ in range(steps):
        batch = next(it)
        y = batch.pop("labels")
        loss = loss_fn(model(**batch).logits.float(), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        n += len(y)
    return n, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results.json")
    args = ap.parse_args()
    cfg = TrainerConfig(
        max_steps=args.steps, eval_every=0, save_state=False, calibrate=False, log_every=10**9
    )
    splits = load_gold_corpus()
    model, tok = build_classifier()
    train = FeatureDataset(splits["train"], tok, DEFAULT_TEMPLATE, cfg.max_length, LABELS)
    val = FeatureDataset(splits["validation"][:8], tok, DEFAULT_TEMPLATE, cfg.max_length, LABELS)
    init = {k: v.clone() for k, v in model.state_dict().items()}
    rows = []
    for rep in range(args.repeats):
        for kind in ("bare", "negostance"):
            model.load_state_dict(init)
            if kind == "bare":
                loader, _ = make_loader(train, tok, cfg.batch_size, seed=rep, shuffle=True)
                n, secs = bare_loop(model, loader, cfg, args.steps)
            else:
                with tempfile.TemporaryDirectory() as d:
                    st = fit(
                        model,
                        tok,
                        train,
                        val,
                        cfg,
                        Accelerator(),
                        NullTracker(),
                        Path(d),
                        LABELS,
                        seed=rep,
                        on_best=lambda m, x: None,
                    )
                n, secs = st["train_examples"], st["train_seconds"]
            rows.append(
                {
                    "repeat": rep,
                    "loop": kind,
                    "examples": n,
                    "seconds": round(secs, 2),
                    "examples_per_s": round(n / secs, 2),
                }
            )
            print(rows[-1], flush=True)
    bare = sum(r["examples"] for r in rows if r["loop"] == "bare") / sum(
        r["seconds"] for r in rows if r["loop"] == "bare"
    )
    ours = sum(r["examples"] for r in rows if r["loop"] == "negostance") / sum(
        r["seconds"] for r in rows if r["loop"] == "negostance"
    )
    result = {
        "rows": rows,
        "bare_examples_per_s": round(bare, 2),
        "negostance_examples_per_s": round(ours, 2),
        "ratio": round(ours / bare, 3),
        "torch_threads": torch.get_num_threads(),
        "machine": f"{platform.machine()} {platform.processor() or ''} {torch.get_num_threads()} threads".strip(),
    }
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=2))
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
