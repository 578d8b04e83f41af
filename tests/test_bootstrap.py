"""Bootstrap intervals and the paired test."""

import numpy as np
import pytest

from negostance import LABELS
from negostance.evaluation.bootstrap import bootstrap_ci, metrics_from_confusion, paired_bootstrap
from negostance.evaluation.matching import MISSED
from negostance.evaluation.metrics import classification_metrics, confusion_matrix, per_class_prf


def _data(seed=0, n=200, p_right=0.7):
    rng = np.random.default_rng(seed)
    gold = rng.choice(LABELS, size=n).tolist()
    pred = [g if rng.random() < p_right else str(rng.choice(LABELS)) for g in gold]
    return [str(g) for g in gold], pred


def test_point_values_equal_metrics_module():
    gold, pred = _data()
    ci = bootstrap_ci(gold, pred, n_resamples=50)
    ref = classification_metrics(gold, pred)
    for k in ("macro_f1", "f_avg", "accuracy"):
        assert ci[k]["value"] == pytest.approx(ref[k])
    prf = per_class_prf(gold, pred)
    for lab in LABELS:
        for m in ("precision", "recall", "f1"):
            assert ci[f"{m}_{lab}"]["value"] == pytest.approx(prf[lab][m])


def test_missed_counts_against_recall_only():
    gold = ["favor", "favor", "none", "against"]
    pred = ["favor", MISSED, "none", "against"]
    m = metrics_from_confusion(confusion_matrix(gold, pred, (*LABELS, MISSED)))
    ref = per_class_prf(gold, pred, (*LABELS, MISSED))
    assert float(m["recall_favor"]) == 0.5 and float(m["precision_favor"]) == 1.0
    assert float(m["f1_favor"]) == pytest.approx(ref["favor"]["f1"])
    assert float(m["accuracy"]) == 0.75


def test_intervals_contain_value_shrink_with_n_and_are_seeded():
    gold, pred = _data(n=100)
    small = bootstrap_ci(gold, pred, n_resamples=500, seed=1)
    assert small == bootstrap_ci(gold, pred, n_resamples=500, seed=1)
    assert small != bootstrap_ci(gold, pred, n_resamples=500, seed=2)
    big = bootstrap_ci(gold * 16, pred * 16, n_resamples=500, seed=1)
    for k, v in small.items():
        assert v["low"] <= v["value"] <= v["high"], k
    width = lambda v: v["high"] - v["low"]  # noqa: E731
    assert width(big["macro_f1"]) < 0.5 * width(small["macro_f1"])
    narrow = bootstrap_ci(gold, pred, n_resamples=500, seed=1, confidence=0.5)
    assert width(narrow["accuracy"]) < width(small["accuracy"])


def test_accuracy_interval_matches_binomial_theory():
    gold, pred = _data(n=400, p_right=0.5)
    ci = bootstrap_ci(gold, pred, n_resamples=2000)
    acc = ci["accuracy"]["value"]
    half = 1.96 * np.sqrt(acc * (1 - acc) / 400)
    assert ci["accuracy"]["high"] - ci["accuracy"]["low"] == pytest.approx(2 * half, rel=0.15)


def test_paired_test():
    gold, good = _data(seed=3, n=300, p_right=0.9)
    _, bad = _data(seed=3, n=300, p_right=0.3)
    r = paired_bootstrap(gold, good, bad, n_resamples=500)
    assert r["macro_f1"]["diff"] > 0 and r["macro_f1"]["low"] > 0
    assert r["macro_f1"]["p_value"] < 0.01
    same = paired_bootstrap(gold, good, good, n_resamples=200)
    assert same["accuracy"]["diff"] == 0 and same["accuracy"]["p_value"] == 1.0
    # swapping one prediction is no evidence of a difference
    tweak = list(good)
    tweak[0] = "favor" if good[0] != "favor" else "none"
    assert paired_bootstrap(gold, good, tweak, n_resamples=500)["accuracy"]["p_value"] > 0.3


def test_bad_labels_and_empty():
    with pytest.raises(ValueError, match="label set"):
        bootstrap_ci(["missed"], ["favor"])  # gold may not be missed
    with pytest.raises(ValueError, match="label set"):
        bootstrap_ci(["favor"], ["pro"])
    with pytest.raises(ValueError, match="empty"):
        bootstrap_ci([], [])
