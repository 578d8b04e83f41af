"""Loading prediction and gold files (JSONL, CSV, Parquet) into checked records.

Every problem raises :class:`EvaluationInputError` with one line naming the file and the record:
a missing field, a label outside the label set, a score vector of the wrong length or that does not
sum to one. Per-label vectors may be dicts, lists in label order, JSON strings (CSV cells) or
flattened ``score_<label>`` / ``logit_<label>`` columns; they come back as dicts.
"""

from __future__ import annotations

import ast
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from negostance import LABELS


class EvaluationInputError(ValueError):
    """Bad input to an evaluation; the message is one line that names the file and record."""


def _read(path) -> list[tuple[str, dict]]:
    """Records of a JSONL, CSV or Parquet file, each with a ``file:line`` (or ``row``) location."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationInputError(f"{path}: no such file")
    if path.suffix == ".jsonl":
        out = []
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError as e:
                        raise EvaluationInputError(f"{path}:{n}: not JSON ({e.msg})") from None
                    if not isinstance(rec, dict):
                        raise EvaluationInputError(f"{path}:{n}: not a JSON object")
                    out.append((f"{path}:{n}", rec))
        return out
    if path.suffix == ".csv":
        df, where = pd.read_csv(path), lambda i: f"{path}:{i + 2}"  # line 1 is the header
    elif path.suffix in (".parquet", ".pq"):
        df, where = pd.read_parquet(path), lambda i: f"{path} row {i + 1}"
    else:
        raise EvaluationInputError(f"{path}: unknown format (use .jsonl, .csv or .parquet)")
    records = []
    for i, rec in enumerate(df.to_dict("records")):
        clean = {k: v for k, v in rec.items() if not (isinstance(v, float) and math.isnan(v))}
        records.append(
            (where(i), {k: v.item() if isinstance(v, np.generic) else v for k, v in clean.items()})
        )
    return records


def _vector(rec: dict, name: str, flat_prefix: str, labels: Sequence[str], where: str):
    """A per-label vector as a dict, from a dict, a list in label order, a JSON string, or
    flattened ``<flat_prefix><label>`` columns; ``None`` when absent."""
    v = rec.pop(name, None)
    flat = {lab: rec.pop(f"{flat_prefix}{lab}") for lab in labels if f"{flat_prefix}{lab}" in rec}
    if v is None and flat:
        v = flat
    if isinstance(v, str):  # a CSV cell: JSON, or the repr of a Python dict or list
        try:
            v = ast.literal_eval(v)
        except (ValueError, SyntaxError):
            raise EvaluationInputError(f"{where}: cannot read {name} from {v[:40]!r}") from None
    if v is None:
        return None
    if not isinstance(v, dict):
        v = list(v)
        if len(v) != len(labels):
            raise EvaluationInputError(
                f"{where}: {name} has {len(v)} values for {len(labels)} labels"
            )
        v = dict(zip(labels, v, strict=True))
    if set(v) != set(labels):
        raise EvaluationInputError(
            f"{where}: {name} has labels {sorted(v)}, expected {list(labels)}"
        )
    out = {lab: float(v[lab]) for lab in labels}
    if name != "logits" and abs(sum(out.values()) - 1.0) > 1e-3:
        raise EvaluationInputError(f"{where}: {name} sum to {sum(out.values()):.4f}, not 1")
    return out


def _check(
    rec: dict, where: str, required: Sequence[str], label_fields: Sequence[str], labels
) -> dict:
    rec = {k: v for k, v in rec.items() if v is not None}  # null is as good as absent
    for key in required:
        if key not in rec:
            raise EvaluationInputError(f"{where}: missing field {key!r}")
    for key in label_fields:
        if key in rec and rec[key] not in labels:
            raise EvaluationInputError(f"{where}: {key} {rec[key]!r} is not one of {list(labels)}")
    if "doc_id" in rec:
        rec["doc_id"] = str(rec["doc_id"])
    for key in ("start", "end"):
        if key in rec:
            try:
                rec[key] = int(rec[key])
            except (TypeError, ValueError):
                raise EvaluationInputError(
                    f"{where}: {key} {rec[key]!r} is not an integer"
                ) from None
    return rec


def load_predictions(path, labels: Sequence[str] = LABELS) -> list[dict]:
    """Prediction records (``doc_id``, ``start``, ``end``, ``label``; ``scores``, ``logits``,
    ``scores_uncalibrated``, ``model``, ``gold`` optional) with per-label vectors as dicts, whether
    the file stores them as dicts or as ``score_<label>`` / ``logit_<label>`` /
    ``score_uncalibrated_<label>`` columns. Records with ``gold`` need no span."""
    out = []
    for where, rec in _read(path):
        required = ("label",) if "gold" in rec else ("doc_id", "start", "end", "label")
        rec = _check(rec, where, required, ("label", "gold"), labels)
        for name, prefix in (
            ("scores_uncalibrated", "score_uncalibrated_"),
            ("scores", "score_"),
            ("logits", "logit_"),
        ):
            v = _vector(rec, name, prefix, labels, where)
            if v is not None:
                rec[name] = v
        out.append(rec)
    return out


def load_gold(path, articles=None, labels: Sequence[str] = LABELS) -> list[dict]:
    """Gold quotes (``doc_id``, ``start``, ``end``, ``label``; ``speaker``, ``dispute``, ... kept).
    ``articles`` (records with ``id`` or ``doc_id`` and ``dispute``) fills in ``dispute``."""
    gold = [
        _check(r, w, ("doc_id", "start", "end", "label"), ("label",), labels)
        for w, r in _read(path)
    ]
    if articles is not None:
        dispute = {}
        for where, art in _read(articles):
            key = art.get("doc_id", art.get("id"))
            if key is None:
                raise EvaluationInputError(f"{where}: missing field 'id'")
            if art.get("dispute") is not None:
                dispute[str(key)] = art["dispute"]
        for g in gold:
            if g.get("dispute") is None and g["doc_id"] in dispute:
                g["dispute"] = dispute[g["doc_id"]]
    return gold
