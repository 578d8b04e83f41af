"""Classification metrics as plain functions over label strings (numpy only, no torch).

Every function takes gold and predicted labels as sequences of label strings and the label set
(default: ``negostance.LABELS``); labels outside the set raise ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negostance import LABELS


def _encode(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]):
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but predictions have {len(pred)}")
    index = {lab: i for i, lab in enumerate(labels)}
    try:
        g = np.fromiter((index[x] for x in gold), dtype=np.int64, count=len(gold))
        p = np.fromiter((index[x] for x in pred), dtype=np.int64, count=len(pred))
    except KeyError as e:
        raise ValueError(f"label {e.args[0]!r} is not in the label set {tuple(labels)}") from None
    return g, p


def confusion_matrix(gold, pred, labels: Sequence[str] = LABELS) -> np.ndarray:
    """Counts ``m[i, j]`` of items with gold ``labels[i]`` predicted as ``labels[j]``.

    >>> confusion_matrix(["favor", "none", "none"], ["favor", "favor", "none"]).tolist()
    [[1, 0, 0], [0, 0, 0], [1, 0, 1]]
    """
    g, p = _encode(gold, pred, labels)
    m = np.zeros((len(labels), len(labels)), dtype=np.int64)
    np.add.at(m, (g, p), 1)
    return m


def per_class_prf(gold, pred, labels: Sequence[str] = LABELS) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support per label; 0.0 where a ratio is undefined (as sklearn's
    ``zero_division=0``).

    >>> r = per_class_prf(["favor", "against", "none"], ["favor", "none", "none"])
    >>> r["favor"]["f1"], r["against"]["recall"], round(r["none"]["precision"], 2)
    (1.0, 0.0, 0.5)
    """
    m = confusion_matrix(gold, pred, labels)
    tp = np.diag(m).astype(float)
    pred_n = m.sum(axis=0).astype(float)
    gold_n = m.sum(axis=1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(pred_n > 0, tp / pred_n, 0.0)
        recall = np.where(gold_n > 0, tp / gold_n, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return {
        lab: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(gold_n[i]),
        }
        for i, lab in enumerate(labels)
    }


def macro_f1(gold, pred, labels: Sequence[str] = LABELS) -> float:
    """Unweighted mean of the per-label F1 over the whole label set.

    >>> round(macro_f1(["favor", "against", "none"], ["favor", "none", "none"]), 4)
    0.5556
    """
    return float(np.mean([v["f1"] for v in per_class_prf(gold, pred, labels).values()]))


def f_avg(
    gold, pred, labels: Sequence[str] = LABELS, pair: Sequence[str] = ("favor", "against")
) -> float:
    """Mean F1 of the two polar classes (SemEval-2016 Task 6 convention); ``none`` still counts as
    an error class through precision and recall of favor and against.

    >>> f_avg(["favor", "against", "none"], ["favor", "none", "none"])
    0.5
    """
    prf = per_class_prf(gold, pred, labels)
    return float(np.mean([prf[lab]["f1"] for lab in pair]))


def accuracy(gold, pred, labels: Sequence[str] = LABELS) -> float:
    """Share of items whose prediction equals the gold label.

    >>> accuracy(["favor", "none"], ["favor", "favor"])
    0.5
    """
    g, p = _encode(gold, pred, labels)
    return float((g == p).mean()) if len(g) else 0.0


def classification_metrics(
    gold, pred, labels: Sequence[str] = LABELS, prefix: str = ""
) -> dict[str, float]:
    """The standard table as one flat dict: macro_f1, f_avg, accuracy and ``f1_<label>`` for each
    label, keys prefixed (``prefix="val/"`` gives ``val/macro_f1``).

    >>> sorted(classification_metrics(["none"], ["none"], prefix="test/"))[:3]
    ['test/accuracy', 'test/f1_against', 'test/f1_favor']
    """
    prf = per_class_prf(gold, pred, labels)
    out = {
        "macro_f1": float(np.mean([v["f1"] for v in prf.values()])),
        "accuracy": accuracy(gold, pred, labels),
    }
    if "favor" in labels and "against" in labels:
        out["f_avg"] = float(np.mean([prf["favor"]["f1"], prf["against"]["f1"]]))
    for lab, v in prf.items():
        out[f"f1_{lab}"] = v["f1"]
    return {f"{prefix}{k}": v for k, v in out.items()}
