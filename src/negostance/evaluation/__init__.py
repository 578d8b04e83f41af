"""Evaluation: metrics, span matching, bootstrap intervals, calibration, reports, inspection.

The main names are importable from here (``from negostance.evaluation import evaluate``), but each
is imported from its module only when first used, so importing this package loads nothing heavy
(no pandas, matplotlib or torch).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "metrics": (
        "accuracy",
        "classification_metrics",
        "confusion_matrix",
        "f_avg",
        "macro_f1",
        "per_class_prf",
    ),
    "matching": ("MISSED", "align", "error_breakdown", "match_spans"),
    "bootstrap": ("bootstrap_ci", "paired_bootstrap"),
    "calibration": (
        "apply_temperature",
        "expected_calibration_error",
        "fit_temperature",
        "reliability_diagram",
    ),
    "io": ("EvaluationInputError", "load_gold", "load_predictions"),
    "report": ("confusion_table", "evaluate", "per_group_table", "write_report"),
    "render": ("render_markdown",),
    "extraction": ("evaluate_extraction",),
    "inspect": ("RunView", "load_run"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
