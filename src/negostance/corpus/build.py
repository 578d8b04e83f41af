"""Compile the authored corpus sources into the gold JSONL files shipped with the package.

The sources (``corpus/sources/*.txt`` in a checkout) are plain text with inline stand-off markup,
so that nobody ever types a character offset by hand::

    ### ARTICLE valdoria-highlands-01
    dispute: valdoria-highlands
    kind: peace

    Valdoria rebels call truce offer "{{against|Highlands Liberation Movement|call}}a trap{{/}}"

    KORVAN, March 4 (Wire) - The rebels said the offer was ...

``{{LABEL|SPEAKER|CUE}}content{{/}}`` marks one quoted statement: the quotation marks stay outside
the markup, LABEL is favor / against / none with an optional ``*`` for a conditional stance, and
CUE is the reporting verb or phrase (may be empty). The first body line is the headline. Paragraphs
are separated by blank lines in the source and by one newline in the compiled text.

Run ``python -m negostance.corpus.build --check FILE...`` to validate sources and print statistics,
or ``python -m negostance.corpus.build`` to rebuild ``articles.jsonl`` and ``quotes.jsonl``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import sys
import tempfile
from pathlib import Path

LABELS = ("favor", "against", "none")
KINDS = (
    "peace",
    "ceasefire_hostage",
    "nuclear_arms",
    "trade",
    "labour",
    "coalition_budget",
    "multilateral",
    "settlement",
)
OPEN_MARKS = "\"“«„‘'‚"
CLOSE_MARKS = "\"”»“’'‘"
MARKUP = re.compile(r"\{\{(?P<head>[^{}]*?)\}\}(?P<body>.*?)\{\{/\}\}", re.S)
HEADER = re.compile(r"^### ARTICLE\s+(\S+)\s*$", re.M)

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SOURCES = PACKAGE_DIR.parents[2] / "corpus" / "sources"
SPLITS_FILE = PACKAGE_DIR.parents[2] / "corpus" / "splits.json"


class SourceError(ValueError):
    """A corpus source that cannot be compiled; the message names the file and line."""


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def parse_article(block: str, path: str, first_line: int) -> tuple[dict, list[dict]]:
    """Parse one ``### ARTICLE`` block into an article record and its quote records."""
    header_match = HEADER.match(block)
    doc_id = header_match.group(1)
    lines = block[header_match.end() :].lstrip("\n").split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip() and ":" in lines[i] and not lines[i].startswith(" "):
        key, _, value = lines[i].partition(":")
        if key.strip() not in {"dispute", "kind", "date"}:
            break
        meta[key.strip()] = value.strip()
        i += 1
    where = f"{path}:{first_line}"
    for key in ("dispute", "kind"):
        if not meta.get(key):
            raise SourceError(f"{where}: article {doc_id} has no '{key}:' line")
    if meta["kind"] not in KINDS:
        raise SourceError(
            f"{where}: article {doc_id} has kind {meta['kind']!r}; use one of {KINDS}"
        )
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines[i:])) if p.strip()]
    paragraphs = [re.sub(r"\s*\n\s*", " ", p) for p in paragraphs]
    if len(paragraphs) < 2:
        raise SourceError(f"{where}: article {doc_id} needs a headline and at least one paragraph")
    marked = "\n".join(paragraphs)

    text_parts: list[str] = []
    quotes: list[dict] = []
    cursor = 0
    out_len = 0
    for m in MARKUP.finditer(marked):
        text_parts.append(marked[cursor : m.start()])
        out_len += m.start() - cursor
        fields = [f.strip() for f in m.group("head").split("|")]
        body = m.group("body")
        qwhere = f"{where} (article {doc_id}, quote {len(quotes) + 1}: {body[:40]!r})"
        if len(fields) != 3:
            raise SourceError(f"{qwhere}: markup needs LABEL|SPEAKER|CUE, got {m.group('head')!r}")
        label, speaker, cue = fields
        conditional = label.endswith("*")
        label = label.rstrip("*")
        if label not in LABELS:
            raise SourceError(f"{qwhere}: label {label!r} is not one of {LABELS}")
        if not speaker:
            raise SourceError(f"{qwhere}: empty speaker")
        if not body.strip() or body != body.strip():
            raise SourceError(f"{qwhere}: quote content is empty or has outer whitespace")
        if "{{" in body or "}}" in body:
            raise SourceError(f"{qwhere}: nested or broken markup")
        before = marked[m.start() - 1] if m.start() else ""
        after = marked[m.end()] if m.end() < len(marked) else "\n"
        if before not in OPEN_MARKS:
            raise SourceError(f"{qwhere}: content must start right after an opening quotation mark")
        if after not in CLOSE_MARKS and after != "\n":
            raise SourceError(
                f"{qwhere}: content must end at a closing quotation mark (or the paragraph end)"
            )
        quotes.append(
            {
                "doc_id": doc_id,
                "quote_id": f"{doc_id}-q{len(quotes) + 1:02d}",
                "start": out_len,
                "end": out_len + len(body),
                "quote": body,
                "speaker": speaker,
                "cue": cue,
                "label": label,
                "conditional": conditional,
            }
        )
        text_parts.append(body)
        out_len += len(body)
        cursor = m.end()
    text_parts.append(marked[cursor:])
    text = "".join(text_parts)
    if "{{" in text or "}}" in text:
        pos = marked.find("{{", cursor) if "{{" in marked[cursor:] else 0
        raise SourceError(
            f"{where}: article {doc_id} has unclosed markup near {marked[pos : pos + 60]!r}"
        )
    for q in quotes:
        assert text[q["start"] : q["end"]] == q["quote"]
    title = text.split("\n", 1)[0]
    article = {
        "id": doc_id,
        "dispute": meta["dispute"],
        "kind": meta["kind"],
        "split": None,
        "title": title,
        "text": text,
    }
    return article, quotes


