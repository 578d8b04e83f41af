"""SemEval-2016 task B with the task A models: the task B setting trains on task A's five targets
(no Trump tweet is labelled for training) and tests on the unseen target Donald Trump, so the
task A checkpoints are scored on the task B test tweets without retraining.

    python experiments/public_in_target/score_task_b.py runs/experiments/public_in_target/semeval_a/seed*
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from negostance.data.mix import source_split
from negostance.evaluation.metrics import classification_metrics
from negostance.modeling.classifier import StanceClassifier


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--data-root", default="../shared/data")
    args = ap.parse_args()
    test = source_split("semeval_b", "test", data_root=args.data_root)
    scores = []
    for run in args.runs:
        clf = StanceClassifier.load(run / "checkpoint")
        pred = [p["label"] for p in clf.predict(test)]
        m = classification_metrics([e["label"] for e in test], pred)
        scores.append(m)
        print(run, json.dumps({k: round(v, 4) for k, v in m.items()}))
    for k in ("f_avg", "macro_f1"):
        vals = [m[k] for m in scores]
        spread = f" ± {statistics.stdev(vals):.4f}" if len(vals) > 1 else ""
        print(f"task B test {k}: {statistics.mean(vals):.4f}{spread} over {len(vals)} run(s)")


if __name__ == "__main__":
    main()
