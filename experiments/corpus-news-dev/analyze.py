"""Scores of a run's best checkpoint on the real-news dev set (gold quotes), with 95% bootstrap
intervals and a breakdown by quote length.

    python experiments/corpus-news-dev/analyze.py runs/train/<time> [more run dirs...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from negostance.evaluation.bootstrap import bootstrap_ci
from negostance.evaluation.metrics import classification_metrics

BINS = ((1, 5, "1-5 words"), (6, 20, "6-20 words"), (21, 10**6, ">20 words"))


def load(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in (run_dir / "predictions" / "news_dev.jsonl").open()]


def main(run_dirs: list[str]) -> None:
    rows = []
    for rd in map(Path, run_dirs):
        preds = load(rd)
        gold, pred = [p["gold"] for p in preds], [p["label"] for p in preds]
        m = classification_metrics(gold, pred)
        ci = bootstrap_ci(gold, pred, n_resamples=2000, seed=0)
        print(f"\n{rd}  (n={len(preds)})")
        print(
            f"  macro-F1 {m['macro_f1']:.3f} [{ci['macro_f1']['low']:.3f}, {ci['macro_f1']['high']:.3f}]"
            f"  F_avg {m['f_avg']:.3f} [{ci['f_avg']['low']:.3f}, {ci['f_avg']['high']:.3f}]"
            f"  acc {m['accuracy']:.3f}"
        )
        print("  F1 favor {f1_favor:.3f}  against {f1_against:.3f}  none {f1_none:.3f}".format(**m))
        for lo, hi, name in BINS:
            sel = [i for i, p in enumerate(preds) if lo <= len(p["quote"].split()) <= hi]
            g, q = [gold[i] for i in sel], [pred[i] for i in sel]
            mb = classification_metrics(g, q)
            print(
                f"  {name:11} n={len(sel):3}  macro-F1 {mb['macro_f1']:.3f}  acc {mb['accuracy']:.3f}"
            )
        rows.append(m)
    if len(rows) > 1:
        for k in ("macro_f1", "f_avg", "f1_favor", "f1_against", "f1_none", "accuracy"):
            v = [r[k] for r in rows]
            print(f"mean over {len(v)} runs: {k} {np.mean(v):.3f} ± {np.std(v):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
