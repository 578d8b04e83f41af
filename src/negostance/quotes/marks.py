"""Find the spans between quotation marks: pairing rules for every mark family, no NLP.

A span is the content between an opening and a closing mark (marks excluded). Double marks
(straight, curly, guillemets, low-9, and the typewriter pair ``''`` of NYT-style text) pair within
a paragraph; a paragraph that ends inside an open quote continues when the next paragraph opens
with a mark again (one span per paragraph, linked by ``group``). Single marks count as quotation
marks only outside double-quoted spans and only where they cannot be apostrophes (``don't``,
``Kyiv's``, ``'90s``). Only the mark characters are visited, so the cost is the number of marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

ALL_MARKS = "\"'“”«»„‘’‚‹›`"
_PARA = re.compile(r"[^\n]+")
# one literal per alternative (not a class): the engine then skips ahead to mark characters
_DOUBLE = re.compile(r"''|``|\"|“|”|«|»|„")
_SINGLE = re.compile(r"['‘’‚‹›]")
# what may stand right before an opening mark / right after a closing one
_OPEN_LEFT = set(" \t\n\xa0([{—–―-/:;,") | set(ALL_MARKS)
_CLOSE_RIGHT = set(" \t\n\xa0)]}—–―-/:;,.!?…") | set(ALL_MARKS)


@dataclass
class Span:
    """Content between two marks: ``text[start:end]``; ``group`` links the paragraphs of one quote."""

    start: int
    end: int
    open_mark: str
    close_mark: str  # "" when the span runs to the paragraph end (multi-paragraph quote)
    group: int = -1


def _closes(opener: str, mark: str) -> bool:
    if mark in ('"', "''"):
        return opener in ('"', "“", "„", "”", "``", "''")
    if mark == "”":
        return opener in ("“", "„", "”", '"', "``")
    if mark == "“":  # German style „…“ closes with “
        return opener == "„"
    if mark == "»":
        return opener == "«"
    if mark == "«":  # reversed guillemets »…«
        return opener == "»"
    return False


def _can_open(text: str, i: int, mark: str) -> bool:
    j = i + len(mark)
    nxt = text[j] if j < len(text) else "\n"
    if nxt.isspace():
        return False
    if mark in ("“", "„", "«", "``"):
        return True
    prev = text[i - 1] if i else "\n"  # straight marks, Swedish ”…” and reversed »…«
    return prev in _OPEN_LEFT


def _double_spans(text: str, marks: list[re.Match]) -> tuple[list[Span], tuple[int, str] | None]:
    """Pair the double ``marks`` of one paragraph; return spans and the still-open mark, if any."""
    spans: list[Span] = []
    opener: tuple[int, str] | None = None
    for m in marks:
        i, ch = m.start(), m.group()
        if opener is not None and _closes(opener[1], ch):
            if ch in ('"', "''") and text[i - 1].isspace() and _can_open(text, i, ch):
                opener = (i, ch)  # `"a "b` : the first one was stray
                continue
            start = opener[0] + len(opener[1])
            if i > start:
                spans.append(Span(start, i, opener[1], ch))
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


def _single_spans(text: str, lo: int, hi: int, marks: list[int], taken: list[Span]) -> list[Span]:
    """Single-mark quotes at ``marks`` in ``text[lo:hi]`` outside the double-quoted spans ``taken``."""
    blocked = [(s.start - len(s.open_mark), s.end + max(1, len(s.close_mark))) for s in taken]
    openers, closers = [], []
    for i in marks:
        ch = text[i]
        if any(a <= i < b for a, b in blocked) or _is_apostrophe(text, i):
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
        k = bisect.bisect_right(closers, o + 1)
        if k >= len(closers):
            continue
        c = closers[k]
        # plural possessive ("the workers' union"): prefer a later closer before punctuation
        if text[c - 1] in "sz" and c + 2 < hi and text[c + 1] == " " and text[c + 2].islower():
            later = [x for x in closers[k + 1 :] if text[x + 1 : x + 2] in _AFTER_POSSESSIVE]
            if later:
                c = later[0]
        if " " not in text[o + 1 : c] and text[o + 1 : c].rstrip("s").isalpha() is False:
            continue
        spans.append(Span(o + 1, c, text[o], text[c]))
        pos = c + 1
    return spans


_AFTER_POSSESSIVE = set(",.!?;:—\n") | {""}


def _looks_like_speech(content: str) -> bool:
    return len(content.split()) >= 4 and not any(m in content for m in '"“”«»„')


def find_spans(text: str) -> list[Span]:
    """All quoted spans of ``text`` in order, with multi-paragraph quotes split per paragraph.

    >>> t = 'He said "yes," and \u201cno\u201d, and ' + "''maybe.''"
    >>> [t[s.start:s.end] for s in find_spans(t)]
    ['yes,', 'no', 'maybe.']
    """
    paras = [(m.start(), m.end()) for m in _PARA.finditer(text)]
    doubles = list(_DOUBLE.finditer(text))
    starts = [m.start() for m in doubles]
    singles = [m.start() for m in _SINGLE.finditer(text)]
    out: list[Span] = []
    for k, (lo, hi) in enumerate(paras):
        a, b = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
        spans, still_open = _double_spans(text, doubles[a:b]) if a < b else ([], None)
        if still_open is not None:
            nxt = text[paras[k + 1][0] : paras[k + 1][1]].lstrip() if k + 1 < len(paras) else ""
            end = lo + len(text[lo:hi].rstrip())
            start = still_open[0] + len(still_open[1])
            # continued in the next paragraph, or unbalanced: keep it rather than lose it
            if end > start and (
                nxt[:1] in set('"“«„`')
                or nxt[:2] == "''"
                or k + 1 == len(paras)
                or _looks_like_speech(text[start:end])
            ):
                spans.append(Span(start, end, still_open[1], ""))
        a, b = bisect.bisect_left(singles, lo), bisect.bisect_left(singles, hi)
        if a < b:
            spans += _single_spans(text, lo, hi, singles[a:b], spans)
            spans.sort(key=lambda s: s.start)
        out.extend(spans)
    for i, s in enumerate(out):
        s.group = i
    for i, s in enumerate(out[:-1]):
        nxt = out[i + 1]
        between = text[s.end : nxt.start - len(nxt.open_mark)]
        if s.close_mark == "" and between.strip() == "" and "\n" in between:
            nxt.group = s.group
    return out
