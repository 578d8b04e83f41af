"""``StanceClassifier``: examples in, per-label probabilities out, batched by length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import torch

from negostance.modeling.templates import DEFAULT_TEMPLATE, render_pair


def encode(tokenizer, examples: Sequence[Mapping], template: Mapping[str, str], max_length: int):
    """Tokenize examples into unpadded features (truncating the context first)."""
    pairs = [render_pair(ex, template) for ex in examples]
    a = [p[0] for p in pairs]
    if all(p[1] is None for p in pairs):
        return tokenizer(a, truncation=True, max_length=max_length)
    b = [p[1] or "" for p in pairs]
    # Truncate the context before the quote; fall back to both when the quote alone is too long.
    return tokenizer(a, b, truncation="longest_first", max_length=max_length)


def resolve_device(device: str | None = None) -> torch.device:
    """``"auto"``/``None``: the first CUDA GPU when there is one, else the CPU; otherwise any
    torch device string (``"cpu"``, ``"cuda:1"``, ``"mps"``).

    >>> resolve_device("cpu")
    device(type='cpu')
    """
    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        return torch.device(device)
    except RuntimeError as e:
        raise ValueError(f"device={device!r}: {e}") from None


QUANTIZE = ("none", "int8")


def quantize_int8(model):
    """Dynamic int8 quantization of the encoder's ``nn.Linear`` layers, in place, for the CPU:
    int8 weights (one scale per output channel), activations quantized per batch at run time.
    Embeddings, attention products, LayerNorm, the pooler and the classifier head stay fp32.

    ``torch.ao.quantization`` warns that it is deprecated in favour of torchao, but torchao's
    int8 dynamic-activation kernels are not fast on the CPU without ``torch.compile`` (23 times
    slower than fp32 here, experiments/scoring-throughput); its deprecation warnings are muted.
    """
    import warnings

    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    names = {
        n
        for n, m in model.named_modules()
        if isinstance(m, torch.nn.Linear) and ".encoder." in f".{n}."
    }
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*quantize_per_tensor.*", category=UserWarning)
        return quantize_dynamic(
            model,
            dict.fromkeys(names, per_channel_dynamic_qconfig),
            dtype=torch.qint8,
            inplace=True,
        )


class StanceClassifier:
    """A sequence classifier with its tokenizer, input template and label order, on ``device``
    (``"auto"``: a GPU when there is one). ``quantize="int8"``: dynamic int8 quantization of the
    encoder's linear layers (:func:`quantize_int8`), CPU only; faster, and a few labels change
    (experiments/scoring-throughput). The records' ``model`` then ends in ``+int8``."""

    def __init__(
        self,
        model,
        tokenizer,
        labels: Sequence[str],
        template=DEFAULT_TEMPLATE,
        max_length: int = 256,
        temperature: float = 1.0,
        target: str = "negotiations",
        name: str = "model",
        device: str | None = "auto",
        quantize: str | None = "none",
    ):
        self.device, self.quantize = resolve_device(device), quantize or "none"
        if self.quantize not in QUANTIZE:
            raise ValueError(f"quantize must be one of {', '.join(QUANTIZE)}, got {quantize!r}")
        model = model.eval()
        if self.quantize == "int8":
            if self.device.type != "cpu":
                raise ValueError(
                    f"quantize=int8 runs on the CPU only, and the model is on "
                    f"{self.device}: add device=cpu, or drop quantize"
                )
            model, name = quantize_int8(model), f"{name}+int8"
        self.model, self.tokenizer = model.to(self.device), tokenizer
        self.labels, self.template, self.max_length = list(labels), dict(template), max_length
        self.temperature, self.target, self.name = float(temperature), target, name

    @classmethod
    def load(
        cls, path, device: str | None = "auto", quantize: str | None = "none"
    ) -> StanceClassifier:
        from negostance.modeling.checkpoint import find_checkpoint, load_checkpoint

        model, tokenizer, meta = load_checkpoint(path)
        ckpt = find_checkpoint(path)
        return cls(
            model,
            tokenizer,
            meta["labels"],
            meta.get("template", DEFAULT_TEMPLATE),
            meta.get("max_length", 256),
            meta.get("temperature", 1.0),
            meta.get("target", "negotiations"),
            name=meta.get("model_id", ckpt.name),
            device=device,
            quantize=quantize,
        )

    @torch.inference_mode()
    def logits(self, examples: Sequence[Mapping], batch_size: int = 64) -> np.ndarray:
        """Raw logits, shape (n, labels); examples are sorted by length into batches and the
        result is returned in input order."""
        examples = [{**ex, "target": ex.get("target") or self.target} for ex in examples]
        feats = encode(self.tokenizer, examples, self.template, self.max_length)
        ids = feats["input_ids"]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), len(self.labels)), dtype=np.float32)
        keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in feats]
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            batch = self.tokenizer.pad(
                {k: [feats[k][i] for i in idx] for k in keys}, return_tensors="pt"
            ).to(self.device)
            out[idx] = self.model(**batch).logits.float().cpu().numpy()
        return out

    def predict_proba(
        self, examples: Sequence[Mapping], batch_size: int = 64, calibrated: bool = True
    ):
        from negostance.evaluation.calibration import apply_temperature

        return apply_temperature(
            self.logits(examples, batch_size), self.temperature if calibrated else 1.0
        )

    def predict(self, examples: Sequence[Mapping], batch_size: int = 64) -> list[dict]:
        """One ``{"label", "scores"}`` dict per example."""
        probs = self.predict_proba(examples, batch_size)
        return [
            {
                "label": self.labels[int(p.argmax())],
                "scores": {lab: float(v) for lab, v in zip(self.labels, p)},
            }
            for p in probs
        ]
