"""Match predicted quotes to gold quotes by document and character span (no torch, no pandas).

A gold quote and a prediction match when they share ``doc_id`` and their spans overlap by at least
``min_overlap`` of the gold span's length. Matching is one-to-one and greedy: candidate pairs are
taken in order of decreasing overlap, so each gold quote gets the prediction that covers it best.
A gold quote left without a prediction was lost by the extraction stage and gets the predicted
label ``MISSED``; a prediction left without a gold quote is *spurious* and reported apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Predicted label of a gold quote that no prediction matched (an extraction error).
MISSED = "missed"


@dataclass
class MatchResult:
    """Indices into the gold and prediction sequences given to :func:`match_spans`."""

    pairs: list[tuple[int, int]] = field(default_factory=list)  # (gold index, prediction index)
    missed: list[int] = field(default_factory=list)  # gold indices with no prediction
    spurious: list[int] = field(default_factory=list)  # prediction indices with no gold


def span_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of characters two half-open spans ``[start, end)`` share.

    >>> span_overlap(0, 10, 5, 20), span_overlap(0, 5, 5, 9)
    (5, 0)
    """
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_spans(
    predictions: Sequence[dict], gold: Sequence[dict], min_overlap: float = 0.5
) -> MatchResult:
    """One-to-one greedy matching of ``predictions`` to ``gold`` records (both with ``doc_id``,
    ``start``, ``end``). A pair qualifies when the overlap is positive and at least
    ``min_overlap * (gold end - gold start)``; ties in overlap go to the closer start offset, then
    to the earlier record, so the result does not depend on dict or hash order.

    >>> gold = [{"doc_id": "d", "start": 0, "end": 10}, {"doc_id": "d", "start": 20, "end": 30}]
    >>> pred = [{"doc_id": "d", "start": 2, "end": 10}, {"doc_id": "d", "start": 29, "end": 40},
    ...         {"doc_id": "e", "start": 0, "end": 10}]
    >>> r = match_spans(pred, gold)
    >>> r.pairs, r.missed, r.spurious
    ([(0, 0)], [1], [1, 2])
    """
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError(f"min_overlap must lie in [0, 1], got {min_overlap}")
    preds_by_doc: dict[object, list[int]] = defaultdict(list)
    for j, p in enumerate(predictions):
        preds_by_doc[p["doc_id"]].append(j)
    candidates = []
    for i, g in enumerate(gold):
        gs, ge = int(g["start"]), int(g["end"])
        need = min_overlap * max(ge - gs, 1)
        for j in preds_by_doc.get(g["doc_id"], ()):
            ps, pe = int(predictions[j]["start"]), int(predictions[j]["end"])
            ov = span_overlap(gs, ge, ps, pe)
            if ov > 0 and ov >= need:
                candidates.append((-ov, abs(ps - gs), i, j))
    candidates.sort()
    used_g, used_p = set(), set()
    result = MatchResult()
    for _, _, i, j in candidates:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        result.pairs.append((i, j))
    result.pairs.sort()
    result.missed = [i for i in range(len(gold)) if i not in used_g]
    result.spurious = [j for j in range(len(predictions)) if j not in used_p]
    return result


def align(
    predictions: Sequence[dict], gold: Sequence[dict], min_overlap: float = 0.5
) -> tuple[list[dict], list[dict]]:
    """One row per gold quote, in gold order, for scoring the whole pipeline; plus the spurious
    predictions. Each row is the gold record with ``gold`` (its label), ``label`` (the matched
    prediction's label, or ``MISSED``), ``scores`` and the other prediction fields under ``pred_``
    names when matched. A gold ``speaker`` wins over the predicted one; the predicted is kept as
    ``pred_speaker``.

    >>> rows, spurious = align([{"doc_id": "d", "start": 0, "end": 9, "label": "favor"}],
    ...                        [{"doc_id": "d", "start": 1, "end": 9, "label": "favor"},
    ...                         {"doc_id": "d", "start": 20, "end": 30, "label": "none"}])
    >>> [(r["gold"], r["label"]) for r in rows], spurious
    ([('favor', 'favor'), ('none', 'missed')], [])
    """
    result = match_spans(predictions, gold, min_overlap)
    matched = dict(result.pairs)
    rows = []
    for i, g in enumerate(gold):
        row = {k: v for k, v in g.items() if k != "label"}
        row["gold"] = g["label"]
        j = matched.get(i)
        if j is None:
            row["label"] = MISSED
        else:
            p = predictions[j]
            row["label"] = p["label"]
            for k, v in p.items():
                if k in ("label", "gold", "doc_id"):
                    continue
                if k in ("scores", "logits", "scores_uncalibrated", "model"):
                    row[k] = v
                else:
                    row[f"pred_{k}"] = v
        rows.append(row)
    return rows, [predictions[j] for j in result.spurious]


def error_breakdown(gold_labels: Sequence[str], pred_labels: Sequence[str]) -> dict[str, int]:
    """Split the errors of the whole pipeline: ``extraction`` (gold quote missed) and ``stance``
    (matched but labelled wrong).

    >>> error_breakdown(["favor", "none", "against"], ["favor", "missed", "none"])
    {'n': 3, 'correct': 1, 'errors': 2, 'extraction': 1, 'stance': 1}
    """
    if len(gold_labels) != len(pred_labels):
        raise ValueError(f"{len(gold_labels)} gold labels but {len(pred_labels)} predictions")
    extraction = sum(p == MISSED for p in pred_labels)
    correct = sum(g == p for g, p in zip(gold_labels, pred_labels, strict=True))
    n = len(gold_labels)
    return {
        "n": n,
        "correct": correct,
        "errors": n - correct,
        "extraction": extraction,
        "stance": n - correct - extraction,
    }
