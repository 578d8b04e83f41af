"""Find the spans between quotation marks: pairing rules for every mark family, no NLP.

A span is the content between an opening and a closing mark (marks excluded). Double marks
(straight, curly, guillemets, low-9) pair within a paragraph; a paragraph that ends inside an open
quote continues when the next paragraph opens with a mark again (one span per paragraph, linked by
``group``). Single marks count as quotation marks only outside double-quoted spans and only where
they cannot be apostrophes (``don't``, ``Kyiv's``, ``'90s``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
ALL_MARKS = "\"'“”«»„‘’‚‹›"
_PARA = re.compile(r"[^\n]+")
# what may stand right before an opening mark / right after a closing one
_OPEN_LEFT = set(" \t\n([{—–-/:;,") | set(ALL_MARKS)
_CLOSE_RIGHT = set(" \t\n)]}—–-/:;,.!?…") | set(ALL_MARKS)


@dataclass
class Span:
    """Content between two marks: ``text[start:end]``; ``group`` links the paragraphs of one quote."""

    start: int
    end: int
    open_mark: str
    close_mark: str  # "" when the span runs to the paragraph end (multi-paragraph quote)
    group: int = -1


def _closes(opener: str, mark: str) -> bool:
    if mark == '"':
        return opener in '"“„”'
    if mark == "”":
        return opener in '“„”"'
    if mark == "“":  # German style „…“ closes with “
        return opener == "„"
    if mark == "»":
        return opener == "«"
    if mark == "«":  # reversed guillemets »…«
        return opener == "»"
    return False


def _can_open(text: str, i: int, mark: str) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if nxt.isspace():
        return False
    if mark in "“„«":
        return True
    if mark in "”»":  # Swedish ”…” and reversed »…« open only where a straight one would
        mark = '"'
    prev = text[i - 1] if i else "\n"
    return prev in _OPEN_LEFT


def _double_spans(text: str, lo: int, hi: int) -> tuple[list[Span], tuple[int, str] | None]:
    """Pair double marks in ``text[lo:hi]``; return spans and the still-open mark, if any."""
    spans: list[Span] = []
    opener: tuple[int, str] | None = None
    for i in range(lo, hi):
        ch = text[i]
        if ch not in '"“”«»„':
            continue
        if opener is not None and _closes(opener[1], ch):
            prev = text[i - 1]
            if ch == '"' and prev.isspace() and _can_open(text, i, ch):
                opener = (i, ch)  # `"a "b` : the first one was stray
                continue
            if i > opener[0] + 1:
                spans.append(Span(opener[0] + 1, i, opener[1], ch))
            opener = None
        elif _can_open(text, i, ch):
            if ch == '"' and i and text[i - 1].isdigit() and opener is None:
                continue  # 5'11" (inches)
            opener = (i, ch)
    return spans, opener


def _is_apostrophe(text: str, i: int) -> bool:
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev.isalnum() and nxt.isalnum()


def _single_spans(text: str, lo: int, hi: int, taken: list[Span]) -> list[Span]:
    """Single-mark quotes in ``text[lo:hi]`` outside the double-quoted spans ``taken``."""
    blocked = [(s.start - 1, s.end + 1) for s in taken]

    def free(i: int) -> bool:
        return not any(a <= i < b for a, b in blocked)

    openers, closers = [], []
    for i in range(lo, hi):
        ch = text[i]
        if ch not in "'‘’‚‹›" or not free(i) or _is_apostrophe(text, i):
            continue
        prev = text[i - 1] if i > lo else "\n"
        nxt = text[i + 1] if i + 1 < hi else "\n"
        if ch in "'‘‚‹" and prev in _OPEN_LEFT and (nxt.isalpha() or nxt in "[(…"):
            openers.append(i)
        elif ch in "'’›" and not prev.isspace() and nxt in _CLOSE_RIGHT:
            closers.append(i)
    spans = []
    pos = lo
    for o in openers:
        if o < pos:
            continue
        cands = [c for c in closers if c > o + 1]
        if not cands:
            continue
        c = cands[0]
        # plural possessive ("the workers' union"): prefer a later closer before punctuation
        if text[c - 1] in "sz" and c + 2 < hi and text[c + 1] == " " and text[c + 2].islower():
            later = [x for x in cands[1:] if text[x + 1 : x + 2] in set(",.!?;:—\n") | {""}]
            if later:
                c = later[0]
        if " " not in text[o + 1 : c] and text[o + 1 : c].rstrip("s").isalpha() is False:
            continue
        spans.append(Span(o + 1, c, text[o], text[c]))
        pos = c + 1
    return spans


def _looks_like_speech(content: str) -> bool:
    return len(content.split()) >= 4 and not any(m in content for m in '"“”«»„')


def find_spans(text: str) -> list[Span]:
    """All quoted spans of ``text`` in order, with multi-paragraph quotes split per paragraph.

    >>> t = 'He said "yes," and \u201cno\u201d.'
    >>> [t[s.start:s.end] for s in find_spans(t)]
    ['yes,', 'no']
    """
    paras = [(m.start(), m.end()) for m in _PARA.finditer(text)]
    out: list[Span] = []
    for k, (lo, hi) in enumerate(paras):
        spans, still_open = _double_spans(text, lo, hi)
        if still_open is not None:
            nxt = text[paras[k + 1][0] : paras[k + 1][1]].lstrip() if k + 1 < len(paras) else ""
            end = lo + len(text[lo:hi].rstrip())
            # continued in the next paragraph, or unbalanced: keep it rather than lose it
            if end > still_open[0] + 1 and (
                nxt[:1] in set('"“«„')
                or k + 1 == len(paras)
                or _looks_like_speech(text[still_open[0] + 1 : end])
            ):
                spans.append(Span(still_open[0] + 1, end, still_open[1], ""))
        spans += _single_spans(text, lo, hi, spans)
        spans.sort(key=lambda s: s.start)
        out.extend(spans)
    for i, s in enumerate(out):
        s.group = i
    for i, s in enumerate(out[:-1]):
        nxt = out[i + 1]
        between = text[s.end : nxt.start - 1]
        if s.close_mark == "" and between.strip() == "" and "\n" in between:
            nxt.group = s.group
    return out
