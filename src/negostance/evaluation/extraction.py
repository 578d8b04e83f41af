"""Evaluate quote extraction against any gold with ``doc_id``, ``start``, ``end``, ``speaker``.

Spans match one-to-one within a document, greedily by overlap: *exact* needs identical offsets,
*overlap* needs the shared characters to cover at least half of the gold span. Speaker accuracy is
measured on the overlap matches: exact after normalising case and whitespace, and (reported apart)
lenient, where one name contains the other's last word. Where the gold carries the speaker
mention's offsets (``speaker_start``/``speaker_end``, as PolNeAR does), mention accuracy counts
matched quotes whose predicted mention overlaps the gold mention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np


def normalise_name(name: str | None) -> str:
    """Lower case, single spaces, no outer punctuation or leading article.

    >>> normalise_name("  The Lutovian  Commerce Ministry. ")
    'lutovian commerce ministry'
    """
    if not name:
        return ""
    s = re.sub(r"\s+", " ", str(name)).strip(" .,;:'\"“”‘’").lower()
    return re.sub(r"^the ", "", s)


def same_speaker(gold: str | None, pred: str | None, lenient: bool = False) -> bool:
    """Exact (normalised) equality, or with ``lenient`` containment of the other's last word.

    >>> same_speaker("Anton Velesky", "anton  velesky")
    True
    >>> same_speaker("Anton Velesky", "Velesky"), same_speaker("Anton Velesky", "Velesky", lenient=True)
    (False, True)
    """
    g, p = normalise_name(gold), normalise_name(pred)
    if not g or not p:
        return False
    if g == p:
        return True
    if not lenient:
        return False
    g_words, p_words = g.split(), p.split()
    return g_words[-1] in p_words or p_words[-1] in g_words


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: list[dict], pred: list[dict], mode: str = "overlap") -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) of spans in one document.

    >>> match([{"start": 0, "end": 10}], [{"start": 2, "end": 10}], "overlap")
    [(0, 0)]
    >>> match([{"start": 0, "end": 10}], [{"start": 2, "end": 10}], "exact")
    []
    """
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if mode == "exact":
                ok = g["start"] == p["start"] and g["end"] == p["end"]
                score = 1
            else:
                score = _overlap((g["start"], g["end"]), (p["start"], p["end"]))
                ok = score * 2 >= g["end"] - g["start"] and score > 0
            if ok:
                cands.append((-score, i, j))
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in sorted(cands):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate_extraction(
    gold: Iterable[dict], pred: Iterable[dict], doc_ids: Iterable[str] | None = None
) -> dict[str, float]:
    """Span P/R/F1 (exact and half-overlap), speaker and mention accuracy.

    Only documents in ``doc_ids`` (default: every document the gold names) count.

    >>> g = [{"doc_id": "d", "start": 0, "end": 4, "speaker": "Ann Lee"}]
    >>> p = [{"doc_id": "d", "start": 0, "end": 4, "speaker": "Lee"}]
    >>> m = evaluate_extraction(g, p)
    >>> m["exact/f1"], m["speaker/accuracy"], m["speaker/accuracy_lenient"]
    (1.0, 0.0, 1.0)
    """
    by_doc_g: dict[str, list[dict]] = defaultdict(list)
    by_doc_p: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc_g[str(g["doc_id"])].append(g)
    for p in pred:
        by_doc_p[str(p["doc_id"])].append(p)
    docs = set(by_doc_g) if doc_ids is None else {str(d) for d in doc_ids}
    counts = defaultdict(int)
    spk, spk_len, ment = [], [], []
    for d in docs:
        g, p = by_doc_g.get(d, []), by_doc_p.get(d, [])
        counts["gold"] += len(g)
        counts["pred"] += len(p)
        counts["exact"] += len(match(g, p, "exact"))
        for i, j in match(g, p, "overlap"):
            counts["overlap"] += 1
            spk.append(same_speaker(g[i].get("speaker"), p[j].get("speaker")))
            spk_len.append(same_speaker(g[i].get("speaker"), p[j].get("speaker"), lenient=True))
            if g[i].get("speaker_start") is not None:
                ps, pe = p[j].get("speaker_start"), p[j].get("speaker_end")
                gs = (g[i]["speaker_start"], g[i]["speaker_end"])
                ment.append(ps is not None and _overlap(gs, (ps, pe)) > 0)
    out: dict[str, float] = {
        "n_docs": len(docs),
        "n_gold": counts["gold"],
        "n_pred": counts["pred"],
    }
    for mode in ("exact", "overlap"):
        prec, rec, f1 = _prf(counts[mode], counts["pred"], counts["gold"])
        out.update({f"{mode}/precision": prec, f"{mode}/recall": rec, f"{mode}/f1": f1})
    out["speaker/n"] = len(spk)
    out["speaker/accuracy"] = float(np.mean(spk)) if spk else 0.0
    out["speaker/accuracy_lenient"] = float(np.mean(spk_len)) if spk_len else 0.0
    if ment:
        out["mention/n"] = len(ment)
        out["mention/accuracy"] = float(np.mean(ment))
    return out
