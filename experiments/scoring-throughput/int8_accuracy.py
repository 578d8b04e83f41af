"""What quantize=int8 costs in accuracy on the gold quotes of the bundled corpus's validation and
test splits (the splits the checkpoint's run was evaluated on, rebuilt from its config).

    python experiments/scoring-throughput/int8_accuracy.py runs/train/<time>

Writes results/int8-accuracy.json: macro-F1 and accuracy with fp32 and int8 weights, labels that
change, max and mean |dp| (probabilities before temperature scaling), and the fp32 logits' largest
difference from the run's own predictions (so that the splits are known to be the same).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from negostance.data.gold import load_gold_corpus
from negostance.evaluation.metrics import accuracy, macro_f1
from negostance.modeling.classifier import StanceClassifier

HERE = Path(__file__).resolve().parent


def main(run: str) -> None:
    torch.set_num_threads(1)
    run_dir = Path(run)
    data = json.loads((run_dir / "config.json").read_text())["data"]
    splits = load_gold_corpus(**{k: v for k, v in data.items() if k != "_target_"})
    clf = {q: StanceClassifier.load(run_dir, device="cpu", quantize=q) for q in ("none", "int8")}
    out = {"checkpoint": str(run_dir), "command": " ".join(["python", *sys.argv])}
    for split in ("validation", "test"):
        examples = splits[split]
        gold = [e["label"] for e in examples]
        logits, secs = {}, {}
        for q, c in clf.items():
            t0 = time.process_time()
            logits[q] = c.logits(examples)
            secs[q] = time.process_time() - t0
        probs = {q: torch.from_numpy(z).softmax(-1).numpy() for q, z in logits.items()}
        logged = {json.loads(x)["id"]: json.loads(x)["logits"]
                  for x in (run_dir / "predictions" / f"{split}.jsonl").read_text().splitlines()}
        labels = clf["none"].labels
        ref = np.array([logged[e["id"]] for e in examples])
        pred = {q: [labels[i] for i in p.argmax(1)] for q, p in probs.items()}
        dp = np.abs(probs["int8"] - probs["none"])
        out[split] = {
            "quotes": len(examples),
            **{f"macro_f1_{q}": macro_f1(gold, pred[q]) for q in probs},
            **{f"accuracy_{q}": accuracy(gold, pred[q]) for q in probs},
            "labels_changed": int(sum(a != b for a, b in zip(pred["none"], pred["int8"], strict=True))),
            "max_abs_prob_diff": float(dp.max()), "mean_abs_prob_diff": float(dp.mean()),
            "fp32_logits_vs_logged_max_abs_diff": float(np.abs(logits["none"] - ref).max()),
            "cpu_seconds": secs,
        }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "int8-accuracy.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
