"""Quote extraction: span P/R/F1, speaker and mention accuracy, and speed, on one CPU core.

python experiments/quote-extraction/run.py [--shared ../shared] [--out results.json] [--quick]

Speed is articles per second of CPU time (``time.process_time``) for the process pinned to one
core, best of ``--repeats`` passes: on a shared machine wall-clock time mostly measures the other
jobs. Wall-clock rates are recorded too.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from negostance.corpus.build import SourceError, parse_source  # noqa: E402
from negostance.evaluation.extraction import evaluate_extraction  # noqa: E402
from negostance.evaluation.polnear import load_polnear  # noqa: E402
from negostance.quotes import QuoteExtractor  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def news_dev(shared: Path):
    d = shared / "eval" / "news_dev"
    rows = [json.loads(x) for x in (d / "articles.jsonl").read_text().splitlines()]
    gold = [json.loads(x) for x in (d / "quotes.jsonl").read_text().splitlines()]
    return {r["id"]: r["text"] for r in rows}, gold


def bundled():
    arts, gold, skipped = {}, [], []
    for p in sorted((REPO / "corpus" / "sources").glob("*.txt")):
        try:
            a, q = parse_source(p)
        except SourceError as e:  # sources are being written; use what compiles
            skipped.append(f"{p.name}: {e}")
            continue
        arts.update({x["id"]: x["text"] for x in a})
        gold += q
    return arts, gold, skipped


def score(backend: str, arts: dict, gold: list[dict]) -> dict:
    ex = QuoteExtractor(backend=backend)
    pred = [q.to_dict() for _, qs in ex.extract_many(arts.items()) for q in qs]
    return evaluate_extraction(gold, pred, doc_ids=arts)


def speed(backend: str, texts: list[str], repeat: int, passes: int) -> dict:
    ex = QuoteExtractor(backend=backend)
    list(ex.extract_many([("w", t) for t in texts[:4]]))  # load spaCy outside the clock
    docs = [(str(i), t) for i, t in enumerate(texts * repeat)]
    cpu, wall = [], []
    for _ in range(passes):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in ex.extract_many(docs):
            pass
        cpu.append(len(docs) / (time.process_time() - c0))
        wall.append(len(docs) / (time.perf_counter() - t0))
    return {"cpu_articles_per_s": max(cpu), "wall_articles_per_s": max(wall), "passes": cpu}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    ap.add_argument("--repeats", type=int, default=5, help="timed passes; the best one counts")
    ap.add_argument(
        "--quick", action="store_true", help="no speed measurement (keeps the last one in --out)"
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results: dict = {}
    dev_arts, dev_gold = news_dev(args.shared)
    b_arts, b_gold, skipped = bundled()
    polnear = args.shared / "data" / "polnear"
    sets = {
        "news_dev": (dev_arts, dev_gold),
        "bundled": (b_arts, b_gold),
        "polnear_dev": load_polnear(polnear, "dev"),
        "polnear_dev_all_marks": load_polnear(polnear, "dev", marks="all"),
    }
    results["bundled_sources_skipped"] = skipped
    for backend in ("spacy", "rules"):
        for name, (arts, gold) in sets.items():
            m = score(backend, arts, gold)
            results[f"{name}/{backend}"] = m
            print(
                f"{name:22} {backend:6} docs {m['n_docs']:4} gold {m['n_gold']:5} "
                f"exact F1 {m['exact/f1']:.3f} overlap F1 {m['overlap/f1']:.3f} "
                f"(P {m['overlap/precision']:.3f} R {m['overlap/recall']:.3f}) "
                f"speaker {m['speaker/accuracy']:.3f} lenient {m['speaker/accuracy_lenient']:.3f}"
                + (f" mention {m['mention/accuracy']:.3f}" if "mention/accuracy" in m else ""),
                flush=True,
            )
    if not args.quick:
        texts = list(dev_arts.values())
        for backend, repeat in (("spacy", 5), ("rules", 40)):
            s = speed(backend, texts, repeat, args.repeats)
            results[f"speed/{backend}"] = s
            print(
                f"speed {backend:6} {s['cpu_articles_per_s']:8.1f} articles per CPU-second "
                f"({s['wall_articles_per_s']:.1f}/s wall clock; news_dev articles, one core)",
                flush=True,
            )
    if args.quick and args.out.is_file():
        last = json.loads(args.out.read_text())
        results.update({k: v for k, v in last.items() if k.startswith("speed/")})
    args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
