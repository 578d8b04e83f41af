"""negostance-score: streaming output, resume after a kill, shards and merge, pre-extracted quotes,
tables and speaker summary, and bad input as one line (exit 2) or skipped and counted."""

from __future__ import annotations

import json
import sys

import pytest

from negostance import LABELS
from negostance.cli import score as cli
from negostance.corpus import ARTICLES, read_jsonl
from negostance.data.io import CorpusError, iter_corpus
from negostance.evaluation.report import load_predictions
from negostance.inference import load_pipeline
from negostance.inference.outputs import read_records
from negostance.inference.scoring import (
    merge_parts,
    parse_shard,
    progress_path,
    score_corpus,
    score_quotes,
    shard_of,
)

N_DOCS = 10


@pytest.fixture(scope="module")
def pipe(tiny_run):
    return load_pipeline(tiny_run, extractor="rules", batch_size=16, chunk=3)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    arts = read_jsonl(ARTICLES)[:N_DOCS]
    path.write_text("".join(json.dumps({"id": a["id"], "text": a["text"]}) + "\n" for a in arts))
    return path


@pytest.fixture(scope="module")
def whole(pipe, corpus, tmp_path_factory):
    """The uninterrupted, unsharded run: the reference every other run must reproduce."""
    out = tmp_path_factory.mktemp("whole") / "scores.jsonl"
    result = score_corpus(pipe, iter_corpus(corpus), out, {"input": str(corpus)})
    return out, result


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_records_scores_and_speaker_summary(whole):
    out, result = whole
    recs = [json.loads(x) for x in lines(out)]
    assert result.documents == N_DOCS and result.quotes == len(recs) > N_DOCS
    for r in recs:
        assert {
            "doc_id",
            "quote_id",
            "start",
            "end",
            "quote",
            "speaker",
            "label",
            "scores",
            "model",
        } <= set(r)
        assert sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-6)
        assert r["label"] in LABELS and r["model"].endswith("/tiny")
    speakers = list(read_records(out.with_name("scores.speakers.csv")))
    assert sum(int(s["quotes"]) for s in speakers) == len(recs)
    for s in speakers:
        assert sum(float(s[f"share_{lab}"]) for lab in LABELS) == pytest.approx(1.0, abs=1e-5)
    state = json.loads(progress_path(out).read_text())
    assert (
        state["complete"] and state["documents"] == N_DOCS and state["bytes"] == out.stat().st_size
    )


def same_records(got, expected):
    """Equal records; scores equal up to float noise (other batches pad to other lengths)."""
    key = lambda r: r["quote_id"]  # noqa: E731
    got, expected = sorted(got, key=key), sorted(expected, key=key)
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert {
            k: v for k, v in a.items() if k not in ("scores", "scores_uncalibrated", "label")
        } == {k: v for k, v in b.items() if k not in ("scores", "scores_uncalibrated", "label")}
        assert list(a["scores"].values()) == pytest.approx(list(b["scores"].values()), abs=1e-5)
        top = sorted(b["scores"].values())
        assert a["label"] == b["label"] or top[-1] - top[-2] < 1e-4


def _killed_after(docs, n):
    for k, d in enumerate(docs):
        if k == n:
            raise KeyboardInterrupt  # the job dies mid-chunk
        yield d


def test_resume_after_kill_gives_the_same_records(pipe, corpus, whole, tmp_path):
    out = tmp_path / "scores.jsonl"
    job = {"input": str(corpus)}
    with pytest.raises(KeyboardInterrupt):
        score_corpus(pipe, _killed_after(iter_corpus(corpus), 7), out, job)
    state = json.loads(progress_path(out).read_text())
    assert not state["complete"] and state["documents"] == 6  # two chunks of 3 committed
    with out.open("a") as f:  # killed again, this time halfway through writing a chunk
        f.write('{"doc_id": "half a rec')
    result = score_corpus(pipe, iter_corpus(corpus), out, job)
    assert result.resumed == 6 and result.documents == N_DOCS
    assert lines(out) == lines(whole[0])
    again = score_corpus(pipe, iter_corpus(corpus), out, job)  # finished: nothing to do
    assert again.resumed == N_DOCS and lines(out) == lines(whole[0])
    with pytest.raises(ValueError, match="another job"):
        score_corpus(pipe, iter_corpus(corpus), out, job, shard=(0, 2))


