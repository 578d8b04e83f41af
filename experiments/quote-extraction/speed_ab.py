"""Rules-backend articles per CPU-second of whatever ``negostance`` is importable, on core 1:
run it alternately for two versions (e.g. ``PYTHONPATH=<old checkout>/src``) to compare them.

    PYTHONPATH=/tmp/old/src python experiments/quote-extraction/speed_ab.py   # old
    python experiments/quote-extraction/speed_ab.py                           # this checkout
"""

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.sched_setaffinity(0, {1})

from run import speed  # noqa: E402

import negostance  # noqa: E402

shared = HERE.parents[1].parent / "shared"
lines = (shared / "eval/news_dev/articles.jsonl").read_text().splitlines()
texts = [json.loads(line)["text"] for line in lines if line.strip()]
s = speed("rules", texts, 40, 5)
print(negostance.__file__, round(s["cpu_articles_per_s"], 1))
