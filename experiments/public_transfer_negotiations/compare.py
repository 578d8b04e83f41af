"""news_dev scores of the transfer runs against the baseline runs: per seed, the macro-F1 and F_avg
with 95 % bootstrap intervals, and a paired bootstrap test of transfer minus baseline on the same
quotes; then mean and spread over seeds.

    python experiments/public_transfer_negotiations/compare.py \
        --a runs/experiments/public_transfer_negotiations/transfer/seed* \
        --b runs/experiments/public_transfer_negotiations/baseline/seed* \
        [--extra runs/experiments/public_zeroshot_vast/seed1]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from negostance.evaluation.bootstrap import bootstrap_ci, paired_bootstrap

METRICS = ("macro_f1", "f_avg", "accuracy")


def predictions(run: Path, split: str) -> tuple[list[str], list[str], list[str]]:
    rows = [json.loads(x) for x in (run / "predictions" / f"{split}.jsonl").read_text().splitlines()]
    return [r["id"] for r in rows], [r["gold"] for r in rows], [r["label"] for r in rows]


def ci_cell(ci: dict) -> str:
    return f"{ci['value']:.3f} [{ci['low']:.3f}, {ci['high']:.3f}]"


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return f"{values[0]:.3f}"
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", nargs="+", type=Path, required=True, help="transfer runs, one per seed")
    ap.add_argument("--b", nargs="+", type=Path, required=True, help="baseline runs, same seeds")
    ap.add_argument("--extra", nargs="*", type=Path, default=[], help="other runs to list (stage 1)")
    ap.add_argument("--split", default="news_dev")
    ap.add_argument("--resamples", type=int, default=2000)
    args = ap.parse_args()

    print("| run | macro-F1 [95% CI] | F_avg [95% CI] | accuracy |\n|---|---|---|---|")
    for run in [*args.a, *args.b, *args.extra]:
        _, gold, pred = predictions(run, args.split)
        ci = bootstrap_ci(gold, pred, n_resamples=args.resamples)
        print(f"| {run} | {ci_cell(ci['macro_f1'])} | {ci_cell(ci['f_avg'])} | {ci['accuracy']['value']:.3f} |")

    print("\n| seed pair | diff macro-F1 [95% CI], p | diff F_avg [95% CI], p |\n|---|---|---|")
    per = {m: ([], []) for m in METRICS}
    for a, b in zip(args.a, args.b, strict=True):
        ids_a, gold, pred_a = predictions(a, args.split)
        ids_b, gold_b, pred_b = predictions(b, args.split)
        if ids_a != ids_b or gold != gold_b:
            raise SystemExit(f"{a} and {b} were not scored on the same {args.split} items")
        r = paired_bootstrap(gold, pred_a, pred_b, n_resamples=args.resamples)
        for m in METRICS:
            per[m][0].append(r[m]["a"])
            per[m][1].append(r[m]["b"])
        cells = [f"{r[m]['diff']:+.3f} [{r[m]['low']:+.3f}, {r[m]['high']:+.3f}], p={r[m]['p_value']:.3f}"
                 for m in ("macro_f1", "f_avg")]
        print(f"| {a.name} vs {b.name} | " + " | ".join(cells) + " |")

    print("\n| metric | transfer (mean ± std over seeds) | baseline |\n|---|---|---|")
    for m in METRICS:
        print(f"| {m} | {spread(per[m][0])} | {spread(per[m][1])} |")


if __name__ == "__main__":
    main()
