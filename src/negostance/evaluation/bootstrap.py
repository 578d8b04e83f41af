"""Bootstrap confidence intervals and a paired bootstrap test (numpy only, vectorised).

Resampling works on confusion matrices: each resample's items are turned into counts with one
``bincount``, and every metric is computed from a stack of matrices at once. Gold labels must lie
in ``labels``; predicted labels may also be one of ``extra`` (by default ``"missed"``, a gold quote
the extractor lost): such items count against recall but against no class's precision, exactly
as ``metrics.per_class_prf`` does when given the label set ``labels + extra``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negostance import LABELS
from negostance.evaluation.matching import MISSED

_CHUNK = 4_000_000  # resampled items held in memory at once


def encode(gold, pred, labels: Sequence[str] = LABELS, extra: Sequence[str] = (MISSED,)):
    """Integer codes for gold (in ``labels``) and predictions (in ``labels + extra``).

    >>> g, p = encode(["favor", "none"], ["missed", "none"])
    >>> g.tolist(), p.tolist()
    ([0, 2], [3, 2])
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels but predictions have {len(pred)}")
    index = {lab: i for i, lab in enumerate((*labels, *extra))}
    g = np.empty(len(gold), dtype=np.int64)
    p = np.empty(len(pred), dtype=np.int64)
    for arr, seq, allowed in ((g, gold, len(labels)), (p, pred, len(index))):
        for k, lab in enumerate(seq):
            code = index.get(lab, -1)
            if not 0 <= code < allowed:
                raise ValueError(f"label {lab!r} is not in the label set {tuple(labels)}")
            arr[k] = code
    return g, p


