"""Evaluation report of a prediction file against gold quotes: load, match, score, write.

``evaluate`` returns a plain dict (the content of ``report.json``); ``write_report`` renders it as
``report.json``, ``report.md`` and PNG figures in one directory, each file replaced atomically.
Loading lives in ``evaluation.io`` and rendering in ``evaluation.render``; their public names are
importable from here too. ``load_predictions``, ``load_gold``, ``confusion_table`` and
``per_group_table`` are the pieces a notebook reuses on aligned rows (see ``matching.align``).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from negostance import LABELS
from negostance.evaluation.bootstrap import bootstrap_ci, paired_bootstrap
from negostance.evaluation.calibration import (
    expected_calibration_error,
    reliability_diagram,
    softmax,
)
from negostance.evaluation.io import EvaluationInputError, load_gold, load_predictions
from negostance.evaluation.matching import MISSED, align, error_breakdown
from negostance.evaluation.metrics import confusion_matrix, per_class_prf
from negostance.evaluation.render import render_markdown, write_figures

__all__ = [
    "EvaluationInputError",
    "confusion_table",
    "evaluate",
    "load_gold",
    "load_predictions",
    "per_group_table",
    "render_markdown",
    "write_report",
]


def confusion_table(rows: Sequence[dict], labels: Sequence[str] = LABELS) -> pd.DataFrame:
    """Confusion matrix of aligned rows (``gold``, ``label``): gold labels down, predicted across,
    with a ``missed`` column for gold quotes the extractor lost."""
    cols = (*labels, MISSED)
    m = confusion_matrix([r["gold"] for r in rows], [r["label"] for r in rows], cols)[: len(labels)]
    return pd.DataFrame(
        m, index=pd.Index(labels, name="gold"), columns=pd.Index(cols, name="predicted")
    )


def _scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    prf = per_class_prf(gold, pred, (*labels, MISSED))
    f1 = [prf[lab]["f1"] for lab in labels]
    out = {
        "n": len(gold),
        "accuracy": float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])),
    }
    out["macro_f1"] = float(np.mean(f1))
    if "favor" in labels and "against" in labels:
        out["f_avg"] = float(np.mean([prf["favor"]["f1"], prf["against"]["f1"]]))
    out["missed"] = sum(p == MISSED for p in pred)
    return out


def per_group_table(
    rows: Sequence[dict], key: str, labels: Sequence[str] = LABELS, top: int | None = None
) -> pd.DataFrame:
    """Accuracy, macro-F1, F_avg and missed count per value of ``key`` (rows without it are left
    out), largest groups first, the ``top`` largest only when given."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        if r.get(key) is not None:
            groups.setdefault(str(r[key]), []).append(r)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    table = [
        {key: name, **_scores([r["gold"] for r in rs], [r["label"] for r in rs], labels)}
        for name, rs in ordered
    ]
    cols = [key, "n", "accuracy", "macro_f1", "f_avg", "missed"]
    return pd.DataFrame(table, columns=[c for c in cols if c != "f_avg" or "favor" in labels])


def _probs(rows: Sequence[dict], name: str, labels: Sequence[str]) -> np.ndarray | None:
    if not rows or any(r.get(name) is None for r in rows):
        return None
    v = np.array([[r[name][lab] for lab in labels] for r in rows], dtype=float)
    return softmax(v) if name == "logits" else v


def _calibration(rows: Sequence[dict], labels: Sequence[str], n_bins: int) -> dict | None:
    """ECE and reliability data on matched quotes: "after" from ``scores``, "before" from
    ``scores_uncalibrated`` or ``softmax(logits)`` when the predictions carry them."""
    rows = [r for r in rows if r["label"] != MISSED]
    after = _probs(rows, "scores", labels)
    if after is None:
        return None
    before = _probs(rows, "scores_uncalibrated", labels)
    before = before if before is not None else _probs(rows, "logits", labels)
    y = [r["gold"] for r in rows]
    out = {
        "n": len(rows),
        "n_bins": n_bins,
        "ece": expected_calibration_error(after, y, n_bins, labels),
    }
    out["reliability"] = reliability_diagram(after, y, n_bins, labels)
    if before is not None:
        out["ece_before"] = expected_calibration_error(before, y, n_bins, labels)
        out["reliability_before"] = reliability_diagram(before, y, n_bins, labels)
    return out


def _align(predictions, gold, min_overlap: float, what: str) -> tuple[list[dict], list[dict]]:
    if gold is None:
        if any("gold" not in p for p in predictions):
            raise EvaluationInputError(
                f"{what}: no gold file given and not every record has a 'gold' field"
            )
        return [dict(p) for p in predictions], []
    common = {g["doc_id"] for g in gold} & {p.get("doc_id") for p in predictions}
    if not common:
        raise EvaluationInputError(
            f"{what}: no doc_id in common with the gold file; is it the gold of another corpus?"
        )
    return align(predictions, gold, min_overlap)