def test_shards_are_disjoint_and_merge_to_the_whole(pipe, corpus, whole, tmp_path):
    parts = [tmp_path / f"part{i}.jsonl.gz" for i in range(3)]
    for i, p in enumerate(parts):
        score_corpus(pipe, iter_corpus(corpus), p, {"input": str(corpus)}, shard=(i, 3))
    docs = [{r["doc_id"] for r in read_records(p)} for p in parts]
    assert all(not (docs[i] & docs[j]) for i in range(3) for j in range(i + 1, 3))
    assert set().union(*docs) == {r["doc_id"] for r in read_records(whole[0])}
    assert all(shard_of(d, 3) == i for i, ds in enumerate(docs) for d in ds)
    merged = merge_parts(parts[::-1], tmp_path / "all.jsonl")
    assert merged.documents == N_DOCS
    same_records(read_records(tmp_path / "all.jsonl"), read_records(whole[0]))
    with pytest.raises(ValueError, match="shard 2/3 is missing"):
        merge_parts(parts[:2], tmp_path / "bad.jsonl")
    with pytest.raises(ValueError, match="is one of the parts"):
        merge_parts(parts, parts[0])
    dup = tmp_path / "dup.jsonl.gz"
    score_corpus(pipe, iter_corpus(corpus), dup, {"input": str(corpus)}, shard=(1, 3))
    with pytest.raises(ValueError, match="both shard 1/3"):
        merge_parts([*parts, dup], tmp_path / "bad.jsonl")
    with pytest.raises(ValueError, match="another job"):
        score_corpus(pipe, iter_corpus(corpus), dup, {"input": "elsewhere"}, shard=(1, 3))


def test_table_outputs_are_read_by_the_evaluator(pipe, corpus, whole, tmp_path):
    n = whole[1].quotes
    for name in ("scores.csv", "scores.parquet"):
        out = tmp_path / name
        score_corpus(pipe, iter_corpus(corpus), out, {"input": str(corpus)})
        preds = load_predictions(out)
        assert len(preds) == n and all(set(p["scores"]) == set(LABELS) for p in preds)
        assert not (tmp_path / f".{name}.jsonl").exists()
        assert (tmp_path / "scores.speakers.csv").is_file()


def test_input_quotes_skip_extraction(pipe, tmp_path):
    src = tmp_path / "quotes.jsonl"
    recs = [
        {"text": "We are ready to talk."},
        {
            "quote_id": "q2",
            "doc_id": "d1",
            "text": "No deal.",
            "speaker": "Anna Smith",
            "context": "She said no.",
            "target": "the ceasefire",
        },
        {"speaker": "Nobody"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in recs))
    from negostance.inference.scoring import QuoteReader

    with pytest.raises(CorpusError, match=r"quotes.jsonl:3: quote record without text"):
        score_quotes(pipe, QuoteReader(src), tmp_path / "out.jsonl", {"input": str(src)})
    result = score_quotes(
        pipe, QuoteReader(src, on_error="skip"), tmp_path / "ok.jsonl", {"input": str(src)}
    )
    assert (result.documents, result.quotes, result.skipped) == (2, 2, 1)
    out = [json.loads(x) for x in lines(tmp_path / "ok.jsonl")]
    assert out[1]["quote_id"] == "q2" and out[1]["target"] == "the ceasefire"
    assert out[1]["speaker"] == "Anna Smith" and out[0]["target"] == "negotiations"
    assert all(sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-6) for r in out)


def run_cli(monkeypatch, capsys, *args):
    monkeypatch.setattr(sys, "argv", ["negostance-score", *args, "progress=false"])
    try:
        cli.main()
        code = 0
    except SystemExit as e:
        code = e.code
    return code, capsys.readouterr()


