"""``negostance-evaluate``: score a prediction file against gold quotes and write the report.

    negostance-evaluate predictions=runs/x/predictions.jsonl gold=quotes.jsonl output=runs/x/eval \
        articles=articles.jsonl baseline=runs/y/predictions.jsonl tracker=mlflow

Bad input (a missing field, a label outside the set, gold of another corpus) stops with one line.
"""

from __future__ import annotations

from pathlib import Path

import hydra
from omegaconf import DictConfig

from negostance.cli import config_dir, fail
from negostance.evaluation.report import EvaluationInputError, evaluate, write_report


def _flat_metrics(report: dict) -> dict[str, float]:
    """``eval/<metric>`` and its interval bounds, as a tracker wants them."""
    out = {}
    for name, v in report["metrics"].items():
        out.update(
            {
                f"eval/{name}": v["value"],
                f"eval/{name}_low": v["low"],
                f"eval/{name}_high": v["high"],
            }
        )
    for lab, v in report["per_class"].items():
        out.update({f"eval/{m}_{lab}": v[m]["value"] for m in ("precision", "recall", "f1")})
    out["eval/extraction_errors"] = report["errors"]["extraction"]
    out["eval/stance_errors"] = report["errors"]["stance"]
    if report["calibration"] is not None:
        out["eval/ece"] = report["calibration"]["ece"]
        if "ece_before" in report["calibration"]:
            out["eval/ece_before"] = report["calibration"]["ece_before"]
    return out


def _track(cfg: DictConfig, report: dict, files: list[Path]) -> None:
    """Log parameters, metrics and the report files as one run of the configured tracker
    (``tracker=none`` instantiates a tracker that does nothing)."""
    tracker_cfg = cfg.get("tracker")
    if tracker_cfg is None or tracker_cfg.get("_target_") is None:
        return
    tracker = hydra.utils.instantiate(tracker_cfg)
    tracker.start(run_name=f"evaluate {Path(cfg.predictions).name}")
    try:
        tracker.set_tags({"stage": "evaluate"})
        keys = (
            "predictions",
            "gold",
            "articles",
            "baseline",
            "min_overlap",
            "n_resamples",
            "seed",
            "n_bins",
        )
        tracker.log_params({k: cfg.get(k) for k in keys})
        tracker.log_metrics(_flat_metrics(report))
        for path in files:
            tracker.log_artifact(path, "evaluation")
    except BaseException:
        tracker.finish("FAILED")
        raise
    tracker.finish()


def run(cfg: DictConfig) -> dict:
    """Evaluate and write the report; returns the report dict."""
    report = evaluate(
        cfg.predictions,
        cfg.gold,
        cfg.baseline,
        articles=cfg.articles,
        min_overlap=cfg.min_overlap,
        n_resamples=cfg.n_resamples,
        confidence=cfg.confidence,
        seed=cfg.seed,
        n_bins=cfg.n_bins,
        top_speakers=cfg.top_speakers,
    )
    files = write_report(report, cfg.output, figures=cfg.figures)
    _track(cfg, report, files)
    m = report["metrics"]
    e = report["errors"]
    print(
        f"macro-F1 {m['macro_f1']['value']:.3f} [{m['macro_f1']['low']:.3f}, {m['macro_f1']['high']:.3f}]"
        f"  accuracy {m['accuracy']['value']:.3f}  errors: {e['extraction']} extraction, {e['stance']} stance"
        f"  -> {Path(cfg.output) / 'report.md'}"
    )
    return report


@hydra.main(config_path=config_dir(), config_name="evaluate", version_base="1.3")
def main(cfg: DictConfig) -> None:
    try:
        run(cfg)
    except EvaluationInputError as e:
        fail("negostance-evaluate", e)


if __name__ == "__main__":
    main()
