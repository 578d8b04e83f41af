"""PolNeAR gold restricted to quoted content, for evaluating quote extraction.

PolNeAR (Newell et al. 2018) marks every attribution's Source, Cue and Content in brat standoff.
We keep the text between quotation marks that lies inside an attribution's Content; its gold
speaker is the Source as written (a surface mention, "he" included), with the mention's offsets.
With ``marks="double"`` (the default, as first defined) quotation marks are straight or curly
double marks on one line; ``marks="all"`` adds the typewriter pair ``''…''`` of NYT text, single
marks (``‘…’``, ``'…'``, never an apostrophe, never inside a double-quoted span), and a paragraph
that opens a mark it does not close (a quote running on into the next paragraph).
Where an article has several annotators' files, the first by name is used.
"""

from __future__ import annotations

import re
from pathlib import Path

_STRAIGHT = re.compile(r"[\"“”]([^\"“”\n]+?)[\"”“]")
_DOUBLE = re.compile(
    r"[\"“”]([^\"“”\n]+?)[\"”“]"  # straight or curly double marks
    r"|''((?:(?!'')[^\n])+?)''"  # the typewriter pair '' … '' (NYT)
    r"|^[ \t]*(?:[\"“]|'')([^\"“”\n]+?)[ \t]*$",  # a paragraph that runs on into the next
    re.M,
)
_SINGLE = re.compile(r"(?<![\w‘’'])[‘']((?:[^‘’'\n]|(?<=\w)[’'](?=\w))+?)[’'](?![\w‘’'])")


def _spans(field: str) -> list[tuple[int, int]]:
    return [tuple(int(x) for x in part.split()) for part in field.split(";")]


def parse_ann(text: str) -> list[dict]:
    """Attributions of one ``.ann`` file: lists of (start, end) spans for source, cue, content."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    out = []
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, where = cols[1].partition(" ")
            spans[cols[0]] = (kind, _spans(where))
        elif line.startswith("E") and len(cols) >= 2:
            roles = dict(arg.split(":", 1) for arg in cols[1].split() if ":" in arg)
            rec = {role.lower(): spans[t][1] for role, t in roles.items() if t in spans}
            if "content" in rec:
                out.append(rec)
    return out


def load_polnear(
    data_dir: str | Path, split: str = "dev", marks: str = "double"
) -> tuple[dict[str, str], list[dict]]:
    """Articles ``{doc_id: text}`` and quoted-content gold records for one PolNeAR split.

    Gold records carry ``doc_id, start, end, quote, speaker, speaker_start, speaker_end, cue``.
    ``marks`` is "double" (double marks only) or "all" (every kind of quotation mark).
    """
    if marks not in ("double", "all"):
        raise ValueError(f"marks must be 'double' or 'all', got {marks!r}")
    root = Path(data_dir)
    text_dir, ann_dir = root / "data" / split / "text", root / "data" / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(
            f"PolNeAR {split} split not found: expected {text_dir} and {ann_dir} "
            f"(a copy of PolNeAR v1.0.0; pass its folder as data_dir)"
        )
    articles, gold = {}, []
    for path in sorted(text_dir.glob("*.txt")):
        anns = sorted(ann_dir.glob(f"{path.stem}_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        articles[path.stem] = text
        atts = parse_ann(anns[0].read_text(encoding="utf-8"))
        gold += _quoted_gold(path.stem, text, atts, _quoted(text, marks))
    return articles, gold


def _quoted(text: str, marks: str) -> list[tuple[int, int]]:
    """Spans of content between quotation marks."""
    if marks == "double":
        return [m.span(1) for m in _STRAIGHT.finditer(text)]
    quoted = [next(m.span(k) for k in (1, 2, 3) if m.group(k)) for m in _DOUBLE.finditer(text)]
    return quoted + [
        m.span(1)
        for m in _SINGLE.finditer(text)
        if not any(a <= m.start() < b for a, b in quoted)
        and (" " in m.group(1).strip() or m.group(1).isalpha())
    ]


def _quoted_gold(doc_id: str, text: str, attributions: list[dict], quoted) -> list[dict]:
    out = []
    for att in attributions:
        src = att.get("source")
        cue = att.get("cue")
        for lo, hi in att["content"]:
            for s, e in quoted:
                if s >= lo - 1 and e <= hi + 1 and e > s:
                    q = text[s:e].strip()
                    s2 = s + text[s:e].index(q) if q else s
                    out.append(
                        {
                            "doc_id": doc_id,
                            "start": s2,
                            "end": s2 + len(q),
                            "quote": q,
                            "speaker": " ".join(text[a:b] for a, b in src) if src else None,
                            "speaker_start": src[0][0] if src else None,
                            "speaker_end": src[-1][1] if src else None,
                            "cue": " ".join(text[a:b] for a, b in cue) if cue else None,
                        }
                    )
    out.sort(key=lambda r: r["start"])
    return [r for i, r in enumerate(out) if i == 0 or r["start"] != out[i - 1]["start"]]
