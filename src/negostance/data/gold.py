"""Loaders for gold quote corpora in the package's format (the bundled corpus, news_dev, any
corpus with ``articles.jsonl`` + ``quotes.jsonl``), returning canonical examples by split."""

from __future__ import annotations

import hashlib
from pathlib import Path

from negostance import LABELS
from negostance.corpus import CORPUS_DIR, read_jsonl
from negostance.data.context import quote_window
from negostance.data.schema import DEFAULT_TARGET, DataError, check_labels

SPLITS = ("train", "validation", "test")


def gold_examples(
    corpus_dir: str | Path,
    context: str = "paragraph",
    target: str = DEFAULT_TARGET,
    source: str | None = None,
) -> list[dict]:
    """Canonical examples (one per gold quote) from ``corpus_dir/{articles,quotes}.jsonl``.

    Each example keeps the article's ``split``, ``dispute`` and ``kind`` when present, and the
    quote's offsets, so that predictions can be matched back to the gold spans.
    """
    corpus_dir = Path(corpus_dir)
    paths = [corpus_dir / "articles.jsonl", corpus_dir / "quotes.jsonl"]
    for p in paths:
        if not p.is_file():
            raise DataError(
                f"{p} does not exist: a gold corpus directory holds articles.jsonl and quotes.jsonl"
            )
    articles = {a["id"]: a for a in read_jsonl(paths[0])}
    source = source or corpus_dir.name
    examples = []
    for i, q in enumerate(read_jsonl(paths[1]), 1):
        where = f"{paths[1]}:{i}"
        for key in ("doc_id", "start", "end", "label"):
            if key not in q:
                raise DataError(f"{where}: quote record has no '{key}' field")
        art = articles.get(q["doc_id"])
        if art is None:
            raise DataError(f"{where}: doc_id {q['doc_id']!r} is not in {paths[0]}")
        text = art["text"]
        quote = text[q["start"] : q["end"]]
        if "quote" in q and q["quote"] != quote:
            raise DataError(f"{where}: offsets {q['start']}:{q['end']} do not point at its quote")
        ctx, at = quote_window(text, q["start"], q["end"], mode=context)
        examples.append(
            {
                "id": q.get("quote_id") or f"{q['doc_id']}-{q['start']}",
                "doc_id": q["doc_id"],
                "target": q.get("target") or target,
                "text": quote,
                "speaker": q.get("speaker") or "",
                "context": ctx,
                "quote_at": at,
                "label": q["label"],
                "source": source,
                "start": int(q["start"]),
                "end": int(q["end"]),
                "dispute": art.get("dispute") or "",
                "kind": art.get("kind") or "",
                "split": art.get("split") or "",
            }
        )
    check_labels(examples, LABELS, where=str(paths[1]))
    return examples


def _article_split(doc_id: str, seed: int, fractions: tuple[float, float]) -> str:
    # A hash, not a shuffle: stable when articles are added, reproducible from the seed.
    h = int(hashlib.sha1(f"{seed}:{doc_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    val, test = fractions
    return "test" if h < test else "validation" if h < test + val else "train"


def split_examples(
    examples: list[dict],
    split_by: str = "dispute",
    seed: int = 0,
    fractions: tuple[float, float] = (0.15, 0.15),
) -> dict[str, list[dict]]:
    """Split by the corpus's fixed dispute-disjoint splits (``dispute``), by article (``article``,
    hashed with the seed, ``fractions`` = validation and test shares), or put everything into
    ``test`` (``none``, for evaluation-only corpora)."""
    out: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for ex in examples:
        if split_by == "dispute":
            split = ex["split"]
            if split not in out:
                raise DataError(f"example {ex['id']} has split {split!r}, not one of {SPLITS}")
        elif split_by == "article":
            split = _article_split(ex["doc_id"], seed, fractions)
        elif split_by == "none":
            split = "test"
        else:
            raise DataError(f"split_by={split_by!r} is not one of 'dispute', 'article', 'none'")
        out[split].append(ex)
    return out


def load_gold_corpus(
    corpus_dir: str | Path | None = None,
    split_by: str = "dispute",
    context: str = "paragraph",
    target: str = DEFAULT_TARGET,
    seed: int = 0,
    fractions: tuple[float, float] = (0.15, 0.15),
    source: str | None = None,
) -> dict[str, list[dict]]:
    """Examples of a gold corpus by split; ``corpus_dir=None`` is the bundled corpus."""
    corpus_dir = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    if not corpus_dir.is_dir():
        raise DataError(f"corpus directory {corpus_dir} does not exist (set data.corpus_dir=)")
    examples = gold_examples(
        corpus_dir,
        context=context,
        target=target,
        source=source or ("negoquotes" if corpus_dir == CORPUS_DIR else None),
    )
    return split_examples(examples, split_by=split_by, seed=seed, fractions=tuple(fractions))
