"""StancePipeline and load_pipeline: records, probabilities, the context the classifier sees,
batching across articles, and checkpoints that must be refused."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from negostance import LABELS
from negostance.corpus import ARTICLES, read_jsonl
from negostance.data.context import quote_context
from negostance.inference import StancePipeline, load_pipeline
from negostance.modeling.checkpoint import CheckpointError
from negostance.modeling.templates import MARKED_TEMPLATE, render_pair
from negostance.quotes import QuoteExtractor

TEXT = (
    "Talks resume\n"
    '"We are ready to sit down and negotiate," Foreign Minister Ivan Petrov said on Monday.\n'
    'The opposition leader, Anna Smith, said: "There will be no deal with them."'
)
QUOTE_FIELDS = {
    "doc_id",
    "quote_id",
    "start",
    "end",
    "quote",
    "speaker",
    "speaker_start",
    "speaker_end",
    "cue",
    "context",
}


class FakeClassifier:
    """Logits from the example text length; records every example it is shown."""

    labels, target, temperature, name = list(LABELS), "negotiations", 1.0, "fake/model"

    def __init__(self):
        self.seen, self.calls = [], 0

    def logits(self, examples, batch_size=64):
        self.seen += list(examples)
        self.calls += 1
        return np.array([[len(e["text"]) % 3, 1.0, 0.5] for e in examples], dtype=np.float32)


@pytest.fixture(scope="module")
def pipe(tiny_run):
    return load_pipeline(tiny_run, extractor="rules", batch_size=8, chunk=4)


def test_predict_gives_quote_records_with_label_and_scores(pipe):
    recs = pipe.predict(TEXT, doc_id="a1")
    assert [r["speaker"] for r in recs] == ["Ivan Petrov", "Anna Smith"]
    for r in recs:
        assert set(r) >= QUOTE_FIELDS and TEXT[r["start"] : r["end"]] == r["quote"]
        assert list(r["scores"]) == list(LABELS)
        assert sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-6)
        assert r["label"] == max(r["scores"], key=r["scores"].get)
        assert r["model"] == pipe.model_id and r["model"].endswith("/tiny")
        assert r["target"] == "negotiations"
    assert pipe.predict("No quotes here.") == []


def test_predict_many_batches_across_articles_like_one_by_one(pipe):
    docs = [(a["id"], a["text"]) for a in read_jsonl(ARTICLES)[:4]]
    many = list(pipe.predict_many(iter(docs)))
    assert [d for d, _ in many] == [d for d, _ in docs]
    for (doc_id, text), (_, recs) in zip(docs, many, strict=True):
        single = pipe.predict(text, doc_id)
        assert [r["quote_id"] for r in recs] == [r["quote_id"] for r in single]
        for a, b in zip(recs, single, strict=True):
            assert a["label"] == b["label"]
            np.testing.assert_allclose(
                list(a["scores"].values()), list(b["scores"].values()), atol=1e-5
            )


def test_classifier_sees_the_training_context_and_one_call_per_chunk():
    clf = FakeClassifier()
    pipe = StancePipeline(QuoteExtractor(backend="rules"), clf, chunk=3)
    html = TEXT.replace("\n", "</p><p>").replace("said", "<u>said</u>")
    out = list(pipe.predict_many([("a", TEXT), ("b", TEXT), ("c", f"<p>{html}</p>")]))
    assert clf.calls == 1  # the three articles' quotes in one length-sorted call
    a_quotes = out[0][1]
    expected = [quote_context(TEXT, q["start"], q["end"]) for q in a_quotes]
    assert [e["context"] for e in clf.seen[:2]] == expected
    assert clf.seen[0]["text"] == a_quotes[0]["quote"] and clf.seen[0]["speaker"] == "Ivan Petrov"
    # HTML is read as its plain text: no tags reach the model
    html_ctx = [e["context"] for e in clf.seen[4:]]
    assert html_ctx and all("<" not in c for c in html_ctx)
    assert "Ivan Petrov said on Monday" in html_ctx[0]
    # the quote's offset in its context, for templates that mark it in place, plain text and HTML
    for e in clf.seen:
        at = e["quote_at"]
        assert e["context"][at : at + len(e["text"])] == e["text"]
    marked = [render_pair(e, MARKED_TEMPLATE)[1] for e in clf.seen]
    assert all(
        m.count("\u00ab") == 1 and f"\u00ab{e['text']}\u00bb" in m for e, m in zip(clf.seen, marked)
    )
    none = StancePipeline(QuoteExtractor(backend="rules"), FakeClassifier(), context="none")
    none.predict(TEXT)
    assert all(e["context"] == "" for e in none.classifier.seen)


def test_classify_pre_extracted_quotes(pipe):
    recs = [
        {"text": "We will never negotiate."},
        {
            "text": "Talks are the only way.",
            "speaker": "Anna Smith",
            "context": "c",
            "target": "the ceasefire",
            "quote_id": "q7",
        },
    ]
    out = pipe.classify(recs)
    assert out[1]["quote_id"] == "q7" and out[1]["target"] == "the ceasefire"
    assert out[0]["target"] == "negotiations"
    assert all(sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-6) for r in out)


def test_temperature_gives_calibrated_and_uncalibrated_scores():
    clf = FakeClassifier()
    clf.temperature = 2.0
    rec = StancePipeline(None, clf).classify([{"text": "abc"}])[0]
    assert rec["scores"]["against"] < rec["scores_uncalibrated"]["against"]
    assert sum(rec["scores_uncalibrated"].values()) == pytest.approx(1.0)


def test_bad_checkpoints_are_refused(tiny_run, tmp_path):
    with pytest.raises(CheckpointError, match="not a negostance checkpoint"):
        load_pipeline(tmp_path, extractor="rules")
    other = tmp_path / "other"
    shutil.copytree(tiny_run / "checkpoint", other)
    meta = json.loads((other / "negostance.json").read_text())
    (other / "negostance.json").write_text(json.dumps({**meta, "labels": ["pro", "con", "none"]}))
    with pytest.raises(CheckpointError, match="trained on labels"):
        load_pipeline(other, extractor="rules")
    pickled = tmp_path / "pickled"
    shutil.copytree(tiny_run / "checkpoint", pickled)
    (pickled / "model.safetensors").rename(pickled / "pytorch_model.bin")
    with pytest.raises(CheckpointError, match="only safetensors"):
        load_pipeline(pickled, extractor="rules")
    with pytest.raises(ValueError, match="context"):
        StancePipeline(None, FakeClassifier(), context="sentence")


def test_int8_pipeline_quantizes_the_encoder_and_gives_probabilities(tiny_run, pipe):
    int8 = load_pipeline(
        tiny_run, extractor="rules", batch_size=8, chunk=4, device="cpu", quantize="int8"
    )
    import torch
    from torch.ao.nn.quantized.dynamic import Linear as Int8Linear

    model = int8.classifier.model
    encoder = list(model.base_model.encoder.modules())
    assert sum(isinstance(m, Int8Linear) for m in encoder) == 2 * 6  # 2 layers of 6 linear maps
    assert not any(type(m) is torch.nn.Linear for m in encoder)
    assert type(model.classifier) is torch.nn.Linear  # the head stays fp32
    assert int8.model_id == pipe.model_id + "+int8" and int8.classifier.quantize == "int8"
    recs = int8.predict(TEXT, doc_id="a1")
    assert [r["speaker"] for r in recs] == ["Ivan Petrov", "Anna Smith"]
    for r in recs:
        assert sum(r["scores"].values()) == pytest.approx(1.0, abs=1e-6)
        assert r["label"] == max(r["scores"], key=r["scores"].get) and r["model"].endswith(
            "/tiny+int8"
        )


def test_int8_labels_mostly_agree_with_fp32():
    """A tiny random model whose head is scaled up, so that its labels are not a coin toss."""
    import torch

    from negostance.modeling.classifier import StanceClassifier
    from negostance.modeling.factory import build_tiny_classifier

    def classifier(quantize):
        model, tok = build_tiny_classifier()
        with torch.no_grad():
            model.classifier.weight.mul_(200.0)
        return StanceClassifier(model, tok, LABELS, device="cpu", quantize=quantize)

    examples = [
        {"text": a["text"][:300], "speaker": "Petrov", "target": "negotiations", "context": ""}
        for a in read_jsonl(ARTICLES)[:60]
    ]
    p, q = (classifier(k).predict_proba(examples, batch_size=16) for k in ("int8", "none"))
    np.testing.assert_allclose(p.sum(1), 1.0, atol=1e-6)
    assert np.ptp(q, axis=1).mean() > 0.2  # the fp32 model does tell labels apart
    assert np.mean(p.argmax(1) == q.argmax(1)) >= 0.8 and np.abs(p - q).mean() < 0.1


def test_int8_is_refused_on_a_gpu_and_unknown_options_are_refused(tiny_run):
    with pytest.raises(ValueError, match=r"quantize=int8 runs on the CPU only.*device=cpu"):
        load_pipeline(tiny_run, extractor=None, device="cuda", quantize="int8")
    with pytest.raises(ValueError, match="quantize must be one of none, int8"):
        load_pipeline(tiny_run, extractor=None, device="cpu", quantize="int4")
