"""End to end: prediction and gold files on disk -> report dict -> report.json, report.md, PNGs;
and the ``negostance-evaluate`` command, in-process and as a subprocess."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from negostance import LABELS
from negostance.evaluation.matching import MISSED
from negostance.evaluation.metrics import per_class_prf
from negostance.evaluation.report import (
    EvaluationInputError,
    confusion_table,
    evaluate,
    load_gold,
    load_predictions,
    per_group_table,
    write_report,
)

FIGURES = {"report.json", "report.md", "confusion_matrix.png", "reliability.png"}


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _corpus(n_docs=6, per_doc=6, seed=0):
    rng = np.random.default_rng(seed)
    articles = [
        {"id": f"a{d}", "dispute": ["trade", "war"][d % 2], "text": "..."} for d in range(n_docs)
    ]
    gold, pred = [], []
    for d in range(n_docs):
        for k in range(per_doc):
            start = 100 * k
            label = str(rng.choice(LABELS))
            gold.append(
                {
                    "doc_id": f"a{d}",
                    "start": start,
                    "end": start + 40,
                    "label": label,
                    "speaker": f"S{k % 3}",
                }
            )
            if rng.random() < 0.15:
                continue  # the extractor missed it
            guess = label if rng.random() < 0.7 else str(rng.choice(LABELS))
            logits = rng.normal(size=3)
            logits[LABELS.index(guess)] += 4.0
            p = np.exp(logits / 2) / np.exp(logits / 2).sum()
            pred.append(
                {
                    "doc_id": f"a{d}",
                    "start": start + 3,
                    "end": start + 40,
                    "quote": "q",
                    "speaker": f"S{k % 3}",
                    "label": guess,
                    "scores": dict(zip(LABELS, p.tolist(), strict=True)),
                    "logits": logits.tolist(),
                    "model": "tiny",
                }
            )
    pred.append(
        {
            "doc_id": "a0",
            "start": 5000,
            "end": 5010,
            "label": "favor",
            "scores": {"favor": 1.0, "against": 0.0, "none": 0.0},
            "logits": [1, 0, 0],
        }
    )
    return articles, gold, pred


@pytest.fixture
def files(tmp_path):
    articles, gold, pred = _corpus()
    _, _, base = _corpus(seed=1)
    return {
        "articles": _write_jsonl(tmp_path / "articles.jsonl", articles),
        "gold": _write_jsonl(tmp_path / "gold.jsonl", [{k: v for k, v in g.items()} for g in gold]),
        "pred": _write_jsonl(tmp_path / "pred.jsonl", pred),
        "base": _write_jsonl(tmp_path / "base.jsonl", base),
    }


def test_evaluate_report_contents(files, tmp_path):
    r = evaluate(
        files["pred"], files["gold"], files["base"], articles=files["articles"], n_resamples=200
    )
    rows_g = load_gold(files["gold"], files["articles"])
    assert r["n_gold"] == len(rows_g) == 36
    m = r["matching"]
    assert (
        m["matched"] + m["missed"] == 36
        and m["spurious"] == 1
        and m["spurious_by_label"] == {"favor": 1}
    )
    assert m["gold_docs_without_predictions"] == 0
    part = [p for p in load_predictions(files["pred"]) if p["doc_id"] != "a5"]
    assert (
        evaluate(part, files["gold"], n_resamples=10)["matching"]["gold_docs_without_predictions"]
        == 1
    )
    e = r["errors"]
    assert e["extraction"] == m["missed"] and e["extraction"] + e["stance"] == e["errors"] > 0
    # the numbers equal metrics.py on the aligned labels, missed counting against recall
    matrix = np.array(r["confusion"]["matrix"])
    assert matrix.shape == (3, 4) and matrix[:, 3].sum() == m["missed"] and matrix.sum() == 36
    assert r["confusion"]["predicted"] == [*LABELS, MISSED]
    gold_l = [
        g
        for g, row in zip(LABELS, matrix, strict=True)
        for j, c in enumerate(row)
        for _ in range(c)
    ]
    pred_l = [
        r["confusion"]["predicted"][j]
        for row in matrix
        for j, c in enumerate(row)
        for _ in range(c)
    ]
    prf = per_class_prf(gold_l, pred_l, (*LABELS, MISSED))
    for lab in LABELS:
        assert r["per_class"][lab]["f1"]["value"] == pytest.approx(prf[lab]["f1"])
        assert r["per_class"][lab]["support"] == prf[lab]["support"]
        v = r["per_class"][lab]["recall"]
        assert v["low"] <= v["value"] <= v["high"]
    assert r["metrics"]["macro_f1"]["value"] == pytest.approx(
        np.mean([prf[x]["f1"] for x in LABELS])
    )
    assert {x["dispute"] for x in r["by_dispute"]} == {"trade", "war"}
    assert sum(x["n"] for x in r["by_speaker"]) == 36
    cal = r["calibration"]
    assert cal["n"] == m["matched"] and 0 <= cal["ece"] <= 1 and "ece_before" in cal
    assert (
        set(r["paired"]) >= {"macro_f1", "f_avg", "accuracy"}
        and 0 < r["paired"]["macro_f1"]["p_value"] <= 1
    )
    assert r["models"] == ["tiny"]
    json.dumps(r)  # JSON-ready as it is


def test_write_report_files(files, tmp_path):
    r = evaluate(
        files["pred"], files["gold"], files["base"], articles=files["articles"], n_resamples=100
    )
    out = tmp_path / "out"
    written = write_report(r, out)
    assert {p.name for p in written} == FIGURES == {p.name for p in out.iterdir()}  # no temp left
    assert json.loads((out / "report.json").read_text())["n_gold"] == 36
    md = (out / "report.md").read_text()
    for heading in (
        "## Overall",
        "## Per class",
        "## Confusion matrix",
        "extraction",
        "## By dispute",
        "## By speaker",
        "## Calibration",
        "## Paired bootstrap",
    ):
        assert heading in md
    assert (out / "confusion_matrix.png").read_bytes()[:4] == b"\x89PNG"
    write_report(r, out)  # overwriting an existing report is fine


def test_flattened_csv_and_parquet_predictions(files, tmp_path):
    pred = load_predictions(files["pred"])
    flat = []
    for p in pred:
        q = {k: v for k, v in p.items() if k not in ("scores", "logits")}
        q.update({f"score_{lab}": p["scores"][lab] for lab in LABELS})
        q.update({f"logit_{lab}": p["logits"][lab] for lab in LABELS})
        flat.append(q)
    pd.DataFrame(flat).to_csv(tmp_path / "pred.csv", index=False)
    pd.DataFrame(pred).to_csv(tmp_path / "pred_dicts.csv", index=False)  # dicts as their repr
    pd.DataFrame(flat).to_parquet(tmp_path / "pred.parquet")
    ref = evaluate(files["pred"], files["gold"], n_resamples=50)
    for name in ("pred.csv", "pred.parquet", "pred_dicts.csv"):
        loaded = load_predictions(tmp_path / name)
        assert loaded[0]["scores"] == pytest.approx(pred[0]["scores"])
        r = evaluate(tmp_path / name, files["gold"], n_resamples=50)
        assert r["metrics"] == ref["metrics"] and r["calibration"]["ece"] == pytest.approx(
            ref["calibration"]["ece"]
        )


def test_speaker_breakdown_falls_back_to_extracted_speakers(files, tmp_path):
    gold = [{k: v for k, v in g.items() if k != "speaker"} for g in load_gold(files["gold"])]
    r = evaluate(files["pred"], gold, n_resamples=10)
    assert r["by_speaker"] and {x["speaker"] for x in r["by_speaker"]} == {"S0", "S1", "S2"}


def test_predictions_with_own_gold_need_no_gold_file(tmp_path):
    recs = [
        # as training writes its test predictions: spans may be null
        {
            "doc_id": None,
            "start": None,
            "end": None,
            "speaker": None,
            "label": p,
            "gold": g,
            "scores": {"favor": 0.2, "against": 0.2, "none": 0.6},
        }
        for p, g in [("favor", "favor"), ("none", "against"), ("none", "none")]
    ]
    r = evaluate(_write_jsonl(tmp_path / "test_predictions.jsonl", recs), n_resamples=50)
    assert r["matching"] is None and r["n_gold"] == 3 and r["errors"]["extraction"] == 0
    assert r["metrics"]["accuracy"]["value"] == pytest.approx(2 / 3)
    assert r["by_speaker"] is None and "ece_before" not in r["calibration"]


def test_tables_for_notebooks():
    rows = [
        {"gold": "favor", "label": "favor", "speaker": "A"},
        {"gold": "none", "label": MISSED, "speaker": "A"},
        {"gold": "against", "label": "none", "speaker": "B"},
        {"gold": "none", "label": "none"},
    ]
    t = confusion_table(rows)
    assert t.loc["none", MISSED] == 1 and t.loc["against", "none"] == 1 and t.to_numpy().sum() == 4
    g = per_group_table(rows, "speaker")
    assert g["speaker"].tolist() == ["A", "B"] and g["missed"].tolist() == [1, 0]
    assert len(per_group_table(rows, "speaker", top=1)) == 1


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"doc_id": "a0", "start": 0, "label": "favor"}, r"pred.jsonl:2: missing field 'end'"),
        (
            {"doc_id": "a0", "start": 0, "end": 9, "label": "pro"},
            r"pred.jsonl:2: label 'pro' is not one of",
        ),
        (
            {"doc_id": "a0", "start": 0, "end": 9, "label": "none", "scores": [0.5, 0.1, 0.1]},
            r"pred.jsonl:2: scores sum to 0.7000, not 1",
        ),
        (
            {"doc_id": "a0", "start": 0, "end": 9, "label": "none", "scores": {"favor": 1.0}},
            r"pred.jsonl:2: scores has labels",
        ),
        (
            {"doc_id": "a0", "start": "x", "end": 9, "label": "none"},
            r"pred.jsonl:2: start 'x' is not",
        ),
        (
            {"doc_id": "a0", "start": 0, "end": 9, "label": "none", "scores": [0.5, 0.5, 0, 0]},
            r"pred.jsonl:2: scores has 4 values for 3 labels",
        ),
        (
            {"doc_id": "a0", "start": 0, "end": 9, "label": "none", "scores": "{favor: 1}"},
            r"pred.jsonl:2: cannot read scores",
        ),
    ],
)
def test_bad_prediction_records(files, tmp_path, record, message):
    good = {"doc_id": "a0", "start": 0, "end": 40, "label": "none"}
    path = _write_jsonl(tmp_path / "pred.jsonl", [good, record])
    with pytest.raises(EvaluationInputError, match=message):
        evaluate(path, files["gold"])


def test_gold_of_another_corpus(files, tmp_path):
    other = _write_jsonl(
        tmp_path / "other.jsonl", [{"doc_id": "zz", "start": 0, "end": 5, "label": "none"}]
    )
    with pytest.raises(EvaluationInputError, match="no doc_id in common"):
        evaluate(files["pred"], other)
    bad = _write_jsonl(
        tmp_path / "bad.jsonl", [{"doc_id": "a", "start": 0, "end": 5, "label": "pro"}]
    )
    with pytest.raises(EvaluationInputError, match=r"bad.jsonl:1: label 'pro' is not one of"):
        load_gold(bad)
    with pytest.raises(EvaluationInputError, match=r"other.csv:2: missing field 'label'"):
        pd.DataFrame([{"doc_id": "a0", "start": 0, "end": 5}]).to_csv(
            tmp_path / "other.csv", index=False
        )
        load_gold(tmp_path / "other.csv")


def test_cli_in_process(files, tmp_path, monkeypatch, capsys):
    from negostance.cli import evaluate as cli

    out = tmp_path / "report"
    argv = [
        "negostance-evaluate",
        f"predictions={files['pred']}",
        f"gold={files['gold']}",
        f"output={out}",
        f"articles={files['articles']}",
        f"baseline={files['base']}",
        "n_resamples=100",
    ]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", argv)
    cli.main()
    assert {p.name for p in out.iterdir()} == FIGURES
    assert "macro-F1" in capsys.readouterr().out
    before = set(tmp_path.iterdir())
    monkeypatch.setattr(sys, "argv", [*argv[:2], f"gold={tmp_path / 'nope.jsonl'}", argv[3]])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope.jsonl: no such file" in err[0]
    assert set(tmp_path.iterdir()) == before  # hydra leaves nothing behind


@pytest.mark.slow
def test_cli_subprocess(files, tmp_path):
    out = tmp_path / "report"
    cmd = [
        sys.executable,
        "-m",
        "negostance.cli.evaluate",
        f"predictions={files['pred']}",
        f"gold={files['gold']}",
        f"output={out}",
        "n_resamples=50",
        "figures=false",
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} == {"report.json", "report.md"}
    assert not (tmp_path / "runs").exists()  # tracker=none by default
    bad = _write_jsonl(tmp_path / "bad.jsonl", [{"doc_id": "a0", "start": 0, "end": 4}])
    proc = subprocess.run(
        [*cmd[:3], f"predictions={bad}", *cmd[4:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        proc.returncode == 2
        and proc.stderr.strip() == f"negostance-evaluate: error: {bad}:1: missing field 'label'"
    )


@pytest.mark.slow
def test_cli_logs_to_mlflow(files, tmp_path, monkeypatch):
    from negostance.cli import evaluate as cli

    out, runs = tmp_path / "report", tmp_path / "runs"
    argv = [
        "negostance-evaluate",
        f"predictions={files['pred']}",
        f"gold={files['gold']}",
        f"output={out}",
        "n_resamples=50",
        "figures=false",
        "tracker=mlflow",
        f"paths.runs_dir={runs}",
    ]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", argv)
    cli.main()
    from mlflow.tracking import MlflowClient

    client = MlflowClient(f"sqlite:///{runs / 'mlflow.db'}")
    run = client.search_runs([client.get_experiment_by_name("negostance").experiment_id])[0]
    assert run.info.status == "FINISHED" and "eval/macro_f1" in run.data.metrics
    assert {a.path for a in client.list_artifacts(run.info.run_id, "evaluation")} >= {
        "evaluation/report.md"
    }
