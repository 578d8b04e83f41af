"""Span and speaker evaluation of quote extraction; PolNeAR gold loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from negostance.evaluation.extraction import evaluate_extraction, match, same_speaker
from negostance.evaluation.polnear import load_polnear, parse_ann

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_exact_and_half_overlap():
    gold = [
        {"doc_id": "d", "start": 0, "end": 10, "speaker": "Ann Lee"},
        {"doc_id": "d", "start": 20, "end": 30, "speaker": "Bo Chan"},
    ]
    pred = [
        {"doc_id": "d", "start": 0, "end": 10, "speaker": "ann  lee"},
        {"doc_id": "d", "start": 24, "end": 40, "speaker": "Chan"},
        {"doc_id": "d", "start": 50, "end": 60, "speaker": None},
    ]
    m = evaluate_extraction(gold, pred)
    assert m["exact/precision"] == pytest.approx(1 / 3) and m["exact/recall"] == 0.5
    assert m["overlap/recall"] == 1.0 and m["overlap/precision"] == pytest.approx(2 / 3)
    assert m["speaker/accuracy"] == 0.5 and m["speaker/accuracy_lenient"] == 1.0
    assert "mention/accuracy" not in m


def test_less_than_half_is_no_match_and_matching_is_one_to_one():
    g = [{"start": 0, "end": 10}]
    assert match(g, [{"start": 6, "end": 12}]) == []
    assert match(g, [{"start": 0, "end": 10}, {"start": 0, "end": 9}]) == [(0, 0)]


def test_mention_accuracy_and_docs_without_predictions():
    gold = [
        {
            "doc_id": "d",
            "start": 0,
            "end": 5,
            "speaker": "he",
            "speaker_start": 7,
            "speaker_end": 9,
        },
        {"doc_id": "e", "start": 0, "end": 5, "speaker": "X"},
    ]
    pred = [
        {
            "doc_id": "d",
            "start": 0,
            "end": 5,
            "speaker": "Ann Lee",
            "speaker_start": 7,
            "speaker_end": 9,
        }
    ]
    m = evaluate_extraction(gold, pred)
    assert m["mention/accuracy"] == 1.0 and m["overlap/recall"] == 0.5


def test_same_speaker_edge_cases():
    assert not same_speaker(None, "X") and not same_speaker("X", "")
    assert same_speaker("the Kremlin", "Kremlin")


def test_parse_ann_discontinuous_spans():
    ann = (
        "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 12;14 20\tx y\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    )
    (att,) = parse_ann(ann)
    assert att["content"] == [(9, 12), (14, 20)] and att["source"] == [(0, 3)]


def test_polnear_missing_dir_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        load_polnear(tmp_path)


def test_polnear_dev_gold_is_quoted_content():
    root = SHARED / "data" / "polnear"
    if not root.is_dir():
        pytest.skip(f"PolNeAR not found at {root}")
    articles, gold = load_polnear(root, "dev")
    assert len(articles) == 84 and len(gold) > 500
    for g in gold[:200]:
        assert articles[g["doc_id"]][g["start"] : g["end"]] == g["quote"]
        assert articles[g["doc_id"]][: g["start"]].rstrip()[-1] in '"“”'
