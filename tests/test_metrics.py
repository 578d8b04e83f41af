"""metrics.py against scikit-learn on random data and on edge cases."""

import numpy as np
import pytest
from sklearn import metrics as skm

from negostance import LABELS
from negostance.evaluation.metrics import (
    accuracy,
    classification_metrics,
    confusion_matrix,
    f_avg,
    macro_f1,
    per_class_prf,
)


def _random(seed: int, n: int):
    rng = np.random.default_rng(seed)
    gold = rng.choice(LABELS, size=n, p=[0.3, 0.2, 0.5]).tolist()
    pred = [g if rng.random() < 0.6 else rng.choice(LABELS) for g in gold]
    return gold, [str(p) for p in pred]


CASES = [_random(s, n) for s, n in ((0, 50), (1, 7), (2, 300), (3, 1))] + [
    (["favor", "favor"], ["favor", "favor"]),  # against and none absent everywhere
    (["none", "none", "none"], ["favor", "against", "favor"]),  # nothing right
    (["favor", "against"], ["against", "favor"]),
]


@pytest.mark.parametrize(("gold", "pred"), CASES)
def test_against_sklearn(gold, pred):
    labels = list(LABELS)
    assert (
        confusion_matrix(gold, pred).tolist()
        == skm.confusion_matrix(gold, pred, labels=labels).tolist()
    )
    p, r, f, s = skm.precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    prf = per_class_prf(gold, pred)
    for i, lab in enumerate(labels):
        assert prf[lab]["precision"] == pytest.approx(p[i])
        assert prf[lab]["recall"] == pytest.approx(r[i])
        assert prf[lab]["f1"] == pytest.approx(f[i])
        assert prf[lab]["support"] == s[i]
    assert macro_f1(gold, pred) == pytest.approx(
        skm.f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
    )
    assert f_avg(gold, pred) == pytest.approx(
        skm.f1_score(gold, pred, labels=["favor", "against"], average="macro", zero_division=0)
    )
    assert accuracy(gold, pred) == pytest.approx(skm.accuracy_score(gold, pred))


def test_classification_metrics_keys_and_values():
    gold, pred = _random(5, 80)
    out = classification_metrics(gold, pred, prefix="test/")
    assert set(out) == {"test/macro_f1", "test/accuracy", "test/f_avg"} | {
        f"test/f1_{x}" for x in LABELS
    }
    assert out["test/macro_f1"] == pytest.approx(macro_f1(gold, pred))
    assert out["test/f_avg"] == pytest.approx(f_avg(gold, pred))


def test_empty_and_bad_input():
    assert accuracy([], []) == 0.0
    assert macro_f1([], []) == 0.0
    with pytest.raises(ValueError, match="not in the label set"):
        macro_f1(["favor"], ["pro"])
    with pytest.raises(ValueError, match="gold has 2 labels"):
        accuracy(["favor", "none"], ["favor"])


def test_custom_label_set():
    gold, pred = ["a", "b", "b"], ["a", "a", "b"]
    assert macro_f1(gold, pred, labels=("a", "b")) == pytest.approx(
        skm.f1_score(gold, pred, average="macro")
    )
