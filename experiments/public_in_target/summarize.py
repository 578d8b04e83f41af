"""Mean and spread over seeds of finished negostance-train runs, optionally per target or source.

    python experiments/public_in_target/summarize.py runs/experiments/public_in_target/semeval_a/seed*
    python experiments/public_in_target/summarize.py RUN... --split test --by target

Reads each run's metrics.json (and predictions/<split>.jsonl for --by); prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from pathlib import Path

from negostance.evaluation.metrics import classification_metrics

METRICS = ("macro_f1", "f_avg", "f1_favor", "f1_against", "f1_none", "accuracy")


def fmt(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}"


def run_metrics(run: Path, split: str, by: str | None) -> dict[str, dict[str, float]]:
    """``{group: metrics}``; the group is ``all`` without ``by``."""
    key = "val" if split == "validation" else split
    if not by:
        return {"all": json.loads((run / "metrics.json").read_text())[key]}
    groups = defaultdict(lambda: ([], []))
    for line in (run / "predictions" / f"{split}.jsonl").read_text().splitlines():
        p = json.loads(line)
        g = p["target"] if by == "target" else p["id"].split("-", 1)[0]
        groups[g][0].append(p["gold"])
        groups[g][1].append(p["label"])
    return {g: classification_metrics(gold, pred) for g, (gold, pred) in sorted(groups.items())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--split", default="test", help="validation, test or an eval_sets name")
    ap.add_argument("--by", choices=["target", "source"], default=None)
    args = ap.parse_args()
    table: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for run in args.runs:
        for group, m in run_metrics(run, args.split, args.by).items():
            for k in METRICS:
                table[group][k].append(m[k])
    print(f"{len(args.runs)} run(s), split {args.split}; mean ± sample std over runs\n")
    print("| group | " + " | ".join(METRICS) + " |")
    print("|---" * (len(METRICS) + 1) + "|")
    for group, cols in table.items():
        print(f"| {group} | " + " | ".join(fmt(cols[k]) for k in METRICS) + " |")
    if args.by == "target":
        f = [statistics.mean(m["f_avg"][i] for g, m in table.items()) for i in range(len(args.runs))]
        print(f"\nmean over targets of f_avg: {fmt(f)}")


if __name__ == "__main__":
    main()
