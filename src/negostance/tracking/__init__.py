"""Experiment tracking: MLflow (a local SQLite store by default, any server by URI) or nothing."""

from negostance.tracking.base import NullTracker, Tracker, flatten
from negostance.tracking.mlflow_tracker import MlflowTracker

__all__ = ["MlflowTracker", "NullTracker", "Tracker", "flatten"]