def test_cli_scores_and_bad_input_is_one_line(tiny_run, corpus, tmp_path, monkeypatch, capsys):
    out = tmp_path / "s.jsonl"
    base = [f"checkpoint={tiny_run}", "extractor=rules", "chunk=4"]
    code, io = run_cli(monkeypatch, capsys, f"input={corpus}", f"output={out}", *base, "shard=1/2")
    assert code == 0 and io.out.startswith("documents ") and out.is_file()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "\\"We talk,\\" Petrov said."}\n{"id": "b"}\n')
    cases = [
        (
            [f"input={bad}", f"output={tmp_path / 'b.jsonl'}", *base],
            "bad.jsonl:2: missing text field",
        ),
        (
            [
                f"input={corpus}",
                f"output={tmp_path / 'c.jsonl'}",
                f"checkpoint={tmp_path}",
                "extractor=rules",
            ],
            "is not a negostance checkpoint",
        ),
        ([f"input={corpus}", f"output={tmp_path / 'd.jsonl'}", *base, "shard=2/2"], "out of range"),
        (
            [f"input_quotes={bad}", f"output={tmp_path / 'e.jsonl'}", *base],
            "quote record without text",
        ),
        (
            [f"merge={tmp_path / 'nothing*.jsonl'}", f"output={tmp_path / 'f.jsonl'}"],
            "no such file",
        ),
        (
            [f"input={tmp_path / 'absent.jsonl'}", f"output={tmp_path / 'h.jsonl'}", *base],
            "no such file",
        ),
        (
            [f"input={corpus}", f"output={tmp_path / 'i.jsonl'}", *base, "device=warp9"],
            "device='warp9'",
        ),
        (
            [
                f"input={corpus}",
                f"output={tmp_path / 'j.jsonl'}",
                *base,
                "device=cuda",
                "quantize=int8",
            ],
            "quantize=int8 runs on the CPU only, and the model is on cuda: add device=cpu",
        ),
        (
            [f"input={corpus}", f"output={tmp_path / 'k.jsonl'}", *base, "quantize=int4"],
            "quantize must be one of none, int8",
        ),
    ]
    for args, message in cases:
        code, io = run_cli(monkeypatch, capsys, *args)
        assert code == 2, args
        err = io.err.strip().splitlines()
        assert (
            len(err) == 1 and err[0].startswith("negostance-score: error: ") and message in err[0]
        )
    code, io = run_cli(
        monkeypatch,
        capsys,
        f"input={bad}",
        f"output={tmp_path / 'g.jsonl'}",
        *base,
        "on_error=skip",
    )
    assert code == 0 and "skipped 1" in io.out and "missing text field" in io.err
    assert len(lines(tmp_path / "g.jsonl")) == 1
    assert not (tmp_path / "h.jsonl.progress.json").exists()  # nothing written for a bad input
    assert not (tmp_path / "i.jsonl").exists() and not (tmp_path / "j.jsonl").exists()


def test_cli_quantize_int8(tiny_run, corpus, tmp_path, monkeypatch, capsys):
    out = tmp_path / "q.jsonl"
    code, io = run_cli(
        monkeypatch,
        capsys,
        f"input={corpus}",
        f"output={out}",
        f"checkpoint={tiny_run}",
        "extractor=rules",
        "device=cpu",
        "quantize=int8",
    )
    recs = [json.loads(x) for x in lines(out)]
    assert code == 0 and recs and all(r["model"].endswith("+int8") for r in recs)
    assert all(sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-6) for r in recs)
    job = json.loads(out.with_name("q.jsonl.progress.json").read_text())["job"]
    assert job["model"].endswith("+int8")  # fp32 cannot resume an int8 output, nor the reverse


def test_parse_shard_rejects_nonsense():
    assert parse_shard(None) is None and parse_shard("0/1") == (0, 1)
    for spec in ("1", "a/b", "-1/4", "0/0"):
        with pytest.raises(ValueError, match="shard="):
            parse_shard(spec)
