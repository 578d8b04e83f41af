"""End-to-end training on the tiny model: outputs, reproducibility, resume, bad input."""

from __future__ import annotations

import json

import pytest
from conftest import compose, tiny_overrides, train_tiny

from negostance import LABELS
from negostance.modeling.checkpoint import load_checkpoint


def test_run_directory_holds_everything(tiny_run):
    metrics = json.loads((tiny_run / "metrics.json").read_text())
    for split in ("val", "test"):
        assert set(metrics[split]) >= {
            "macro_f1",
            "f_avg",
            "accuracy",
            "f1_favor",
            "f1_against",
            "f1_none",
        }
    assert metrics["train"]["steps"] == 6
    assert metrics["history"][-1]["step"] == 6  # the last steps are evaluated too
    assert (tiny_run / "config.json").is_file()
    preds = [json.loads(line) for line in (tiny_run / "predictions" / "test.jsonl").open()]
    assert preds and all(abs(sum(p["scores"].values()) - 1) < 1e-4 for p in preds)
    assert all(p["label"] in LABELS and p["gold"] in LABELS for p in preds)
    ckpt = tiny_run / "checkpoint"
    assert (ckpt / "model.safetensors").is_file()
    assert not list(ckpt.glob("*.bin")) and not list(ckpt.glob("*.pt"))
    model, tokenizer, meta = load_checkpoint(ckpt)
    assert [model.config.id2label[i] for i in range(3)] == list(LABELS) == meta["labels"]
    assert meta["temperature"] > 0 and meta["config"]["model"]["id"] == "tiny"


def test_same_seed_same_metrics(tmp_path, tiny_run):
    again = train_tiny(tmp_path / "again")
    first = json.loads((tiny_run / "metrics.json").read_text())
    assert again["val"] == first["val"] and again["test"] == first["test"]
    other = train_tiny(tmp_path / "other", "seed=7")
    assert other["history"] != first["history"]


def test_resume_matches_uninterrupted_run(tmp_path, tiny_run):
    run_dir = tmp_path / "killed"
    with pytest.raises(KeyboardInterrupt):
        train_tiny(run_dir, "trainer.stop_after_steps=4")  # state saved at step 3, killed at 4
    loop = json.loads((run_dir / "last" / "loop.json").read_text())
    assert loop["global_step"] == 3
    from negostance.cli.train import train

    cfg = compose(tiny_overrides(tmp_path / "ignored", f"trainer.resume_from={run_dir}"))
    train(cfg)
    resumed = json.loads((run_dir / "metrics.json").read_text())
    full = json.loads((tiny_run / "metrics.json").read_text())
    assert resumed["val"] == full["val"] and resumed["test"] == full["test"]
    assert resumed["history"] == full["history"]


def _error_of(tmp_path, *extra):
    from negostance.cli.train import train

    with pytest.raises(Exception) as info:
        train(compose(tiny_overrides(tmp_path / "r", *extra)))
    return info.value


def test_missing_data_directory(tmp_path):
    err = _error_of(tmp_path, f"data.corpus_dir={tmp_path / 'nowhere'}")
    assert "nowhere" in str(err.__cause__ or err)


def test_empty_split(tmp_path):
    err = _error_of(tmp_path, "data.split_by=article", "data.fractions=[0.0,0.0]")
    assert "split is empty" in str(err)


def test_label_outside_label_set(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "articles.jsonl").write_text(
        json.dumps({"id": "d1", "split": "train", "text": 'He said "no talks" today.'}) + "\n"
    )
    (corpus / "quotes.jsonl").write_text(
        json.dumps({"doc_id": "d1", "start": 9, "end": 17, "label": "pro"}) + "\n"
    )
    err = _error_of(tmp_path, f"data.corpus_dir={corpus}")
    assert "'pro'" in str(err.__cause__ or err)


def test_model_path_that_does_not_exist(tmp_path):
    from negostance.modeling.factory import build_classifier

    with pytest.raises(FileNotFoundError, match="not a model directory"):
        build_classifier(str(tmp_path / "no-model"))


def test_unwritable_run_directory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    err = _error_of(tmp_path, f"paths.run_dir={blocker / 'run'}")
    assert "not writable" in str(err)


def test_half_precision_weights_load_in_float32(tmp_path):
    """A checkpoint stored in float16 is fine-tuned from float32 weights (transformers 5 would keep
    float16, where AdamW loses small updates); dtype=auto keeps what is stored."""
    import torch

    from negostance.modeling.factory import build_classifier, build_tiny_classifier

    model, tokenizer = build_tiny_classifier()
    model.to(torch.float16).save_pretrained(tmp_path)
    tokenizer.save_pretrained(tmp_path)
    loaded, _ = build_classifier(str(tmp_path))
    assert {p.dtype for p in loaded.parameters()} == {torch.float32}
    kept, _ = build_classifier(str(tmp_path), dtype="auto")
    assert {p.dtype for p in kept.parameters()} == {torch.float16}


def test_unknown_dtype_is_one_clear_error(tmp_path):
    from negostance.modeling.factory import build_classifier

    with pytest.raises(ValueError, match=r"model.dtype='float33' is not a torch dtype"):
        build_classifier(str(tmp_path / "never-read"), dtype="float33")


def test_frozen_parameters_stay_as_built(tmp_path, tiny_run):
    import torch

    from negostance.modeling.factory import build_tiny_classifier

    train_tiny(tmp_path / "frozen", "trainer.freeze=[embeddings]")
    cfg = json.loads((tmp_path / "frozen" / "config.json").read_text())
    fresh, _ = build_tiny_classifier(
        hidden_size=cfg["model"]["hidden_size"],
        num_layers=cfg["model"]["num_layers"],
        seed=cfg["seed"],
    )
    frozen, _, _ = load_checkpoint(tmp_path / "frozen" / "checkpoint")
    trained, _, _ = load_checkpoint(tiny_run / "checkpoint")
    before, after = fresh.state_dict(), frozen.state_dict()
    emb = [k for k in before if "embeddings" in k]
    assert emb and all(torch.equal(before[k], after[k]) for k in emb)
    enc = [k for k in before if "encoder" in k and k.endswith("weight")]
    assert any(not torch.equal(before[k], after[k]) for k in enc)  # the rest still trains
    assert any(not torch.equal(before[k], trained.state_dict()[k]) for k in emb)


def test_freeze_pattern_matching_nothing(tmp_path):
    err = _error_of(tmp_path, "trainer.freeze=[no_such_layer]")
    assert "trainer.freeze: 'no_such_layer' matches no parameter" in str(err)
