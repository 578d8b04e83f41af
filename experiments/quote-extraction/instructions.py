"""Instructions per article of the rules backend, counted by valgrind's callgrind.

Wall-clock rates on a shared machine swing by 40%; instruction counts do not. The script runs
itself under callgrind twice, with 0 and with N timed passes over the news_dev articles (after one
warm-up pass each), and prints (I_N - I_0) / (N * articles):

    python experiments/quote-extraction/instructions.py [--passes 10] [--shared ../shared]

Needs valgrind (Debian: ``apt install valgrind``). ``PYTHONHASHSEED=0`` is set so that both runs
hash the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def passes(shared: Path, n: int) -> None:
    from negostance.quotes import QuoteExtractor

    path = shared / "eval" / "news_dev" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in path.open()]
    ex = QuoteExtractor(backend="rules")
    for t in texts:  # warm-up: imports, compiled patterns, caches
        ex(t, "x")
    for _ in range(n):
        for t in texts:
            ex(t, "x")
    print(len(texts))


def count(shared: Path, n: int) -> tuple[int, int]:
    """(instructions, articles) of one callgrind run with ``n`` passes."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={tmp}/cg.out",
            sys.executable,
            __file__,
            "--run",
            str(n),
            "--shared",
            str(shared),
        ]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if not m:
        raise RuntimeError(f"no instruction count in callgrind's output:\n{out.stderr[-2000:]}")
    return int(m.group(1)), int(out.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passes", type=int, default=10)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--run", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run is not None:
        passes(args.shared, args.run)
        return
    base, articles = count(args.shared, 0)
    total, _ = count(args.shared, args.passes)
    per = (total - base) / (args.passes * articles)
    print(f"rules backend: {per:,.0f} instructions per article ({articles} news_dev articles)")


if __name__ == "__main__":
    main()
