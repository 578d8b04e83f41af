"""Scoring: ``StancePipeline`` (article text in, one prediction per quoted statement out) and
``load_pipeline`` (from a run directory or checkpoint); the streaming corpus scorer behind
``negostance-score`` lives in :mod:`negostance.inference.scoring`."""

from negostance.inference.pipeline import StancePipeline, load_pipeline

__all__ = ["StancePipeline", "load_pipeline"]