def metrics_from_confusion(
    m: np.ndarray, labels: Sequence[str] = LABELS, pair: Sequence[str] = ("favor", "against")
) -> dict[str, np.ndarray]:
    """Metrics of a stack of confusion matrices ``m[..., gold, pred]`` (square, the first
    ``len(labels)`` rows and columns are ``labels``; further columns are extra predicted labels).
    Returns arrays over the leading axes: ``macro_f1``, ``f_avg`` (when ``pair`` is in
    ``labels``), ``accuracy``, and ``precision_<label>``, ``recall_<label>``, ``f1_<label>``.

    >>> m = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
    >>> r = metrics_from_confusion(m)
    >>> round(float(r["macro_f1"]), 4), float(r["f_avg"]), float(r["recall_against"])
    (0.5556, 0.5, 0.0)
    """
    m = np.asarray(m, dtype=float)
    k = len(labels)
    tp = np.diagonal(m, axis1=-2, axis2=-1)[..., :k]
    pred_n = m.sum(axis=-2)[..., :k]
    gold_n = m.sum(axis=-1)[..., :k]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(pred_n > 0, tp / pred_n, 0.0)
        recall = np.where(gold_n > 0, tp / gold_n, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        total = m.sum(axis=(-2, -1))
        acc = np.where(total > 0, tp.sum(axis=-1) / total, 0.0)
    out = {"macro_f1": f1.mean(axis=-1), "accuracy": acc}
    if all(lab in labels for lab in pair):
        out["f_avg"] = np.mean([f1[..., list(labels).index(lab)] for lab in pair], axis=0)
    for i, lab in enumerate(labels):
        out[f"precision_{lab}"] = precision[..., i]
        out[f"recall_{lab}"] = recall[..., i]
        out[f"f1_{lab}"] = f1[..., i]
    return out


def resampled_confusions(
    codes: np.ndarray, n_classes: int, n_resamples: int, seed: int = 0
) -> np.ndarray:
    """Confusion matrices ``(n_resamples, K, K)`` of bootstrap resamples of the items whose
    ``codes`` are ``gold * K + pred``; item indices come from ``numpy.random.default_rng(seed)``,
    so two calls with the same seed and item count resample the same items (pairing).

    >>> resampled_confusions(np.array([0, 3]), 2, 5).sum(axis=(1, 2)).tolist()
    [2, 2, 2, 2, 2]
    """
    n = len(codes)
    if n == 0:
        raise ValueError("cannot bootstrap an empty set of items")
    rng = np.random.default_rng(seed)
    kk = n_classes * n_classes
    out = np.empty((n_resamples, n_classes, n_classes), dtype=np.int64)
    step = max(1, _CHUNK // n)
    for b0 in range(0, n_resamples, step):
        b = min(step, n_resamples - b0)
        idx = rng.integers(0, n, size=(b, n))
        flat = codes[idx] + (np.arange(b) * kk)[:, None]
        out[b0 : b0 + b] = np.bincount(flat.ravel(), minlength=b * kk).reshape(
            b, n_classes, n_classes
        )
    return out


def _interval(stats: np.ndarray, point: float, confidence: float) -> dict[str, float]:
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(stats, [alpha, 1.0 - alpha])
    return {"value": float(point), "low": float(low), "high": float(high)}


def bootstrap_ci(
    gold,
    pred,
    labels: Sequence[str] = LABELS,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    extra: Sequence[str] = (MISSED,),
) -> dict[str, dict[str, float]]:
    """Percentile bootstrap intervals for every metric of :func:`metrics_from_confusion`:
    ``{"macro_f1": {"value", "low", "high"}, ...}``; ``value`` is the metric on the full sample.

    >>> ci = bootstrap_ci(["favor", "against", "none"] * 10, ["favor", "none", "none"] * 10,
    ...                   n_resamples=200)
    >>> round(ci["macro_f1"]["value"], 4), ci["macro_f1"]["low"] <= 0.5556 <= ci["macro_f1"]["high"]
    (0.5556, True)
    """
    g, p = encode(gold, pred, labels, extra)
    k = len(labels) + len(extra)
    full = np.zeros((k, k), dtype=np.int64)
    np.add.at(full, (g, p), 1)
    point = metrics_from_confusion(full, labels)
    stats = metrics_from_confusion(resampled_confusions(g * k + p, k, n_resamples, seed), labels)
    return {name: _interval(stats[name], point[name], confidence) for name in point}


def paired_bootstrap(
    gold,
    pred_a,
    pred_b,
    labels: Sequence[str] = LABELS,
    metrics: Sequence[str] = ("macro_f1", "f_avg", "accuracy"),
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    extra: Sequence[str] = (MISSED,),
) -> dict[str, dict[str, float]]:
    """Paired bootstrap test of ``metric(a) - metric(b)`` on the same gold items: both systems
    are scored on the same resamples. Per metric: ``a``, ``b``, ``diff``, the percentile interval
    ``low``/``high`` of the difference, and a two-sided ``p_value`` for "no difference", from the
    resampled differences shifted to the null: ``(1 + #{|d* - d| >= |d|}) / (n_resamples + 1)``.

    >>> gold = ["favor", "against", "none"] * 20
    >>> r = paired_bootstrap(gold, gold, ["none"] * 60, n_resamples=200)
    >>> r["macro_f1"]["diff"] > 0.5, r["macro_f1"]["p_value"] < 0.05
    (True, True)
    """
    k = len(labels) + len(extra)
    g, pa = encode(gold, pred_a, labels, extra)
    _, pb = encode(gold, pred_b, labels, extra)
    full_a = np.zeros((k, k), dtype=np.int64)
    full_b = np.zeros((k, k), dtype=np.int64)
    np.add.at(full_a, (g, pa), 1)
    np.add.at(full_b, (g, pb), 1)
    point_a = metrics_from_confusion(full_a, labels)
    point_b = metrics_from_confusion(full_b, labels)
    # the same seed draws the same item indices for both systems: that is the pairing
    stats_a = metrics_from_confusion(resampled_confusions(g * k + pa, k, n_resamples, seed), labels)
    stats_b = metrics_from_confusion(resampled_confusions(g * k + pb, k, n_resamples, seed), labels)
    out = {}
    for name in metrics:
        d = float(point_a[name] - point_b[name])
        ds = stats_a[name] - stats_b[name]
        p_value = (1 + np.count_nonzero(np.abs(ds - d) >= abs(d) - 1e-12)) / (n_resamples + 1)
        interval = _interval(ds, d, confidence)
        out[name] = {
            "a": float(point_a[name]),
            "b": float(point_b[name]),
            "diff": d,
            "low": interval["low"],
            "high": interval["high"],
            "p_value": float(p_value),
        }
    return out
