"""The logic behind the notebooks: negostance.evaluation.inspect (run views, examples, highlighted
quotes, stance shares, corpus overview, extraction coverage) and negostance.tracking.runs (runs
read back from MLflow, intervals, paired tests, disagreements), on small inline data."""

import gzip
import json
import subprocess
import sys

import pandas as pd
import pytest

from negostance.evaluation import inspect as ins
from negostance.evaluation import render
from negostance.evaluation.matching import MISSED
from negostance.tracking import runs as tracked

ARTICLES = [
    {
        "id": "d1",
        "dispute": "strike",
        "split": "test",
        "kind": "labour",
        "text": 'Union talks\nShe said "talks" twice. "We want talks now," Ann Lee said.\nLast line.',
    },
    {
        "id": "d2",
        "dispute": "war",
        "split": "train",
        "kind": "peace",
        "text": '"Never," Bo Kim said. "Maybe later," Bo Kim added.',
    },
]


def _quote(doc, quote, speaker, label, nth=0):
    text = next(a["text"] for a in ARTICLES if a["id"] == doc)
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return {
        "doc_id": doc,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "speaker": speaker,
        "label": label,
    }


GOLD = [
    _quote("d1", "talks", "", "none", nth=1),
    _quote("d1", "We want talks now,", "Ann Lee", "favor"),
    _quote("d2", "Never,", "Bo Kim", "against"),
    _quote("d2", "Maybe later,", "Bo Kim", "none"),
]


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    _write_jsonl(d / "articles.jsonl", ARTICLES)
    _write_jsonl(d / "quotes.jsonl", GOLD)
    return d


def _scores(label, p):
    rest = (1 - p) / 2
    return {lab: (p if lab == label else rest) for lab in ("favor", "against", "none")}


def _training_predictions():
    """A training run's test output: gold labels inside, one confident error, one unsure hit."""
    preds = []
    for g, (label, p) in zip(
        GOLD, [("none", 0.4), ("against", 0.9), ("against", 0.8), ("favor", 0.5)], strict=True
    ):
        rec = {k: g[k] for k in ("doc_id", "start", "end", "quote", "speaker")}
        rec.update(
            id=f"{g['doc_id']}-{g['start']}",
            dispute="strike" if g["doc_id"] == "d1" else "war",
            gold=g["label"],
            label=label,
            scores=_scores(label, p),
        )
        preds.append(rec)
    return preds


@pytest.fixture
def run_dir(tmp_path, corpus):
    run = tmp_path / "runs" / "r1"
    (run / "predictions").mkdir(parents=True)
    _write_jsonl(run / "predictions" / "test.jsonl", _training_predictions())
    config = {
        "data": {"_target_": "negostance.data.gold.load_gold_corpus", "corpus_dir": str(corpus)}
    }
    (run / "config.json").write_text(json.dumps(config))
    return run


# -- the package's import surface -------------------------------------------------------------


