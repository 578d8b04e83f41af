"""Seed ensembles: average the per-class probabilities of several runs' predictions on one split
and score the average, with a 95% bootstrap interval.

    python experiments/corpus-news-dev/ensemble.py runs/experiments/corpus_grid/lr8e-5_ep2_seed{1,2,3,4,5}
    python experiments/corpus-news-dev/ensemble.py RUN... --split validation
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from negostance import LABELS
from negostance.evaluation.bootstrap import bootstrap_ci
from negostance.evaluation.metrics import classification_metrics


def load(run: Path, split: str) -> dict[str, dict]:
    rows = [json.loads(x) for x in (run / "predictions" / f"{split}.jsonl").read_text().splitlines()]
    return {r["id"]: r for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path)
    ap.add_argument("--split", default="news_dev")
    args = ap.parse_args()
    preds = [load(r, args.split) for r in args.runs]
    ids = sorted(preds[0])
    if any(sorted(p) != ids for p in preds):
        raise SystemExit("the runs did not predict the same examples")
    gold = [preds[0][i]["gold"] for i in ids]
    avg = [{lab: sum(p[i]["scores"][lab] for p in preds) / len(preds) for lab in LABELS} for i in ids]
    label = [max(a, key=a.get) for a in avg]
    members = [classification_metrics(gold, [p[i]["label"] for i in ids])["macro_f1"] for p in preds]
    ci = bootstrap_ci(gold, label)["macro_f1"]
    m = classification_metrics(gold, label)
    print(f"{len(preds)} runs on {args.split} ({len(ids)} examples): members macro-F1 "
          + " ".join(f"{x:.3f}" for x in members))
    print(f"ensemble macro-F1 {ci['value']:.3f} [{ci['low']:.3f}, {ci['high']:.3f}]  "
          f"F_avg {m['f_avg']:.3f}  accuracy {m['accuracy']:.3f}")


if __name__ == "__main__":
    main()
