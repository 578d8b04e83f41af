"""``negostance-corpus``: statistics of the bundled corpus (or any gold corpus), and rebuilding it.

negostance-corpus stats                     # counts per dispute, kind, split, label, length
negostance-corpus stats --corpus-dir ../shared/eval/news_dev
negostance-corpus build                     # recompile corpus/sources/*.txt (in a checkout)
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from negostance.corpus import CORPUS_DIR, read_jsonl
from negostance.corpus.build import LABELS, statistics
from negostance.corpus.build import main as build_main

LENGTH_BINS = ((0, 5, "1-5 words"), (6, 20, "6-20 words"), (21, 10**9, ">20 words"))


def length_table(quotes: list[dict]) -> str:
    rows = [f"{'length':12} {'n':>5} " + " ".join(f"{lab:>8}" for lab in LABELS)]
    for lo, hi, name in LENGTH_BINS:
        qs = [q for q in quotes if lo <= len(q["quote"].split()) <= hi]
        c = collections.Counter(q["label"] for q in qs)
        rows.append(f"{name:12} {len(qs):5} " + " ".join(f"{c[lab]:8}" for lab in LABELS))
    return "\n".join(rows)


def split_table(articles: list[dict], quotes: list[dict]) -> str:
    split_of = {a["id"]: a.get("split") or "-" for a in articles}
    rows = [f"{'split':12} {'docs':>5} {'quotes':>6} " + " ".join(f"{lab:>8}" for lab in LABELS)]
    for split in sorted({*split_of.values()}):
        qs = [q for q in quotes if split_of[q["doc_id"]] == split]
        c = collections.Counter(q["label"] for q in qs)
        docs = sum(1 for s in split_of.values() if s == split)
        rows.append(f"{split:12} {docs:5} {len(qs):6} " + " ".join(f"{c[lab]:8}" for lab in LABELS))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="negostance-corpus", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    st = sub.add_parser("stats", help="print corpus statistics")
    st.add_argument("--corpus-dir", type=Path, default=CORPUS_DIR)
    sub.add_parser("build", help="recompile corpus/sources into the package's JSONL files")
    args, rest = ap.parse_known_args(argv)
    if args.cmd == "build":
        return build_main(rest)
    try:
        articles = read_jsonl(args.corpus_dir / "articles.jsonl")
        quotes = read_jsonl(args.corpus_dir / "quotes.jsonl")
    except (OSError, ValueError) as e:
        print(f"negostance-corpus: error: {e}", file=sys.stderr)
        return 2
    for a in articles:
        a.setdefault("kind", "-")
        a.setdefault("split", None)
    for q in quotes:
        q.setdefault("cue", "")
        q.setdefault("conditional", False)
    print(statistics(articles, quotes))
    print()
    print(split_table(articles, quotes))
    print()
    print(length_table(quotes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
