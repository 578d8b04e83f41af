"""Span matching of predictions to gold quotes."""

import pytest

from negostance.evaluation.matching import MISSED, align, error_breakdown, match_spans


def q(doc, start, end, label="none", **kw):
    return {"doc_id": doc, "start": start, "end": end, "label": label, **kw}


def test_overlap_threshold_is_share_of_gold_span():
    gold = [q("d", 0, 100)]
    assert match_spans([q("d", 50, 200)], gold).pairs == [(0, 0)]  # exactly half
    assert match_spans([q("d", 51, 200)], gold).pairs == []
    assert match_spans([q("d", 51, 200)], gold, min_overlap=0.4).pairs == [(0, 0)]
    assert match_spans([q("d", 99, 100)], gold, min_overlap=0.0).pairs == [(0, 0)]
    assert match_spans([q("d", 100, 110)], gold, min_overlap=0.0).pairs == []  # touching only
    with pytest.raises(ValueError):
        match_spans([], gold, min_overlap=1.5)


def test_one_to_one_greedy_by_overlap():
    # one long prediction covers two gold quotes: it goes to the one it covers more
    gold = [q("d", 0, 10), q("d", 12, 40)]
    pred = [q("d", 0, 40)]
    r = match_spans(pred, gold, min_overlap=0.5)
    assert r.pairs == [(1, 0)] and r.missed == [0] and r.spurious == []
    # two predictions on one gold quote: the better one matches, the other is spurious
    r = match_spans([q("d", 5, 10), q("d", 0, 9)], [q("d", 0, 10)])
    assert r.pairs == [(0, 1)] and r.spurious == [0]


def test_documents_are_kept_apart():
    r = match_spans([q("b", 0, 10)], [q("a", 0, 10)])
    assert r.pairs == [] and r.missed == [0] and r.spurious == [0]


def test_align_rows_and_breakdown():
    gold = [
        q("d", 0, 10, "favor", speaker="A"),
        q("d", 20, 30, "against", speaker="B"),
        q("e", 0, 10, "none"),
    ]
    pred = [
        q("d", 0, 10, "favor", speaker="A.", scores={"favor": 1.0, "against": 0.0, "none": 0.0}),
        q("e", 1, 10, "favor"),
        q("e", 50, 60, "against"),
    ]
    rows, spurious = align(pred, gold)
    assert [(r["gold"], r["label"]) for r in rows] == [
        ("favor", "favor"),
        ("against", MISSED),
        ("none", "favor"),
    ]
    assert rows[0]["speaker"] == "A" and rows[0]["pred_speaker"] == "A."
    assert rows[0]["scores"]["favor"] == 1.0 and "scores" not in rows[1]
    assert spurious == [pred[2]]
    b = error_breakdown([r["gold"] for r in rows], [r["label"] for r in rows])
    assert b == {"n": 3, "correct": 1, "errors": 2, "extraction": 1, "stance": 1}
