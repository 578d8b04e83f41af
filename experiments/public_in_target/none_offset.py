"""A decision rule for F_avg, evaluated post hoc on finished runs: add an offset ``b`` to the NONE
logit (NONE does not count in F_avg, so trading NONE recall for FAVOR/AGAINST recall may pay).

    python experiments/public_in_target/none_offset.py runs/experiments/public_in_target/semeval_a/seed*

Reads each run's predictions/{validation,test}.jsonl (raw logits). Per run: ``b`` fitted on the
whole validation split (grid -3..3 in steps of 0.05, the smallest |b| among ties), validation
F_avg without and with it (in-sample), test F_avg without and with it. The validation-only test
of whether the rule generalises is cross-fitting: over 200 seeded random halvings of validation,
``b`` is fitted on one half and the F_avg change measured on the other; the rule is worth keeping
only if that held-out change is positive.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import numpy as np

from negostance import LABELS
from negostance.evaluation.metrics import f_avg

GRID = np.round(np.arange(-3.0, 3.0001, 0.05), 2)
NONE = LABELS.index("none")


def read(path: Path) -> tuple[list[str], np.ndarray]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return [r["gold"] for r in rows], np.array([r["logits"] for r in rows], dtype=float)


def f_avg_at(gold: list[str], logits: np.ndarray, b: float) -> float:
    z = logits.copy()
    z[:, NONE] += b
    return f_avg(gold, [LABELS[i] for i in z.argmax(1)])


def fit_offset(gold: list[str], logits: np.ndarray) -> float:
    scores = [f_avg_at(gold, logits, b) for b in GRID]
    best = max(scores)
    return float(min((b for b, s in zip(GRID, scores) if s == best), key=abs))


def cross_fitted_gain(gold: list[str], logits: np.ndarray, rounds: int = 200, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    gains = []
    for _ in range(rounds):
        perm = rng.permutation(len(gold))
        for fit_idx, eval_idx in ((perm[::2], perm[1::2]), (perm[1::2], perm[::2])):
            b = fit_offset([gold[i] for i in fit_idx], logits[fit_idx])
            g = [gold[i] for i in eval_idx]
            gains.append(f_avg_at(g, logits[eval_idx], b) - f_avg_at(g, logits[eval_idx], 0.0))
    return float(np.mean(gains))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    args = ap.parse_args()
    cols = {k: [] for k in ("val", "val_b", "cv_gain", "test", "test_b")}
    print("| run | b | val F_avg | val F_avg + b (in-sample) | cross-fitted val gain | test F_avg | test F_avg + b |")
    print("|---|---|---|---|---|---|---|")
    for run in args.runs:
        gv, zv = read(run / "predictions" / "validation.jsonl")
        gt, zt = read(run / "predictions" / "test.jsonl")
        b = fit_offset(gv, zv)
        row = {"val": f_avg_at(gv, zv, 0.0), "val_b": f_avg_at(gv, zv, b), "cv_gain": cross_fitted_gain(gv, zv),
               "test": f_avg_at(gt, zt, 0.0), "test_b": f_avg_at(gt, zt, b)}
        for k, v in row.items():
            cols[k].append(v)
        print(f"| {run} | {b:+.2f} | " + " | ".join(f"{row[k]:+.4f}" if k == "cv_gain" else f"{row[k]:.4f}"
                                               for k in cols) + " |")
    if len(args.runs) > 1:
        print("| mean ± std | | " + " | ".join(
            f"{statistics.mean(v):.4f} ± {statistics.stdev(v):.4f}" for v in cols.values()) + " |")


if __name__ == "__main__":
    main()
