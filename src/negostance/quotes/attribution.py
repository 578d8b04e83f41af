"""Attribute quoted spans to speakers by rules: cue verbs, "according to", colons, dashes.

One pass per article: index the names it gives, find the subject of every reporting verb outside
the quotes (for pronouns and for quotes that stand alone in their paragraph), then look at each
quote's own frame (the text between it and its neighbours in the paragraph).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from negostance.quotes.cues import (
    ACCORDING,
    CUE,
    INVERTED,
    sentence_start,
    subject_after,
    subject_before,
)
from negostance.quotes.marks import Span
from negostance.quotes.names import TITLE_WORDS, Mention, NameIndex, analyse

SubjectFn = Callable[[str, int, int], "tuple[int, int] | None"]
_NAMEWORD = (
    r"(?:[A-Z][\w'’.-]*|(?:al|el)-[A-Z][\w'’.-]*|(?:al|el|bin|de|van|von|da|di|del|la|le)\b)"
)
_CAPRUN = re.compile(rf"{_NAMEWORD}(?:[ \t]+{_NAMEWORD})+")


@dataclass
class Attribution:
    """Who said a span: the resolved ``speaker``, the mention it rests on, and the cue."""

    speaker: str | None
    start: int | None
    end: int | None
    cue: str
    how: str  # which rule found it: left, right, colon, according, dash, inherit, paragraph


@dataclass
class _Said:
    pos: int
    mention: Mention
    span: tuple[int, int]
    resolved: str | None
    cue: str


def _kind(said: _Said) -> str:
    """Person or group, for a pronoun mention by the pronoun it was."""
    if said.mention.kind == "pronoun":
        return "person" if said.mention.name.lower() in {"he", "she", "him", "her"} else "group"
    return "person" if said.mention.kind in {"person", "role"} else "group"


class Attributor:
    """Rules attribution for one article; ``subject_fn`` may be replaced by a parser's."""

    def __init__(self, text: str, spans: list[Span], subject_fn: SubjectFn = subject_before):
        self.text = text
        self.spans = spans
        self.subject_fn = subject_fn
        self.quoted = [(s.start - 1, s.end + 1) for s in spans]
        self._quoted_starts = [a for a, _ in self.quoted]
        self.paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        self._para_starts = [a for a, _ in self.paras]
        self._said_pos: list[int] = []
        self.names = NameIndex()
        self.said: list[_Said] = []
        self._index_names()
        self._scan_cues()

    # -- article-level passes ---------------------------------------------------------------
    def _outside(self, pos: int) -> bool:
        k = bisect.bisect_right(self._quoted_starts, pos) - 1
        return k < 0 or not (self.quoted[k][0] <= pos < self.quoted[k][1])

    def _para_of(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._para_starts, pos) - 1
        if k >= 0 and self.paras[k][0] <= pos <= self.paras[k][1]:
            return self.paras[k]
        return 0, len(self.text)

    def _index_names(self) -> None:
        for m in _CAPRUN.finditer(self.text):
            if not self._outside(m.start()):
                continue
            before = self.text[max(0, m.start() - 40) : m.start()].lower().split()[-3:]
            mention = analyse(m.group())
            mention.titles |= {w.strip(",") for w in before} & TITLE_WORDS
            if mention.kind == "person" and len(mention.name.split()) >= 2:
                self.names.add(mention)

    def _scan_cues(self) -> None:
        for m in CUE.finditer(self.text):
            if not self._outside(m.start()):
                continue
            lo = sentence_start(self.text, self._para_of(m.start())[0], m.start())
            span = self.subject_fn(self.text, lo, m.start())
            if span:
                self._record(m.start(), span, m.group())

    def _record(self, pos: int, span: tuple[int, int], cue: str) -> _Said | None:
        mention = analyse(self.text[span[0] : span[1]])
        if mention.kind == "none":
            return None
        if (
            mention.kind == "person"
            and " " not in mention.name
            and not self.names.knows(mention.name)
        ):
            mention.kind = "group"  # "Venezuelan", "Pakistan": one word nobody was named by
        said = _Said(
            pos, mention, self._mention_span(span, mention), self.resolve(mention, pos), cue
        )
        k = bisect.bisect_right(self._said_pos, pos)
        self._said_pos.insert(k, pos)
        self.said.insert(k, said)
        return said

    def _mention_span(self, span: tuple[int, int], mention: Mention) -> tuple[int, int]:
        seg = self.text[span[0] : span[1]]
        i = seg.rfind(mention.name) if mention.name else -1
        return (span[0] + i, span[0] + i + len(mention.name)) if i >= 0 else span

    def resolve(self, mention: Mention, pos: int) -> str | None:
        """The fullest name for a mention at ``pos``: surnames, pronouns and roles resolved."""
        if mention.kind == "person":
            return self.names.resolve(mention.name)
        k = bisect.bisect_left(self._said_pos, pos)
        before = [s for s in self.said[max(0, k - 200) : k] if s.resolved]
        if mention.kind == "pronoun":
            low = mention.name.lower()
            want = "person" if low in {"he", "she", "him", "her"} else "group"
            for s in reversed(before):
                if _kind(s) == want:
                    return s.resolved
            return self._last_person_named(pos) if want == "person" else None
        if mention.kind == "role":
            people = [(s.pos, s.resolved) for s in before if _kind(s) == "person"]
            return (
                self.names.by_title(mention.titles, people) or self._titled(mention) or mention.name
            )
        if mention.name.lower().startswith("the ") or len(mention.name.split()) == 1:
            # "the sources" after "Hamas sources": the fuller group named before
            head = mention.name.split()[-1].lower()
            for s in reversed(before):
                words = s.resolved.lower().split()
                if _kind(s) == "group" and words[-1] == head and len(words) > 1:
                    return s.resolved
        return re.sub(r"^the\s+", "", mention.name)

    def _titled(self, mention: Mention) -> str | None:
        hits = [
            n
            for k, n in self.names.full.items()
            if self.names.titles.get(k, set()) & mention.titles
        ]
        return hits[0] if len(hits) == 1 else None

    def _last_person_named(self, pos: int) -> str | None:
        best = None
        for m in _CAPRUN.finditer(self.text, max(0, pos - 3000), pos):
            mention = analyse(m.group())
            if mention.kind == "person":
                best = self.names.resolve(mention.name)
        return best

    # -- per quote ----------------------------------------------------------------------------
    def attribute(self) -> list[Attribution | None]:
        """One attribution (or None) per span, in the order of ``spans``."""
        found = [self._direct(i) for i in range(len(self.spans))]
        self._inherit(found)
        return found

    def _frame(self, i: int) -> tuple[int, int, int, int]:
        span = self.spans[i]
        lo, hi = self._para_of(span.start)
        left, right = lo, hi
        if i > 0 and self.spans[i - 1].end >= lo:
            left = max(lo, self.spans[i - 1].end + 1)
        if i + 1 < len(self.spans) and self.spans[i + 1].start <= hi:
            right = max(span.end + 1, self.spans[i + 1].start - 1)
        return left, span.start - 1, span.end + 1, right

    def _direct(self, i: int) -> Attribution | None:
        left_lo, left_hi, right_lo, right_hi = self._frame(i)
        content = self.text[self.spans[i].start : self.spans[i].end].rstrip()
        trailing = content[-1:] in {",", "?", "!", "—", "–", "-", "…"} or content[-1:] not in {
            ".",
            "",
        }
        right = self._right(right_lo, right_hi, loose=trailing)
        left = self._left(left_lo, left_hi, self.spans[i].start)
        if trailing and right:
            return right
        return left or right

    def _right(self, lo: int, hi: int, loose: bool) -> Attribution | None:
        seg = self.text[lo:hi]
        lead = len(seg) - len(seg.lstrip(" ,.;:!?)]"))
        p = lo + lead
        rest = self.text[p:hi]
        if m := re.match(r"[—–-]+\s*", rest):  # trailing dash and name
            span = subject_after(self.text, p + m.end(), hi)
            if span and self.text[span[1] : hi].strip(" .") == "":
                return self._make(span, "—", "dash", p)
        if m := ACCORDING.match(rest):
            span = subject_after(self.text, p + m.end(), hi)
            return self._make(span, "according to", "according", p) if span else None
        m = CUE.match(rest)
        if m and m.group().lower().split()[-1] in INVERTED:
            span = subject_after(self.text, p + m.end(), hi)
            if span and analyse(self.text[span[0] : span[1]]).kind != "none":
                return self._make(span, m.group(), "right", p)
        window = self.text[p : min(hi, p + 160)]
        for m in CUE.finditer(window):
            if re.search(r"[.!?]\s", window[: m.start()]) or not (loose or m.start() < 60):
                break
            span = self.subject_fn(self.text, p, p + m.start())
            if span and analyse(self.text[span[0] : span[1]]).kind != "none":
                return self._make(span, m.group(), "right", p + m.start())
            break
        return None

    def _left(self, lo: int, hi: int, pos: int) -> Attribution | None:
        start = sentence_start(self.text, lo, hi)
        seg = self.text[start:hi]
        if m := ACCORDING.search(seg):
            span = subject_after(self.text, start + m.end(), hi)
            if span:
                return self._make(span, "according to", "according", start + m.start())
        cues = list(CUE.finditer(self.text, start, hi))
        for m in reversed(cues):
            sub_lo = sentence_start(self.text, lo, m.start())
            span = self.subject_fn(self.text, sub_lo, m.start())
            if span is None or analyse(self.text[span[0] : span[1]]).kind == "none":
                continue
            return self._make(span, m.group(), "left", m.start())
        if seg.rstrip().endswith(":"):
            span = self.subject_fn(self.text, start, start + len(seg.rstrip()) - 1)
            if span and analyse(self.text[span[0] : span[1]]).kind != "none":
                return self._make(span, ":", "colon", hi)
        return None

    def _make(self, span: tuple[int, int], cue: str, how: str, pos: int) -> Attribution | None:
        said = self._record(pos, span, cue)
        if said is None:
            return None
        return Attribution(said.resolved, said.span[0], said.span[1], re.sub(r"\s+", " ", cue), how)

    def _inherit(self, found: list[Attribution | None]) -> None:
        """Quotes without a frame of their own: same quote group, paragraph, or the one before."""
        by_content: dict[str, int] = {}
        for j, s in enumerate(self.spans):
            if found[j]:
                by_content.setdefault(self.text[s.start : s.end].strip(" ,."), j)
        for i, span in enumerate(self.spans):
            if found[i] is not None:
                continue
            para = self._para_of(span.start)
            near = self._neighbours(i, para, found)
            if near is None:
                near = by_content.get(self.text[span.start : span.end].strip(" ,."))
            if near is not None:
                a = found[near]
                found[i] = Attribution(a.speaker, a.start, a.end, a.cue, "inherit")
            elif self.text[para[0] : span.start].strip(" \"“«„'‘") == "":
                found[i] = self._previous_paragraph(para)

    def _neighbours(self, i: int, para: tuple[int, int], found) -> int | None:
        """Nearest attributed span of the same multi-paragraph quote or the same paragraph."""
        span = self.spans[i]
        for step in range(1, 50):
            for j in (i + step, i - step):
                if 0 <= j < len(self.spans) and found[j]:
                    s = self.spans[j]
                    if s.group == span.group or para[0] <= s.start <= para[1]:
                        return j
        return None

    def _previous_paragraph(self, para: tuple[int, int]) -> Attribution | None:
        k = bisect.bisect_right(self._para_starts, para[0]) - 1
        if k <= 0:
            return None
        lo, hi = self.paras[k - 1]
        a, b = bisect.bisect_left(self._said_pos, lo), bisect.bisect_right(self._said_pos, hi)
        last = [s for s in self.said[a:b] if s.resolved]
        if not last:
            return None
        s = last[-1]
        return Attribution(s.resolved, s.span[0], s.span[1], s.cue, "paragraph")
