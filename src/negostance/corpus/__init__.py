"""The bundled negotiation-quote corpus: fictional wire-service articles with gold quotes.

``articles.jsonl`` (id, dispute, kind, split, title, text) and ``quotes.jsonl`` (doc_id, quote_id,
start, end, quote, speaker, cue, label, conditional) are compiled from ``corpus/sources`` by
``negostance.corpus.build``; see ``DATACARD.md`` beside them.
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
ARTICLES = CORPUS_DIR / "articles.jsonl"
QUOTES = CORPUS_DIR / "quotes.jsonl"


def read_jsonl(path: str | Path) -> list[dict]:
    """Read a JSONL file; a line that is not JSON raises ``ValueError`` naming file and line."""
    path = Path(path)
    out = []
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{i}: not a JSON record ({e.msg})") from None
    return out


def load_articles(path: str | Path = ARTICLES) -> list[dict]:
    return read_jsonl(path)


def load_quotes(path: str | Path = QUOTES) -> list[dict]:
    return read_jsonl(path)