def evaluate(
    predictions,
    gold=None,
    baseline=None,
    *,
    articles=None,
    labels: Sequence[str] = LABELS,
    min_overlap: float = 0.5,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    n_bins: int = 10,
    top_speakers: int = 10,
) -> dict:
    """The report dict. ``predictions``, ``gold``, ``baseline`` are paths or lists of records;
    without ``gold``, predictions must carry their own ``gold`` labels (training's test output).
    Keys: ``n_gold``, ``matching``, ``errors``, ``metrics`` (value/low/high per metric),
    ``per_class``, ``confusion``, ``by_dispute``, ``by_speaker``, ``calibration``, ``paired``,
    ``config``; sections that do not apply are ``None``."""
    labels = tuple(labels)
    sources = {
        "predictions": str(predictions) if isinstance(predictions, str | Path) else None,
        "gold": str(gold) if isinstance(gold, str | Path) else None,
        "baseline": str(baseline) if isinstance(baseline, str | Path) else None,
    }
    if isinstance(predictions, str | Path):
        predictions = load_predictions(predictions, labels)
    if isinstance(gold, str | Path):
        gold = load_gold(gold, articles, labels)
    rows, spurious = _align(predictions, gold, min_overlap, sources["predictions"] or "predictions")
    if not rows:
        raise EvaluationInputError("no gold quotes to evaluate")
    g, p = [r["gold"] for r in rows], [r["label"] for r in rows]
    ci = bootstrap_ci(g, p, labels, n_resamples, confidence, seed)
    report = {
        "n_gold": len(rows),
        "n_predictions": len(predictions),
        "models": sorted({str(x["model"]) for x in predictions if x.get("model") is not None}),
        "matching": None
        if gold is None
        else {
            "min_overlap": min_overlap,
            "matched": len(rows) - p.count(MISSED),
            "missed": p.count(MISSED),
            "spurious": len(spurious),
            "spurious_by_label": dict(Counter(s["label"] for s in spurious)),
            # predictions that cover only part of the gold corpus inflate "missed": say so
            "gold_docs_without_predictions": len(
                {x["doc_id"] for x in gold} - {x.get("doc_id") for x in predictions}
            ),
        },
        "errors": error_breakdown(g, p),
        "metrics": {k: ci[k] for k in ("macro_f1", "f_avg", "accuracy") if k in ci},
        "per_class": {
            lab: {
                **{m: ci[f"{m}_{lab}"] for m in ("precision", "recall", "f1")},
                "support": g.count(lab),
            }
            for lab in labels
        },
        "confusion": {
            "gold": list(labels),
            "predicted": [*labels, MISSED],
            "matrix": confusion_table(rows, labels).to_numpy().tolist(),
        },
        "by_dispute": None,
        "by_speaker": None,
        "calibration": _calibration(rows, labels, n_bins),
        "paired": None,
        "config": {
            **sources,
            "labels": list(labels),
            "n_resamples": n_resamples,
            "confidence": confidence,
            "seed": seed,
            "n_bins": n_bins,
        },
    }
    for key, name, top in (
        ("dispute", "by_dispute", None),
        ("speaker", "by_speaker", top_speakers),
    ):
        table = per_group_table(rows, key, labels, top)
        if not len(table) and key == "speaker":  # gold without speakers: the extractor's
            table = per_group_table(rows, "pred_speaker", labels, top).rename(
                columns={"pred_speaker": "speaker"}
            )
        if len(table):
            report[name] = table.to_dict("records")
    if baseline is not None:
        if isinstance(baseline, str | Path):
            baseline = load_predictions(baseline, labels)
        base_rows, _ = _align(baseline, gold, min_overlap, sources["baseline"] or "baseline")
        if [r["gold"] for r in base_rows] != g:
            raise EvaluationInputError(
                "baseline is not scored on the same gold quotes as the predictions"
            )
        report["paired"] = {
            "baseline_models": sorted(
                {str(x["model"]) for x in baseline if x.get("model") is not None}
            ),
            **paired_bootstrap(
                g,
                p,
                [r["label"] for r in base_rows],
                labels,
                n_resamples=n_resamples,
                confidence=confidence,
                seed=seed,
            ),
        }
    return report


def write_report(report: dict, output_dir, figures: bool = True) -> list[Path]:
    """Write ``report.json``, ``report.md`` and (with ``figures``) ``confusion_matrix.png`` and
    ``reliability.png`` into ``output_dir``: everything is first written to a temporary folder
    inside it, then moved in file by file with ``os.replace``, so a reader never sees half a file."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".report-") as tmp:
        tmp = Path(tmp)
        (tmp / "report.json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (tmp / "report.md").write_text(render_markdown(report) + "\n", encoding="utf-8")
        names = ["report.json", "report.md"] + (write_figures(report, tmp) if figures else [])
        for name in names:
            os.replace(tmp / name, output_dir / name)
    return [output_dir / n for n in names]
