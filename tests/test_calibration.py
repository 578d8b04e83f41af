"""ECE, reliability data and temperature scaling."""

import numpy as np
import pytest

from negostance.evaluation.calibration import (
    apply_temperature,
    expected_calibration_error,
    fit_temperature,
    negative_log_likelihood,
    reliability_diagram,
    softmax,
)


def _calibrated(n=4000, seed=0):
    rng = np.random.default_rng(seed)
    z = 2.0 * rng.normal(size=(n, 3))
    y = (softmax(z).cumsum(axis=1) < rng.random((n, 1))).sum(axis=1)
    return z, y


def test_ece_by_hand_and_perfect_cases():
    probs = [[0.95, 0.05, 0.0], [0.55, 0.45, 0.0], [0.4, 0.35, 0.25]]
    y = [0, 1, 0]
    # bins of width 0.5: (0, .5] holds conf .4 (correct), (.5, 1] holds .95 (correct), .55 (wrong)
    expected = (1 * abs(1 - 0.4) + 2 * abs(0.5 - 0.75)) / 3
    assert expected_calibration_error(probs, y, n_bins=2) == pytest.approx(expected)
    assert expected_calibration_error([[1.0, 0.0, 0.0]] * 3, [0, 0, 0]) == 0.0
    assert expected_calibration_error([[1.0, 0.0, 0.0]] * 2, [1, 2]) == 1.0
    assert expected_calibration_error(
        probs, ["favor", "against", "favor"], n_bins=2
    ) == pytest.approx(expected)


def test_reliability_bins_are_well_formed():
    z, y = _calibrated()
    d = reliability_diagram(softmax(z), y, n_bins=15)
    assert len(d["count"]) == 15 and sum(d["count"]) == len(y)
    assert d["lower"][0] == 0.0 and d["upper"][-1] == 1.0
    for c, conf, lo, hi in zip(d["count"], d["confidence"], d["lower"], d["upper"], strict=True):
        assert (conf is None) == (c == 0)
        assert c == 0 or lo - 1e-12 <= conf <= hi + 1e-12
    assert expected_calibration_error(softmax(z), y) < 0.03


def test_fit_temperature_recovers_scale_and_matches_scipy():
    z, y = _calibrated()
    for scale in (0.5, 1.0, 3.0):
        t = fit_temperature(scale * z, y)
        assert t == pytest.approx(scale, rel=0.1)
    from scipy.optimize import minimize_scalar

    ref = minimize_scalar(
        lambda lt: negative_log_likelihood(3 * z, y, np.exp(lt)), bounds=(-3, 3), method="bounded"
    )
    assert np.log(fit_temperature(3 * z, y)) == pytest.approx(ref.x, abs=1e-3)


def test_temperature_scaling_improves_calibration():
    z, y = _calibrated()
    over = 4.0 * z
    t = fit_temperature(over, y)
    assert negative_log_likelihood(over, y, t) < negative_log_likelihood(over, y)
    assert expected_calibration_error(apply_temperature(over, t), y) < expected_calibration_error(
        softmax(over), y
    )
    # T keeps the argmax, so accuracy is unchanged
    assert (apply_temperature(over, t).argmax(1) == over.argmax(1)).all()


def test_bad_input():
    with pytest.raises(ValueError):
        apply_temperature([[1.0, 0.0]], 0.0)
    with pytest.raises(ValueError):
        fit_temperature(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="label set"):
        fit_temperature(np.zeros((1, 3)), ["pro"])
