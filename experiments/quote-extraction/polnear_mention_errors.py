"""Where mention attribution fails on PolNeAR *train* (not dev, so that new rules are not fitted to
the evaluation split): matched quotes whose predicted speaker mention misses the gold one, counted
by kind, with random samples. Rules backend, the first 250 training articles.

    OMP_NUM_THREADS=1 python experiments/quote-extraction/polnear_mention_errors.py
"""

from __future__ import annotations

import collections
import os
import random
from pathlib import Path

from negostance.evaluation.extraction import _overlap, match
from negostance.evaluation.polnear import load_polnear
from negostance.quotes import QuoteExtractor

SHARED = Path(os.environ.get("NEGOSTANCE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}


def main(n_docs: int = 250, samples: int = 6) -> None:
    articles, gold = load_polnear(SHARED / "data" / "polnear", split="train", marks="all")
    extract = QuoteExtractor(backend="rules")
    by_doc = collections.defaultdict(list)
    for g in gold:
        by_doc[g["doc_id"]].append(g)
    counts, examples = collections.Counter(), collections.defaultdict(list)
    for doc_id in sorted(articles)[:n_docs]:
        text, golds = articles[doc_id], by_doc.get(doc_id, [])
        preds = [q.to_dict() for q in extract(text, doc_id)]
        for i, j in match(golds, preds, "overlap"):
            g, p = golds[i], preds[j]
            if g.get("speaker_start") is None:
                continue
            gold_span, start = (g["speaker_start"], g["speaker_end"]), p.get("speaker_start")
            if start is not None and _overlap(gold_span, (start, p["speaker_end"])) > 0:
                counts["right mention"] += 1
                continue
            mention = text[gold_span[0] : gold_span[1]]
            kind = "no mention" if start is None else "other mention"
            if mention.lower() in PRONOUNS:
                kind += " / gold is a pronoun"
            elif len(mention.split()) > 6:
                kind += " / gold is a long phrase"
            counts[kind] += 1
            said = text[start : p["speaker_end"]] if start is not None else None
            before = text[max(0, g["start"] - 80) : g["start"]].replace("\n", " ")
            examples[kind].append((mention[:60], said, before))
    total = sum(counts.values())
    for kind, n in counts.most_common():
        print(f"{kind:40s} {n:5d}  {n / total:.3f}")
    rng = random.Random(0)
    for kind, rows in examples.items():
        print("==", kind)
        for row in rng.sample(rows, min(samples, len(rows))):
            print("  ", row)


if __name__ == "__main__":
    main()
