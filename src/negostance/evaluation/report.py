"""Evaluation report of a prediction file against gold quotes: load, match, score, write.

``evaluate`` returns a plain dict (the content of ``report.json``); ``write_report`` renders it as
``report.json``, ``report.md`` and PNG figures in one directory, each file replaced atomically.
``load_predictions``, ``load_gold``, ``confusion_table`` and ``per_group_table`` are the pieces a
notebook reuses on aligned rows (see ``matching.align``).
"""

from __future__ import annotations

import ast
import json
import math
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
from negostance.evaluation.matching import MISSED, align, error_breakdown
from negostance.evaluation.metrics import confusion_matrix, per_class_prf


class EvaluationInputError(ValueError):
    """Bad input to an evaluation; the message is one line that names the file and record."""


def _read(path) -> list[tuple[str, dict]]:
    """Records of a JSONL, CSV or Parquet file, each with a ``file:line`` (or ``row``) location."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    if path.suffix == ".jsonl":
        out = []
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise EvaluationInputError(f"{path}:{n}: not JSON ({e.msg})") from None
                    if not isinstance(rec, dict):
                        raise EvaluationInputError(f"{path}:{n}: not a JSON object")
                    out.append((f"{path}:{n}", rec))
        return out
    if path.suffix == ".csv":
        df, where = pd.read_csv(path), lambda i: f"{path}:{i + 2}"  # line 1 is the header
    elif path.suffix in (".parquet", ".pq"):
        df, where = pd.read_parquet(path), lambda i: f"{path} row {i + 1}"
    else:
        raise EvaluationInputError(f"{path}: unknown format (use .jsonl, .csv or .parquet)")
    records = []
    for i, rec in enumerate(df.to_dict("records")):
        clean = {k: v for k, v in rec.items() if not (isinstance(v, float) and math.isnan(v))}
        records.append(
            (where(i), {k: v.item() if isinstance(v, np.generic) else v for k, v in clean.items()})
        )
    return records


def _vector(rec: dict, name: str, flat_prefix: str, labels: Sequence[str], where: str):
    """A per-label vector as a dict, from a dict, a list in label order, a JSON string, or
    flattened ``<flat_prefix><label>`` columns; ``None`` when absent."""
    v = rec.pop(name, None)
    flat = {lab: rec.pop(f"{flat_prefix}{lab}") for lab in labels if f"{flat_prefix}{lab}" in rec}
    if v is None and flat:
        v = flat
    if isinstance(v, str):  # a CSV cell: JSON, or the repr of a Python dict or list
        try:
            v = ast.literal_eval(v)
        except (ValueError, SyntaxError):
            raise EvaluationInputError(f"{where}: cannot read {name} from {v[:40]!r}") from None
    if v is None:
        return None
    if not isinstance(v, dict):
        v = list(v)
        if len(v) != len(labels):
            raise EvaluationInputError(
                f"{where}: {name} has {len(v)} values for {len(labels)} labels"
            )
        v = dict(zip(labels, v, strict=True))
    if set(v) != set(labels):
        raise EvaluationInputError(
            f"{where}: {name} has labels {sorted(v)}, expected {list(labels)}"
        )
    out = {lab: float(v[lab]) for lab in labels}
    if name != "logits" and abs(sum(out.values()) - 1.0) > 1e-3:
        raise EvaluationInputError(f"{where}: {name} sum to {sum(out.values()):.4f}, not 1")
    return out


def _check(
    rec: dict, where: str, required: Sequence[str], label_fields: Sequence[str], labels
) -> dict:
    rec = {k: v for k, v in rec.items() if v is not None}  # null is as good as absent
    for key in required:
        if key not in rec:
            raise EvaluationInputError(f"{where}: missing field {key!r}")
    for key in label_fields:
        if key in rec and rec[key] not in labels:
            raise EvaluationInputError(f"{where}: {key} {rec[key]!r} is not one of {list(labels)}")
    if "doc_id" in rec:
        rec["doc_id"] = str(rec["doc_id"])
    for key in ("start", "end"):
        if key in rec:
            try:
                rec[key] = int(rec[key])
            except (TypeError, ValueError):
                raise EvaluationInputError(
                    f"{where}: {key} {rec[key]!r} is not an integer"
                ) from None
    return rec


def load_predictions(path, labels: Sequence[str] = LABELS) -> list[dict]:
    """Prediction records (``doc_id``, ``start``, ``end``, ``label``; ``scores``, ``logits``,
    ``scores_uncalibrated``, ``model``, ``gold`` optional) with per-label vectors as dicts, whether
    the file stores them as dicts or as ``score_<label>`` / ``logit_<label>`` /
    ``score_uncalibrated_<label>`` columns. Records with ``gold`` need no span."""
    out = []
    for where, rec in _read(path):
        required = ("label",) if "gold" in rec else ("doc_id", "start", "end", "label")
        rec = _check(rec, where, required, ("label", "gold"), labels)
        for name, prefix in (
            ("scores_uncalibrated", "score_uncalibrated_"),
            ("scores", "score_"),
            ("logits", "logit_"),
        ):
            v = _vector(rec, name, prefix, labels, where)
            if v is not None:
                rec[name] = v
        out.append(rec)
    return out


def load_gold(path, articles=None, labels: Sequence[str] = LABELS) -> list[dict]:
    """Gold quotes (``doc_id``, ``start``, ``end``, ``label``; ``speaker``, ``dispute``, ... kept).
    ``articles`` (records with ``id`` or ``doc_id`` and ``dispute``) fills in ``dispute``."""
    gold = [
        _check(r, w, ("doc_id", "start", "end", "label"), ("label",), labels)
        for w, r in _read(path)
    ]
    if articles is not None:
        dispute = {}
        for where, art in _read(articles):
            key = art.get("doc_id", art.get("id"))
            if key is None:
                raise EvaluationInputError(f"{where}: missing field 'id'")
            if art.get("dispute") is not None:
                dispute[str(key)] = art["dispute"]
        for g in gold:
            if g.get("dispute") is None and g["doc_id"] in dispute:
                g["dispute"] = dispute[g["doc_id"]]
    return gold


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


def _ci(v: dict) -> str:
    return f"{v['value']:.3f} [{v['low']:.3f}, {v['high']:.3f}]"


def _table(header: Sequence[str], rows: Sequence[Sequence]) -> list[str]:
    fmt = lambda x: f"{x:.3f}" if isinstance(x, float) else str(x)  # noqa: E731
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(fmt(x) for x in row) + " |" for row in rows] + [""]


def render_markdown(report: dict) -> str:
    """``report.md``: the report dict as Markdown tables."""
    cfg = report["config"]
    pct = f"{cfg['confidence']:.0%}"
    out = ["# Evaluation report", ""]
    for k in ("predictions", "gold", "baseline"):
        if cfg.get(k):
            out.append(f"- {k}: `{cfg[k]}`")
    if report["models"]:
        out.append(f"- model: {', '.join(report['models'])}")
    out += [
        f"- gold quotes: {report['n_gold']}; predictions: {report['n_predictions']}",
        f"- {pct} percentile bootstrap intervals, {cfg['n_resamples']} resamples, seed {cfg['seed']}",
        "",
    ]
    out += ["## Overall", ""] + _table(
        ["metric", f"value [{pct} CI]"], [(k, _ci(v)) for k, v in report["metrics"].items()]
    )
    out += ["## Per class", ""] + _table(
        ["label", "precision", "recall", "F1", "support"],
        [
            (lab, _ci(v["precision"]), _ci(v["recall"]), _ci(v["f1"]), v["support"])
            for lab, v in report["per_class"].items()
        ],
    )
    c = report["confusion"]
    out += ["## Confusion matrix (gold down, predicted across)", ""] + _table(
        ["gold \\ predicted", *c["predicted"]],
        [(lab, *row) for lab, row in zip(c["gold"], c["matrix"], strict=True)],
    )
    e, m = report["errors"], report["matching"]
    out += ["## Errors: extraction vs stance", ""] + _table(
        ["gold quotes", "correct", "errors", "extraction (missed)", "stance (wrong label)"],
        [(e["n"], e["correct"], e["errors"], e["extraction"], e["stance"])],
    )
    if m is not None:
        by_label = ", ".join(f"{k}: {v}" for k, v in sorted(m["spurious_by_label"].items())) or "-"
        out += [
            f"Matching: span overlap >= {m['min_overlap']:g} of the gold span; {m['matched']} matched, "
            f"{m['missed']} missed, {m['spurious']} spurious predictions (no gold quote; {by_label}); "
            f"{m['gold_docs_without_predictions']} gold documents have no prediction at all.",
            "",
        ]
    for name, key in (("dispute", "by_dispute"), ("speaker", "by_speaker")):
        if report[key]:
            cols = list(report[key][0])
            out += [f"## By {name}", ""] + _table(cols, [[r[k] for k in cols] for r in report[key]])
    cal = report["calibration"]
    if cal is not None:
        before = (
            f"{cal['ece_before']:.4f}"
            if "ece_before" in cal
            else "n/a (no logits or scores_uncalibrated)"
        )
        out += ["## Calibration", ""] + _table(
            ["quotes", "bins", "ECE before", "ECE after"],
            [(cal["n"], cal["n_bins"], before, f"{cal['ece']:.4f}")],
        )
    if report["paired"] is not None:
        rows = [
            (
                k,
                v["a"],
                v["b"],
                f"{v['diff']:+.3f} [{v['low']:+.3f}, {v['high']:+.3f}]",
                f"{v['p_value']:.4f}",
            )
            for k, v in report["paired"].items()
            if isinstance(v, dict)
        ]
        out += ["## Paired bootstrap test against the baseline", ""] + _table(
            ["metric", "system", "baseline", f"difference [{pct} CI]", "p-value"], rows
        )
    return "\n".join(out)


def _figures(report: dict, directory: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    c = report["confusion"]
    fig, ax = plt.subplots(figsize=(5, 4))
    m = np.array(c["matrix"])
    ax.imshow(m, cmap="Blues")
    for (i, j), v in np.ndenumerate(m):
        ax.text(
            j, i, str(v), ha="center", va="center", color="white" if v > m.max() / 2 else "black"
        )
    ax.set(
        xticks=range(len(c["predicted"])),
        xticklabels=c["predicted"],
        yticks=range(len(c["gold"])),
        yticklabels=c["gold"],
        xlabel="predicted",
        ylabel="gold",
        title="Confusion matrix",
    )
    fig.tight_layout()
    fig.savefig(directory / "confusion_matrix.png", dpi=120)
    plt.close(fig)
    written = ["confusion_matrix.png"]
    cal = report["calibration"]
    if cal is not None:
        fig, ax = plt.subplots(figsize=(4.5, 4.5))
        ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1)
        for key, name in (("reliability_before", "before"), ("reliability", "after")):
            if key in cal:
                d = cal[key]
                pts = [
                    (x, y)
                    for x, y in zip(d["confidence"], d["accuracy"], strict=True)
                    if x is not None
                ]
                ax.plot(
                    *zip(*pts, strict=True),
                    marker="o",
                    label=f"{name} (ECE {cal['ece' if name == 'after' else 'ece_before']:.3f})",
                )
        ax.set(
            xlim=(0, 1),
            ylim=(0, 1),
            xlabel="confidence",
            ylabel="accuracy",
            title="Reliability diagram",
        )
        ax.legend(loc="best")
        fig.tight_layout()
        fig.savefig(directory / "reliability.png", dpi=120)
        plt.close(fig)
        written.append("reliability.png")
    return written


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
        names = ["report.json", "report.md"] + (_figures(report, tmp) if figures else [])
        for name in names:
            os.replace(tmp / name, output_dir / name)
    return [output_dir / n for n in names]