def test_evaluation_package_imports_nothing_heavy_and_reexports():
    code = (
        "import sys, negostance.evaluation as ev; "
        "heavy = [m for m in ('pandas', 'matplotlib', 'torch') if m in sys.modules]; "
        "assert not heavy, heavy; "
        "from negostance.evaluation import evaluate, load_run, MISSED, bootstrap_ci; "
        "assert 'load_run' in dir(ev) and MISSED == 'missed'; "
        "assert 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    import negostance.evaluation as ev

    with pytest.raises(AttributeError):
        ev.no_such_name  # noqa: B018


def test_report_reexports_the_split_modules():
    from negostance.evaluation import io, render, report

    assert report.load_predictions is io.load_predictions
    assert report.EvaluationInputError is io.EvaluationInputError
    assert report.render_markdown is render.render_markdown


# -- runs and examples ------------------------------------------------------------------------


def test_load_run_directory_reads_config_and_corpus(run_dir, corpus):
    view = ins.load_run(run_dir, n_resamples=50)
    assert view.name == "r1" and view.corpus_dir == corpus
    assert len(view.rows) == 4 and view.report["n_gold"] == 4
    assert view.texts["d2"].startswith('"Never,"')
    assert ins.metrics_table(view.report).loc["accuracy", "value"] == pytest.approx(0.5)
    table = ins.per_class_table(view.report)
    assert table.loc["favor", "support"] == 1 and list(table.index) == ["favor", "against", "none"]
    assert ins.reliability_table(view.report)["count"].sum() == 4
    assert ins.latest_run(run_dir.parent) == run_dir


def test_load_run_matches_predictions_without_gold_to_the_corpus(tmp_path, corpus):
    preds = [
        {k: v for k, v in p.items() if k not in ("gold", "dispute")}
        for p in _training_predictions()[:3]
    ]
    path = _write_jsonl(tmp_path / "scored.jsonl", preds)
    view = ins.load_run(path, corpus_dir=corpus, n_resamples=50)
    assert view.report["matching"]["missed"] == 1
    assert [r["label"] for r in view.rows] == ["none", "against", "against", MISSED]
    assert {r["dispute"] for r in view.rows} == {"strike", "war"}  # from the articles
    with pytest.raises(ValueError, match="gold"):
        ins.load_run(path, n_resamples=50)  # no gold anywhere


def test_error_and_unsure_examples_rank_by_confidence():
    rows = _training_predictions() + [
        {"gold": "favor", "label": MISSED},
        {"gold": "favor", "label": "none"},
    ]  # no scores
    errors = ins.most_confident_errors(rows)
    assert [r["confidence"] for r in errors] == [0.9, 0.5]
    unsure = ins.least_confident_correct(rows, n=1)
    assert unsure[0]["quote"] == "talks" and unsure[0]["confidence"] == 0.4
    table = ins.examples_table(errors)
    assert list(table.columns) == [
        "doc_id",
        "dispute",
        "speaker",
        "quote",
        "gold",
        "label",
        "confidence",
    ]
    assert list(ins.examples_table([]).columns)[-1] == "confidence"


def test_quote_html_marks_the_quote_in_its_paragraph():
    text = ARTICLES[0]["text"]
    row = {**GOLD[0], "gold": "none", "label": "favor", "scores": _scores("favor", 0.7)}
    out = ins.quote_html(row, text)
    # the second "talks" in the paragraph is another span: the first is marked, once
    assert "She said &quot;<mark>talks</mark>&quot; twice." in out
    assert out.count("<mark>") == 1 and "Union talks" not in out and "Last line" not in out
    assert "unknown speaker" in out and "predicted <b>favor</b> (0.70)" in out
    repeated = {**GOLD[0], **_quote("d1", "talks", "", "none", nth=2)}
    assert "We want <mark>talks</mark> now" in ins.quote_html(repeated, text)
    bare = ins.quote_html({"quote": "a <b>", "speaker": "X", "gold": "favor"})
    assert "<mark>a &lt;b&gt;</mark>" in bare and "<b>X</b>" in bare
    votes = ins.quote_html(row, text, predictions={"run a": "none", "run b": "favor"})
    assert "run a: <b>none</b>" in votes and "predicted" not in votes
    page = ins.examples_html(pd.DataFrame([row]), {"d1": text}, ["label"])
    assert "label: <b>favor</b>" in page
    assert ins.examples_html([]) == "<p>(none)</p>"


def test_stance_shares_and_charts():
    rows = _training_predictions() + [{"gold": "favor", "label": MISSED, "pred_speaker": "Z"}]
    shares = ins.stance_shares(rows, "speaker", "gold")
    assert shares.loc["Bo Kim"].tolist() == [0.0, 0.5, 0.5, 2.0]
    assert list(shares.index) == ["Bo Kim", "Ann Lee", "Z"]  # largest first; empty speaker out
    assert "Z" not in ins.stance_shares(rows, "speaker", "label").index  # missed is no label
    top = ins.stance_shares(rows, "dispute", top=1, groups=["war", "nowhere"])
    assert top.loc["nowhere", "n"] == 0 and top.loc["war", "against"] == 0.5
    assert len(ins.plot_stance_shares(rows, "dispute").axes) == 2
    no_gold = [{k: v for k, v in r.items() if k != "gold"} for r in rows]
    assert len(ins.plot_stance_shares(no_gold, "speaker").axes) == 1
    assert ins.plot_stance_shares([], "speaker").axes[0].get_title().endswith("nothing to show")


def test_plots_of_a_report(run_dir):
    view = ins.load_run(run_dir, n_resamples=20)
    assert render.confusion_figure(view.report).axes[0].get_title() == "Confusion matrix"
    assert render.reliability_figure(view.report) is not None
    assert render.reliability_figure({**view.report, "calibration": None}) is None


# -- corpora ----------------------------------------------------------------------------------


def test_corpus_tables(corpus):
    articles, quotes = ins.load_corpus(corpus)
    assert quotes["words"].tolist() == [1, 4, 1, 2] and set(quotes["split"]) == {"test", "train"}
    counts = ins.corpus_counts(quotes, articles)
    assert counts.loc[("strike", "test"), "quotes"] == 2
    assert counts.loc[("total", "")].tolist() == [2, 4, 1, 1, 2]
    by_split = ins.corpus_counts(quotes, articles, by=["split"])
    assert by_split.loc["total", "articles"] == 2 and by_split.loc["train", "against"] == 1
    assert ins.length_table(quotes).loc["1-5", "quotes"] == 4
    speakers = ins.top_speakers(quotes, 5)
    assert speakers.index[0] == "Bo Kim" and speakers.loc["Bo Kim", "quotes"] == 2
    assert "" not in speakers.index
    scored = ins.quotes_frame([{"doc_id": "d2", "text": "Never", "label": "against"}], articles)
    assert scored.loc[0, "dispute"] == "war" and scored.loc[0, "words"] == 1


def test_extraction_coverage_found_missed_spurious(corpus, tmp_path):
    _, quotes = ins.load_corpus(corpus)
    found = [dict(GOLD[1]), {**GOLD[2], "start": GOLD[2]["start"] + 1}]  # d1 and d2 scored
    spurious = {"doc_id": "d2", "start": 30, "end": 40}
    table = ins.extraction_coverage(quotes, [*found, spurious])
    assert table.loc["strike", ["gold", "found", "missed", "spurious"]].tolist() == [2, 1, 1, 0]
    assert table.loc["total", ["gold", "found", "missed", "spurious"]].tolist() == [4, 2, 2, 1]
    assert table.loc["total", "recall"] == 0.5
    only_d1 = ins.extraction_coverage(quotes, found[:1])  # d2 was not scored: no misses there
    assert list(only_d1.index) == ["strike", "total"]
    missed = ins.missed_quotes(quotes, found)
    assert missed["quote"].tolist() == ["talks", "Maybe later,"] and "gold" in missed
    path = _write_jsonl(tmp_path / "p.jsonl", found)
    assert ins.read_table(path)["doc_id"].tolist() == ["d1", "d2"]
    gz = tmp_path / "p.jsonl.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    pd.DataFrame(found).to_csv(tmp_path / "p.csv", index=False)
    assert ins.read_table(gz).equals(ins.read_table(path))
    assert ins.read_table(tmp_path / "p.csv")["start"].tolist() == [g["start"] for g in found]


# -- runs from MLflow -------------------------------------------------------------------------


def _run(name, labels, params=None):
    preds = [{**p, "label": lab} for p, lab in zip(_training_predictions(), labels, strict=True)]
    return tracked.TrackedRun(
        run_id=f"{name}0000000000",
        name=name,
        predictions=preds,
        metrics={"test/macro_f1": 0.5, "train/steps": 3.0},
        params=params or {"seed": "1", "lr": "0.1"},
    )


def test_compare_tracked_runs():
    a = _run("a", ["none", "favor", "against", "none"])  # all right
    b = _run("b", ["none", "against", "favor", "none"], {"seed": "2", "lr": "0.1"})
    runs = [a, b]
    ci = tracked.interval_table(runs, n_resamples=100)
    assert set(ci["run"]) == {a.label, b.label} and (ci["n"] == 4).all()
    assert ci.set_index(["run", "metric"]).loc[(a.label, "accuracy"), "value"] == 1.0
    paired = tracked.paired_table(runs, n_resamples=100)
    assert paired.set_index("metric").loc["accuracy", "diff"] == pytest.approx(-0.5)
    diff = tracked.disagreements(runs)
    assert diff["quote"].tolist() == ["We want talks now,", "Never,"]
    assert diff[b.label].tolist() == ["against", "favor"] and (diff["right"] == 1).all()
    assert list(tracked.params_diff(runs).index) == ["seed"]
    side = tracked.metrics_side_by_side(runs)
    assert list(side.index) == ["test/macro_f1"] and list(side.columns) == [a.label, b.label]
    assert len(tracked.plot_intervals(ci).axes) == 1
    no_gold = tracked.TrackedRun("c" * 8, "c", predictions=[{"id": "x", "label": "none"}])
    with pytest.raises(tracked.RunsError, match="no gold"):
        tracked.interval_table([no_gold])


@pytest.mark.slow  # creating an MLflow SQLite store takes seconds
def test_load_runs_from_an_mlflow_store(tmp_path, run_dir):
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    client = MlflowClient(tracking_uri=uri)
    exp = client.create_experiment("negostance", artifact_location=(tmp_path / "art").as_uri())
    ids = []
    for k in range(2):
        run = client.create_run(exp, run_name=f"run{k}")
        client.log_metric(run.info.run_id, "test/macro_f1", 0.1 * k)
        client.set_tag(run.info.run_id, "data_fingerprint", "abc")
        if k == 0:  # artifact store
            client.log_artifacts(run.info.run_id, str(run_dir / "predictions"), "predictions")
            client.log_artifact(run.info.run_id, str(run_dir / "config.json"))
        else:  # only the run directory
            client.set_tag(run.info.run_id, "run_dir", str(run_dir))
        client.set_terminated(run.info.run_id)
        ids.append(run.info.run_id)
    listed = tracked.list_runs(uri)
    assert set(listed["run_id"]) == set(ids) and "test/macro_f1" in listed
    runs = tracked.load_runs(uri, ids)
    assert [len(r.predictions) for r in runs] == [4, 4]
    assert runs[0].config["data"]["corpus_dir"] and runs[1].config == {}
    with pytest.raises(tracked.RunsError, match="no run"):
        tracked.load_runs(uri, ["nope"])
    with pytest.raises(tracked.RunsError, match="no experiment"):
        tracked.list_runs(uri, "other")
