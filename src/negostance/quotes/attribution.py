"""Attribute quoted spans to speakers by rules: cue verbs, "according to", colons, dashes.

One pass per article: index who the article talks about (:class:`Discourse`), find the subject of
every reporting verb outside the quotes, then look at each quote's own frame (the text between it
and its neighbours in the paragraph); quotes without a frame inherit from their neighbours.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from negostance.quotes.clauses import (
    OPENING,
    OPENING_NP,
    OPENING_PRONOUN,
    closed_clause,
    sentence_starts,
)
from negostance.quotes.cues import (
    ACCORDING,
    BASE_FORMS,
    CUE,
    is_participle,
    noun_use,
    prev_word,
    subject_after,
    subject_before,
)
from negostance.quotes.discourse import Discourse, Entity
from negostance.quotes.inherit import inherit, title_case_headline
from negostance.quotes.lexicon import CALENDAR, NOUNABLE, ORG_WORDS, TITLE_WORDS
from negostance.quotes.marks import Span
from negostance.quotes.names import analyse, demonym

SubjectFn = Callable[[str, int, int], "tuple[int, int] | None"]
_PARA = re.compile(r"[^\n]+")
_GENDER_AFTER = re.compile(r"\s+(?:that\s+)?(he|she)\b")
_LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")  # "PENCE: Well, ..."
# ", who [verb ...]" right before a cue (not "who he said", "who Lee called")
_WHO = re.compile(r",\s+(who)\s+(?!(?:he|she|they|we|i|you|it)\b)(?:[a-z][^,;:\"“”()—–.!?]*)?$")
# "Transcript as follows:", "X released the following statement:"
_AS_FOLLOWS = re.compile(r"(?:\s+[a-z]+)?\s+(?:as\s+follows|the\s+following(?:\s+[a-z]+){0,2})\s*$")
_APPOSED = re.compile(r"([A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+)+),[ \t]+[^,;:\"“”()]+$")
_LEAD_CUE = re.compile(r"(?:Said|Stated|Added|Continued|Wrote|Asked|Explained|Declared)\s+")
_OPEN_RELATIVE = re.compile(r",\s+(?:who|whose|which|whom)\b[^,]*$")
_ANY_CASE_CUE = re.compile(CUE.pattern, re.I)
_HEADLINE_SOURCE = re.compile(r"\s*([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}):\s")
_DASH = re.compile(r"[—–―-]+\s*")
_PERSON_HEADS = (TITLE_WORDS - ORG_WORDS) | {"source"}  # not "the army", "the union"


@dataclass
class Attribution:
    """Who said a span: the resolved ``speaker``, the mention it rests on, and the cue."""

    speaker: str | None
    start: int | None
    end: int | None
    cue: str
    how: str  # which rule found it: left, right, colon, according, dash, inherit, paragraph


class Attributor:
    """Rules attribution for one article; ``subject_fn`` may be replaced by a parser's."""

    def __init__(self, text: str, spans: list[Span], subject_fn: SubjectFn = subject_before):
        self.text = text
        self.spans = spans
        self.subject_fn = subject_fn
        self.quoted = [
            (s.start - len(s.open_mark), s.end + max(1, len(s.close_mark))) for s in spans
        ]
        self._quoted_starts = [a for a, _ in self.quoted]
        self.paras = [(m.start(), m.end()) for m in _PARA.finditer(text)]
        self.para_starts = [a for a, _ in self.paras]
        self._sents = sentence_starts(text)
        edges = [0, *(x for q in self.quoted for x in q), len(text)]
        segments = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b > a]
        self._said_at: dict[int, Entity] = {}
        self.disc = Discourse(text, self.para_of, segments, self.sentence)
        # who said what is worked out lazily, in text order, as far as a resolution looks back;
        # the cues themselves are found as far as that too (the rest of the text is not scanned)
        self._cues = (m for a, b in segments for m in CUE.finditer(text, a, b))
        self._next_cue = next(self._cues, None)
        self.disc.ensure = self._ensure
        self._nouns: dict[int, bool] = {}

    def _ensure(self, pos: int) -> None:
        """Find the subject of every cue before ``pos`` (within a resolution's reach), in order."""
        while self._next_cue is not None and self._next_cue.start() < pos:
            m = self._next_cue
            self._next_cue = next(self._cues, None)
            if m.start() >= pos - 4000 and not self._noun(m.start()):
                self._subject(m)

    def sentence(self, pos: int, lo: int | None = None) -> int:
        """Start of the sentence holding ``pos`` (not before ``lo``, by default its paragraph)."""
        k = bisect.bisect_right(self._sents, pos) - 1
        lo = self.para_of(pos)[0] if lo is None else lo
        return max(lo, self._sents[k]) if k >= 0 else lo

    def _outside(self, pos: int) -> bool:
        k = bisect.bisect_right(self._quoted_starts, pos) - 1
        return k < 0 or not (self.quoted[k][0] <= pos < self.quoted[k][1])

    def para_of(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.para_starts, pos) - 1  # so paras[k] starts at or before pos
        if k >= 0 and pos <= self.paras[k][1]:
            return self.paras[k]
        return 0, len(self.text)

    # -- subjects of cues ---------------------------------------------------------------------
    def _noun(self, pos: int) -> bool:
        """Is the cue at ``pos`` a noun? Also "the Venezuelan state", "Republican claims": an
        adjective of nationality or party before it that names nobody in the article."""
        # asked of most cues twice or more; the names it consults are all indexed by now
        if pos not in self._nouns:
            self._nouns[pos] = self._is_noun(pos)
        return self._nouns[pos]

    def _is_noun(self, pos: int) -> bool:
        if noun_use(self.text, pos):
            return True
        word = prev_word(self.text, pos) or ""
        if not (word.isalpha() and demonym(word)) or self.disc.names.knows(word):
            return False
        return self.text[pos : pos + 12].split(None, 1)[0].lower() in NOUNABLE

    def _subject(self, cue: re.Match, lo: int | None = None) -> Entity | None:
        """The entity that is the subject of the reporting verb ``cue`` (recorded once)."""
        pos = cue.start()
        if pos in self._said_at:
            return self._said_at[pos]
        sent = self.sentence(pos)
        if lo is None:  # the subject never lies inside or before a quote in its sentence ...
            k = bisect.bisect_right(self._quoted_starts, pos) - 1
            lo = max(sent, self.quoted[k][1]) if k >= 0 and self.quoted[k][1] <= pos else sent
            if (
                k >= 0
                and self.text[lo:pos].strip() == ","
                and _OPEN_RELATIVE.search(self.text, sent, self.quoted[k][0])
            ):  # ... unless it closes a clause: 'Lee, who called it "theatre", said'
                lo = sent
        # "X said ..., adding"; "a message saying"; "X smiled and said"; "X went on to call"
        before = (prev_word(self.text, pos) or "").lower()
        if is_participle(self.text, pos, cue.group()) or before in ("and", "to", "but"):
            ent = self._clause_subject(sent, pos, cue.group())
            if ent is not None:
                return self._add(pos, ent.span, ent.name, ent.kind, cue.group(), ent.head)
        if m := _WHO.search(self.text, lo, pos):  # 'Lee, who called it "a trap"': Lee, by "who"
            span = self._antecedent(lo, m.start())
            # a relative clause's subject is no antecedent for a later "he": not in the discourse
            return self._record(pos, span, cue.group(), m.span(1)) if span else None
        span = self.subject_fn(self.text, lo, pos)
        return self._record(pos, span, cue.group()) if span else None

    def _antecedent(self, lo: int, comma: int) -> tuple[int, int] | None:
        """Who "who" stands for: the phrase before ", who", or the person whose appositive that
        phrase is ("said Ann Lee, chairwoman of the federation, who called it")."""
        span = self.subject_fn(self.text, lo, comma)
        if (
            span
            and analyse(self.text[span[0] : span[1]]).kind != "person"
            and (m := _APPOSED.search(self.text, lo, comma))
            and analyse(m.group(1)).kind == "person"
        ):
            return m.span(1)
        return span

    def _clause_subject(self, lo: int, pos: int, cue: str, keep: bool = True) -> Entity | None:
        """Subject of the clause a dependent cue hangs on: who said something earlier in the
        sentence, else its first subject, else the pronoun or name that opens it (recorded as a
        speaker only with ``keep``)."""
        ents = list(self.disc.before(pos, lo))
        said = [e for e in ents if e.said]
        if said or ents:
            return said[0] if said else ents[-1]
        if m := OPENING_PRONOUN.match(self.text, lo, pos):
            return self._record(pos, m.span(1), cue, keep=keep)
        if m := OPENING_NP.match(self.text, lo, pos):  # "The ministry issued a statement saying"
            return self._record(pos, m.span(1), cue, keep=keep)
        first = self.disc.first_in(lo, pos)
        if first is not None and OPENING.fullmatch(self.text, lo, first.pos):
            return first
        return None

    def _weak(self, ent: Entity) -> bool:
        """Unresolved, a common noun ("the government", "protests") or "it": a poor speaker."""
        if not ent.name:
            return True
        said = self.text[ent.span[0] : ent.span[1]].lower()
        return (ent.kind == "group" and not ent.name[:1].isupper()) or said in ("it", "they")

    def _record(
        self,
        pos: int,
        span: tuple[int, int],
        cue: str,
        relative: tuple[int, int] | None = None,
        keep: bool = True,
    ) -> Entity | None:
        """The entity named by ``span``, as the subject of the cue at ``pos``; with ``relative``
        (the span of "who"), the mention is that pronoun and the entity stays out of focus;
        without ``keep``, a candidate that is not recorded at all."""
        said = self.text[span[0] : span[1]].rstrip()
        if said.endswith(("'s", "’s")):
            return None  # a possessor, not the subject: "Ann Lee's remarks"
        mention = analyse(said)
        if mention.kind == "none" or (mention.name or " ").split()[-1] in CALENDAR:
            return None  # "Super Tuesday", "Facebook Friday": a day is nobody
        if (
            mention.kind == "person"
            and " " not in mention.name
            and not self.disc.names.knows(mention.name)
        ):
            mention.kind = "group"  # "Venezuelan", "Pakistan": one word nobody was named by
        name, kind = self.disc.resolve(mention, pos)
        if name is None and mention.kind != "pronoun":
            return None
        seg = self.text[span[0] : span[1]]
        i = seg.rfind(mention.name) if mention.name else -1
        mspan = (span[0] + i, span[0] + i + len(mention.name)) if i >= 0 else span
        last = (mention.name or "").split()[-1:] or [""]
        head = last[0].lower() if mention.kind in ("group", "role") and last[0].islower() else ""
        if head and kind == "group" and not head.endswith("s") and head in _PERSON_HEADS:
            kind = "person"  # "a senior official", "the diplomat"
        ent = _said(pos, relative or mspan, name, kind, cue, head)
        if not keep:
            return ent
        if relative is not None:
            self._said_at[pos] = ent
            return ent
        self._keep(ent)
        if kind == "person" and name and (g := _GENDER_AFTER.match(self.text, pos + len(cue))):
            self.disc.names.note_gender(name, {g.group(1)})
        return ent

    def _add(self, pos, span, name, kind, cue, head="") -> Entity:
        return self._keep(_said(pos, span, name, kind, cue, head))

    def _keep(self, ent: Entity) -> Entity:
        """Record ``ent`` as who said something at its position: a speaker in the discourse."""
        self.disc.add(ent)
        self._said_at[ent.pos] = ent
        return ent

    # -- per quote ----------------------------------------------------------------------------
    def attribute(self) -> list[Attribution | None]:
        """One attribution (or None) per span, in the order of ``spans``."""
        found = [self._direct(i) for i in range(len(self.spans))]
        inherit(self, found)
        return found

    def _frame(self, i: int) -> tuple[int, int, int, int]:
        span = self.spans[i]
        lo, hi = self.para_of(span.start)
        left, right = lo, hi
        if i > 0 and self.spans[i - 1].end >= lo:
            left = max(lo, self.quoted[i - 1][1])
        if i + 1 < len(self.spans) and self.spans[i + 1].start <= hi:
            right = max(self.quoted[i][1], self.quoted[i + 1][0])
        return left, self.quoted[i][0], self.quoted[i][1], right

    def _direct(self, i: int) -> Attribution | None:
        left_lo, left_hi, right_lo, right_hi = self._frame(i)
        content = self.text[self.spans[i].start : self.spans[i].end].rstrip()
        if m := _LABEL.match(content):  # a transcript line: "PENCE: Well, look, ..."
            return self._label(self.spans[i].start, self.spans[i].start + m.end(1))
        after = self.text[right_lo:right_hi].lstrip(" ")
        # a quote that ends on a comma (inside or outside the marks) hands over to what follows;
        # a fragment mid-sentence ('called it "a trap" as Lee said') belongs to the verb before it
        trailing = content[-1:] in {",", "?", "!", "—", "–", "-", "…"} or (
            content[-1:] not in {".", ""} and after[:1] in {",", "—", "–", "-", ")"}
        )
        right = self._right(right_lo, right_hi, loose=trailing)
        if trailing and right:
            return right
        return self._left(left_lo, left_hi) or right or self._sentence_subject(left_lo, left_hi)

    def _right(self, lo: int, hi: int, loose: bool) -> Attribution | None:
        seg = self.text[lo:hi]
        p = lo + len(seg) - len(seg.lstrip(" ,.;:!?)]\xa0"))
        rest = self.text[p:hi]
        if m := _DASH.match(rest):  # trailing dash and name
            span = subject_after(self.text, p + m.end(), hi)
            if span and self.text[span[1] : hi].strip(" .") == "":
                return self._make(span, "—", "dash", p)
        if m := ACCORDING.match(rest):
            span = subject_after(self.text, p + m.end(), hi)
            return self._make(span, "according to", "according", p) if span else None
        m = CUE.match(rest)
        if (
            m
            and not is_participle(self.text, p, m.group())
            and m.group().split()[-1].lower() not in BASE_FORMS
        ):
            span = subject_after(self.text, p + m.end(), hi)  # '"...," said Ann Lee'
            if span and analyse(self.text[span[0] : span[1]]).kind != "none":
                return self._make(span, m.group(), "right", p)
        window = self.text[p : min(hi, p + 160)]
        for m in CUE.finditer(window):
            if self.sentence(p + m.start(), p) > p or not (loose or m.start() < 60):
                break
            if self._noun(p + m.start()):
                continue
            ent = self._subject(_Shifted(m, p), p)
            if ent is not None:
                return _attribution(ent, "right")
            break
        return None

    def _left(self, lo: int, hi: int) -> Attribution | None:
        start = self.sentence(hi, lo)
        if not self.text[start:hi].strip():  # the quote opens a sentence: "Lee said so. 'We...'"
            start = self.sentence(max(lo, start - 1), lo)
        seg = self.text[start:hi]
        according = None
        if m := ACCORDING.search(seg):
            span = subject_after(self.text, start + m.end(), hi)
            if span:
                according = self._make(span, "according to", "according", start + m.start())
            # an unnamed "person who has seen the text" reports; a named speaker's verb wins
            if according is not None and not (according.speaker or "")[:1].islower():
                return according
        # the nearest verb with a proper speaker ('what she called "…"', 'X said the protests
        # demand "…"'), else the nearest; never one in a clause closed before the quote
        found = []
        headline = title_case_headline(self, start)
        for m in (_ANY_CASE_CUE if headline else CUE).finditer(self.text, start, hi):
            if self._noun(m.start()) or closed_clause(self.text, start, m.start(), hi):
                continue
            ent = self._subject(m)
            if ent is not None:
                found.append(ent)
        if found:
            good = [e for e in found if not self._weak(e)]
            best = good[-1] if good else found[-1]
            same = [e for e in found if e.name and e.name == best.name]
            return _attribution(
                same[0] if same else best, "left"
            )  # "Lee condemned what she called"
        if according is not None:
            return according
        if headline and (m := _HEADLINE_SOURCE.match(self.text, start, hi)):
            return self._make(m.span(1), ":", "colon", start)  # "Pat Caddell: Voters ..."
        if seg.rstrip().endswith(":"):
            end = start + len(seg.rstrip()) - 1
            if m := _AS_FOLLOWS.search(self.text, start, end):
                end = m.start()
            span = self.subject_fn(self.text, start, end)
            if span and (m := _LEAD_CUE.match(self.text, span[0], span[1])):
                span = (m.end(), span[1])  # "Continued Stone:"
            if span and analyse(self.text[span[0] : span[1]]).kind != "none":
                return self._make(span, ":", "colon", hi)
        return None

    def introduced(self, lo: int, hi: int) -> Attribution | None:
        """A paragraph ``[lo, hi)`` that ends on a colon introduces the quote after it
        ("The minister released a statement:" / "Transcript as follows:")."""
        end = lo + len(self.text[lo:hi].rstrip())
        if end <= lo or self.text[end - 1] != ":":
            return None
        k = bisect.bisect_left(self._quoted_starts, end) - 1
        if k >= 0 and self.quoted[k][1] > lo:
            lo = max(lo, self.quoted[k][1])  # only what follows the paragraph's last quote
        return self._left(lo, end)

    def _sentence_subject(self, lo: int, hi: int) -> Attribution | None:
        """No verb of saying on either side: a partial quote takes the subject of its sentence
        when that is a person ('Lee went further, endorsing "…"')."""
        start = self.sentence(hi, lo)
        if not self.text[start:hi].strip():  # as in _left: the quote opens its sentence
            start = self.sentence(max(lo, start - 1), lo)
        if len(self.text[start:hi].split()) < 3:
            return None
        ent = self._clause_subject(start, hi, "", keep=False)
        if ent is None or ent.kind != "person" or self._weak(ent):
            return None  # a rejected candidate leaves no trace in the discourse
        if ent.pos == hi and hi not in self._said_at:
            self._keep(ent)  # a candidate made here, accepted: now a speaker
        return _attribution(ent, "subject")

    def _label(self, start: int, end: int) -> Attribution:
        name = self.text[start:end].title()  # "PENCE" -> "Pence" -> "Mike Pence"
        if analyse(name).kind == "person":
            name = self.disc.names.resolve(name)
        return _attribution(self._add(start, (start, end), name, "person", ":"), "label")

    @staticmethod
    def entity_attribution(ent: Entity, how: str) -> Attribution:
        return _attribution(ent, how)

    @staticmethod
    def copy(a: Attribution) -> Attribution:
        return Attribution(a.speaker, a.start, a.end, a.cue, "inherit")

    def _make(self, span: tuple[int, int], cue: str, how: str, pos: int) -> Attribution | None:
        ent = self._record(pos, span, cue)
        return _attribution(ent, how) if ent is not None else None


class _Shifted:
    """A match found in a window, with its start moved back into article offsets."""

    def __init__(self, m: re.Match, offset: int):
        self._m, self._offset = m, offset

    def start(self) -> int:
        return self._m.start() + self._offset

    def group(self) -> str:
        return self._m.group()


def _said(pos: int, span: tuple[int, int], name, kind: str, cue: str, head: str) -> Entity:
    return Entity(pos, span, name, kind, said=True, cue=" ".join(cue.split()), head=head)


def _attribution(ent: Entity, how: str) -> Attribution:
    return Attribution(ent.name, ent.span[0], ent.span[1], ent.cue, how)