def parse_source(path: Path) -> tuple[list[dict], list[dict]]:
    """Parse every article of one source file."""
    raw = path.read_text(encoding="utf-8")
    starts = [m.start() for m in HEADER.finditer(raw)]
    if not starts:
        raise SourceError(f"{path}: no '### ARTICLE <id>' header found")
    articles, quotes = [], []
    for a, b in zip(starts, starts[1:] + [len(raw)]):
        art, qs = parse_article(raw[a:b], str(path), _line_of(raw, a))
        articles.append(art)
        quotes.extend(qs)
    return articles, quotes


def statistics(articles: list[dict], quotes: list[dict]) -> str:
    """A plain-text summary: counts per dispute, kind, split and label; fragment and length shares."""
    out = []
    labels = collections.Counter(q["label"] for q in quotes)
    n = max(len(quotes), 1)
    out.append(
        f"articles {len(articles)}  quotes {len(quotes)}  disputes "
        f"{len({a['dispute'] for a in articles})}"
    )
    out.append("labels  " + "  ".join(f"{k} {labels[k]} ({labels[k] / n:.0%})" for k in LABELS))
    words = [len(q["quote"].split()) for q in quotes]
    out.append(f"fragments (<=5 words) {sum(w <= 5 for w in words) / n:.0%}")
    for lab in LABELS:
        ws = [len(q["quote"].split()) for q in quotes if q["label"] == lab]
        if ws:
            out.append(
                f"  {lab}: <=5 words {sum(w <= 5 for w in ws) / len(ws):.0%}, "
                f">20 words {sum(w > 20 for w in ws) / len(ws):.0%}"
            )
    out.append(f"conditional {sum(q['conditional'] for q in quotes) / n:.0%}")
    by_doc = {a["id"]: a for a in articles}
    table = collections.defaultdict(collections.Counter)
    for q in quotes:
        a = by_doc[q["doc_id"]]
        table[(a["kind"], a["dispute"], a["split"])][q["label"]] += 1
    docs = collections.Counter(a["dispute"] for a in articles)
    out.append(f"{'kind':18} {'dispute':32} {'split':10} docs favor against none")
    for (kind, dispute, split), c in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        out.append(
            f"{kind:18} {dispute:32} {split or '-':10} {docs[dispute]:4} "
            f"{c['favor']:5} {c['against']:7} {c['none']:4}"
        )
    cues = collections.Counter(q["cue"].lower() for q in quotes)
    out.append("top cues " + ", ".join(f"{c or '(none)'} {k}" for c, k in cues.most_common(15)))
    return "\n".join(out)


def _write_jsonl_atomic(path: Path, records: list[dict]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def build(
    sources: list[Path], splits: dict[str, str], out_dir: Path
) -> tuple[list[dict], list[dict]]:
    """Compile sources, assign each article the split of its dispute, and write the JSONL pair."""
    articles, quotes = [], []
    for p in sources:
        a, q = parse_source(p)
        articles += a
        quotes += q
    seen = collections.Counter(a["id"] for a in articles)
    dup = [k for k, v in seen.items() if v > 1]
    if dup:
        raise SourceError(f"duplicate article ids: {dup[:5]}")
    for a in articles:
        if a["dispute"] not in splits:
            raise SourceError(
                f"dispute {a['dispute']!r} (article {a['id']}) has no split in {SPLITS_FILE}"
            )
        a["split"] = splits[a["dispute"]]
    _write_jsonl_atomic(out_dir / "articles.jsonl", articles)
    _write_jsonl_atomic(out_dir / "quotes.jsonl", quotes)
    return articles, quotes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "files", nargs="*", type=Path, help="source files (default: all in corpus/sources)"
    )
    ap.add_argument("--check", action="store_true", help="validate and print statistics only")
    ap.add_argument(
        "--out",
        type=Path,
        default=PACKAGE_DIR,
        help="folder for articles.jsonl and quotes.jsonl (default: the package's corpus)",
    )
    args = ap.parse_args(argv)
    files = args.files or sorted(DEFAULT_SOURCES.glob("*.txt"))
    try:
        if args.check:
            arts, qs = [], []
            for p in files:
                a, q = parse_source(p)
                arts += a
                qs += q
        else:
            splits = json.loads(SPLITS_FILE.read_text())
            args.out.mkdir(parents=True, exist_ok=True)
            arts, qs = build(files, splits, args.out)
    except (SourceError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(statistics(arts, qs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
