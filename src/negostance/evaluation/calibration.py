"""Calibration: expected calibration error, reliability diagrams, temperature scaling (numpy only).

Probabilities are arrays ``(n, n_labels)`` whose columns follow the label order (``LABELS``);
targets are label indices or label strings. Temperature scaling divides the logits by one scalar
``T`` fitted on a validation split by minimising the negative log-likelihood over ``log T``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negostance import LABELS

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def _targets(y, labels: Sequence[str] = LABELS) -> np.ndarray:
    y = np.asarray(y)
    if y.dtype.kind in "iu":
        return y.astype(np.int64)
    index = {lab: i for i, lab in enumerate(labels)}
    try:
        return np.array([index[v] for v in y.tolist()], dtype=np.int64)
    except KeyError as e:
        raise ValueError(f"label {e.args[0]!r} is not in the label set {tuple(labels)}") from None


def softmax(logits) -> np.ndarray:
    """Row-wise softmax, stable for large logits.

    >>> softmax([[0.0, 0.0], [1000.0, 0.0]]).round(3).tolist()
    [[0.5, 0.5], [1.0, 0.0]]
    """
    z = np.asarray(logits, dtype=float)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def apply_temperature(logits, temperature: float) -> np.ndarray:
    """Probabilities ``softmax(logits / T)``; ``T > 1`` softens, ``T < 1`` sharpens.

    >>> apply_temperature([[2.0, 0.0]], 2.0).round(4).tolist()
    [[0.7311, 0.2689]]
    """
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    return softmax(np.asarray(logits, dtype=float) / temperature)


def negative_log_likelihood(
    logits, y, temperature: float = 1.0, labels: Sequence[str] = LABELS
) -> float:
    """Mean ``-log p(y)`` under ``softmax(logits / T)``.

    >>> round(negative_log_likelihood([[0.0, 0.0]], [0]), 4)
    0.6931
    """
    z = np.asarray(logits, dtype=float) / temperature
    t = _targets(y, labels)
    z = z - z.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1))
    return float(np.mean(log_norm - z[np.arange(len(t)), t]))


def fit_temperature(
    logits, labels, bounds: tuple[float, float] = (0.05, 20.0), tol: float = 1e-5
) -> float:
    """Temperature ``T`` minimising the NLL of ``labels`` (indices, or strings of ``LABELS``)
    under ``softmax(logits / T)``, by golden-section search over ``log T`` within ``bounds``.
    The NLL is convex in ``1 / T``, so it is unimodal in ``log T`` and the search finds the minimum.

    >>> rng = np.random.default_rng(0)
    >>> z = 2.0 * rng.normal(size=(5000, 3))
    >>> y = (softmax(z).cumsum(axis=1) < rng.random((5000, 1))).sum(axis=1)  # calibrated at T = 1
    >>> 2.7 < fit_temperature(3.0 * z, y) < 3.3  # logits three times too confident
    True
    """
    z = np.asarray(logits, dtype=float)
    t = _targets(labels)
    if z.ndim != 2 or len(z) != len(t) or len(t) == 0:
        raise ValueError(f"need logits (n, k) and n labels, got {z.shape} and {len(t)}")
    lo, hi = np.log(bounds[0]), np.log(bounds[1])
    f = lambda log_t: negative_log_likelihood(z, t, float(np.exp(log_t)))  # noqa: E731
    a, b = hi - _GOLDEN * (hi - lo), lo + _GOLDEN * (hi - lo)
    fa, fb = f(a), f(b)
    while hi - lo > tol:
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - _GOLDEN * (hi - lo)
            fa = f(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + _GOLDEN * (hi - lo)
            fb = f(b)
    return float(np.exp((lo + hi) / 2.0))


def reliability_diagram(
    probs, y, n_bins: int = 10, labels: Sequence[str] = LABELS
) -> dict[str, list]:
    """Top-label reliability data over ``n_bins`` equal-width confidence bins ``(lo, hi]`` (the
    first includes 0): per bin ``lower``, ``upper``, ``count``, mean ``confidence`` and
    ``accuracy`` (``None`` for empty bins).

    >>> d = reliability_diagram([[0.9, 0.1], [0.6, 0.4]], [0, 1], n_bins=2)
    >>> d["count"], d["confidence"], d["accuracy"]
    ([0, 2], [None, 0.75], [None, 0.5])
    """
    p = np.asarray(probs, dtype=float)
    t = _targets(y, labels)
    if p.ndim != 2 or len(p) != len(t):
        raise ValueError(f"need probabilities (n, k) and n targets, got {p.shape} and {len(t)}")
    conf = p.max(axis=1)
    correct = (p.argmax(axis=1) == t).astype(float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.clip(np.ceil(conf * n_bins).astype(np.int64) - 1, 0, n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    conf_sum = np.bincount(bins, weights=conf, minlength=n_bins)
    acc_sum = np.bincount(bins, weights=correct, minlength=n_bins)
    nonempty = count > 0
    return {
        "lower": edges[:-1].tolist(),
        "upper": edges[1:].tolist(),
        "count": count.tolist(),
        "confidence": [
            float(c / n) if ok else None for c, n, ok in zip(conf_sum, count, nonempty, strict=True)
        ],
        "accuracy": [
            float(a / n) if ok else None for a, n, ok in zip(acc_sum, count, nonempty, strict=True)
        ],
    }


def expected_calibration_error(probs, y, n_bins: int = 10, labels: Sequence[str] = LABELS) -> float:
    """ECE: the count-weighted mean over equal-width confidence bins of
    ``|accuracy - mean confidence|`` of the top label.

    >>> expected_calibration_error([[0.9, 0.1], [0.6, 0.4]], [0, 1], n_bins=2)
    0.25
    """
    d = reliability_diagram(probs, y, n_bins, labels)
    n = sum(d["count"])
    if n == 0:
        return 0.0
    gaps = [
        c * abs(a - m)
        for c, a, m in zip(d["count"], d["accuracy"], d["confidence"], strict=True)
        if c
    ]
    return float(round(sum(gaps) / n, 12))
