"""``StancePipeline``: article text in, one prediction per quoted statement out.

Extraction then classification, composed from two callables: an extractor
(``extractor(text, doc_id) -> quotes``, with ``extract_many`` for batches) and a
:class:`~negostance.modeling.classifier.StanceClassifier`. The classifier sees the quote, its
speaker and the context built by :func:`negostance.data.context.quote_window`, the same function
the training examples were built with.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice

from negostance import LABELS
from negostance.data.context import quote_window
from negostance.data.schema import DEFAULT_TARGET
from negostance.evaluation.calibration import apply_temperature, softmax

Doc = tuple[str | None, str]


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of at most ``size`` items.

    >>> list(chunks(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class StancePipeline:
    """``predict(text, doc_id)`` -> the quote records of the article, each with ``label`` and
    ``scores`` (a probability per label, in the checkpoint's label order, summing to 1).

    ``target`` is what stance is taken toward (the checkpoint's target by default); ``context``
    is the classifier's context mode (``paragraph`` or ``none``, as at training time);
    ``batch_size`` quotes go through the model at once, sorted by length across all articles of a
    chunk of ``chunk`` articles.
    """

    def __init__(
        self,
        extractor,
        classifier,
        target: str | None = "negotiations",
        context: str = "paragraph",
        batch_size: int = 64,
        chunk: int = 64,
    ):
        if context not in ("paragraph", "none"):
            raise ValueError(f"context must be 'paragraph' or 'none', got {context!r}")
        if batch_size < 1 or chunk < 1:
            raise ValueError("batch_size and chunk must be at least 1")
        self.extractor, self.classifier = extractor, classifier
        self.target = target or getattr(classifier, "target", None) or DEFAULT_TARGET
        self.context, self.batch_size, self.chunk = context, batch_size, chunk
        self.labels = list(classifier.labels)
        self.model_id = getattr(classifier, "name", "model")

    # -- articles ------------------------------------------------------------------------------
    def predict(self, text: str, doc_id: str | None = None) -> list[dict]:
        """One record per quoted statement of ``text``."""
        return next(self.predict_chunks([(doc_id, text)]))[0][1]

    def predict_many(self, docs: Iterable[Doc]) -> Iterator[tuple[str | None, list[dict]]]:
        """Stream ``(doc_id, records)`` per article of an iterable of ``(doc_id, text)``."""
        for chunk in self.predict_chunks(docs):
            yield from chunk

    def predict_chunks(self, docs: Iterable[Doc]) -> Iterator[list[tuple[str | None, list[dict]]]]:
        """Like :meth:`predict_many`, one list per chunk of articles (the unit a scorer commits)."""
        for batch in chunks(docs, self.chunk):
            found = self._extract(batch)
            records, examples = [], []
            for (doc_id, text), (_, quotes) in zip(batch, found, strict=True):
                recs = [q if isinstance(q, dict) else q.to_dict() for q in quotes]
                examples += self.examples_for(text, recs)
                records.append((doc_id, recs))
            preds = iter(self.classify_examples(examples))
            yield [(doc_id, [{**r, **next(preds)} for r in recs]) for doc_id, recs in records]

    def _extract(self, batch: list[Doc]):
        many = getattr(self.extractor, "extract_many", None)
        if many is not None:
            return list(many(batch, chunk=len(batch)))
        return [(doc_id, self.extractor(text, doc_id)) for doc_id, text in batch]

    def examples_for(self, text: str, records: Sequence[Mapping]) -> list[dict]:
        """What the classifier is shown for each quote record of the article ``text``: the
        quote, its speaker, the target and ``quote_window`` around it (as at training time)."""
        ctx = _Contexts(text, self.context)
        return [self._example(r, *ctx(r)) for r in records]

    def _example(self, record: Mapping, context: str, quote_at: int = -1) -> dict:
        return {
            "text": record.get("quote") or record.get("text") or "",
            "speaker": record.get("speaker") or "",
            "context": context,
            "quote_at": quote_at,
            "target": record.get("target") or self.target,
        }

    # -- quotes --------------------------------------------------------------------------------
    def classify(self, records: Sequence[Mapping]) -> list[dict]:
        """Pre-extracted quote records (``text`` or ``quote``; ``speaker``, ``context``,
        ``target`` optional) -> the same records with ``target``, ``label``, ``scores``, ``model``."""
        keep = self.context != "none"
        examples = [self._example(r, (r.get("context") or "") if keep else "") for r in records]
        return [{**r, **p} for r, p in zip(records, self.classify_examples(examples), strict=True)]

    def classify_examples(self, examples: Sequence[Mapping]) -> list[dict]:
        """``{"target", "label", "scores", "model"}`` per classifier example (+
        ``scores_uncalibrated`` when the checkpoint carries a temperature other than 1)."""
        if not examples:
            return []
        z = self.classifier.logits(examples, batch_size=self.batch_size)
        t = float(getattr(self.classifier, "temperature", 1.0))
        probs = apply_temperature(z, t)
        raw = softmax(z) if t != 1.0 else None
        out = []
        for k, (ex, p) in enumerate(zip(examples, probs, strict=True)):
            rec = {
                "target": ex["target"],
                "label": self.labels[int(p.argmax())],
                "scores": dict(zip(self.labels, p.tolist(), strict=True)),
                "model": self.model_id,
            }
            if raw is not None:
                rec["scores_uncalibrated"] = dict(zip(self.labels, raw[k].tolist(), strict=True))
            out.append(rec)
        return out


class _Contexts:
    """The classifier context of each quote of one article; HTML is read as its plain text."""

    def __init__(self, text: str, mode: str):
        from negostance.quotes.markup import looks_like_html, strip_html

        self.mode, self.text, self.where = mode, text, None
        if mode != "none" and isinstance(text, str) and looks_like_html(text):
            self.text, self.where = strip_html(text)

    def __call__(self, record: Mapping) -> tuple[str, int]:
        """``(context, offset of the quote in it or -1)`` for one quote record."""
        if self.mode == "none":
            return "", -1
        start, end = record.get("start"), record.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            return record.get("context") or "", -1
        if self.where is not None:  # source offsets -> plain-text offsets
            start = bisect_left(self.where, start)
            end = bisect_left(self.where, end - 1) + 1
        return quote_window(self.text, start, end, mode=self.mode)


def load_pipeline(
    run_dir_or_checkpoint,
    extractor="spacy",
    target: str | None = None,
    context: str | None = None,
    batch_size: int = 64,
    chunk: int = 64,
    labels: Sequence[str] = LABELS,
    device: str | None = "auto",
    quantize: str | None = "none",
) -> StancePipeline:
    """A pipeline from a run directory or checkpoint (safetensors weights only).

    ``extractor`` is a backend name (``"spacy"``, ``"rules"``), any extractor object, or ``None``
    for a pipeline that only classifies quotes already extracted (:meth:`StancePipeline.classify`);
    ``target`` and ``context`` default to what the checkpoint was trained with. A checkpoint
    trained on another label set than ``labels`` raises ``CheckpointError``. ``device``: where the
    model runs (``"auto"``: a GPU when there is one, else the CPU); ``quantize="int8"``: dynamic
    int8 linear layers on the CPU (faster; a few labels change), an error on a GPU.
    """
    from negostance.modeling.checkpoint import CheckpointError, read_meta
    from negostance.modeling.classifier import StanceClassifier

    meta = read_meta(run_dir_or_checkpoint)  # fails before any weights are read
    if list(meta.get("labels", [])) != list(labels):
        raise CheckpointError(
            f"{run_dir_or_checkpoint} was trained on labels "
            f"{meta.get('labels')}, expected {list(labels)}"
        )
    classifier = StanceClassifier.load(run_dir_or_checkpoint, device=device, quantize=quantize)
    if isinstance(extractor, str):
        from negostance.quotes import QuoteExtractor

        extractor = QuoteExtractor(backend=extractor)
    trained = (meta.get("config") or {}).get("data") or {}
    return StancePipeline(
        extractor,
        classifier,
        target=target or classifier.target,
        context=context or trained.get("context") or "paragraph",
        batch_size=batch_size,
        chunk=chunk,
    )
