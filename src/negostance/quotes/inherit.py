"""Quotes without a frame of their own: a neighbour in the same quote or paragraph, the same
words quoted elsewhere (a headline's quote and the body's), the paragraph before, or whoever the
sentence before was about."""

from __future__ import annotations

import bisect
import re

from negostance.quotes.lexicon import word_set

_EDGE = " ,.;:!?…'’\"“”"
_HEADLINE_END = re.compile(r"[.!?:][\"”’»]?\s*$")  # not "… says X “a trap”"
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_MINOR = word_set("a an the and or of in on to for with at by from as is")


def inherit(att, found: list) -> None:
    """Fill ``found`` (one attribution or None per span of the attributor ``att``) in place."""
    text, spans = att.text, att.spans
    keys = [_content_key(text[s.start : s.end]) for s in spans]
    heads = [headline(att, s.start) for s in spans]
    by_content: dict[str, int] = {}
    in_headline: dict[str, int] = {}  # the last resort of a body quote: the headline's speaker
    for j, key in enumerate(keys):
        if found[j]:
            table = in_headline if heads[j] else by_content
            if key not in table or _strength(found[j]) > _strength(found[table[key]]):
                table[key] = j
    for i, span in enumerate(spans):
        key = keys[i]
        same = by_content.get(key)
        if same is None and key and heads[i]:
            same = _said_below(att, found, heads, i, key)
        if found[i] is not None:
            if same is not None and same != i and heads[i]:
                found[i] = att.copy(found[same])  # a headline quote: whoever says it below
            continue
        para = att.para_of(span.start)
        near = _neighbours(att, i, para, found)
        near = same if near is None else near
        near = in_headline.get(key) if near is None else near
        if near is not None:
            found[i] = att.copy(found[near])
        elif text[para[0] : span.start].strip(" \"“«„'‘`") == "":
            found[i] = _previous_paragraph(att, para)
        elif att.sentence(span.start) >= att.quoted[i][0] - 1:
            found[i] = _in_focus(att, para[0], span.start)


def _said_below(att, found, heads: list[bool], i: int, key: str) -> int | None:
    """The first attributed quote in the body whose words contain the headline's quote ("not up
    for rewriting" in a longer quote below)."""
    if len(key) < 4:
        return None
    for j in range(i + 1, len(att.spans)):
        s = att.spans[j]
        if found[j] is not None and not heads[j] and key in att.text[s.start : s.end].lower():
            return j
    return None


def _in_focus(att, lo: int, pos: int):
    """A quote that opens a sentence with no cue: whoever the paragraph was about
    ("Marrow defended the extension. 'The alternative was no treaty.'")."""
    for ent in att.disc.before(pos, lo):
        if ent.name:
            return att.entity_attribution(ent, "paragraph")
    return None


def title_case_headline(att, pos: int) -> bool:
    """Is ``pos`` in an article's first paragraph, written in title case?"""
    lo, hi = att.paras[0] if att.paras else (0, 0)
    if not lo <= pos < hi:
        return False
    words = [w for w in _TITLE_WORD.findall(att.text, lo, hi) if w.lower() not in _MINOR]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.75 * len(words)


def headline(att, pos: int) -> bool:
    """Is ``pos`` in a short first paragraph that ends without a full stop?"""
    lo, hi = att.para_of(pos)
    return lo == att.paras[0][0] and hi - lo < 200 and not _HEADLINE_END.search(att.text[lo:hi])


def _neighbours(att, i: int, para: tuple[int, int], found) -> int | None:
    """Nearest attributed span of the same multi-paragraph quote or the same paragraph."""
    spans = att.spans
    span = spans[i]
    for j in range(i - 1, max(-1, i - 50), -1):  # a paragraph run on from the one before
        if spans[j].group != span.group:
            break
        if found[j]:
            return j
    for step in range(1, min(50, len(spans))):  # a step past both ends finds nothing
        for j in (i + step, i - step):
            if 0 <= j < len(spans) and found[j]:
                s = spans[j]
                if s.group == span.group or para[0] <= s.start <= para[1]:
                    return j
    return None


def _previous_paragraph(att, para: tuple[int, int]):
    k = bisect.bisect_right(att.para_starts, para[0]) - 1
    if k <= 0:
        return None
    lo, hi = att.paras[k - 1]
    said = [e for e in att.disc.before(hi + 1, lo) if e.said and e.name]
    if said:
        return att.entity_attribution(said[0], "paragraph")
    return att.introduced(lo, hi)  # "The ministry released a statement:"


def _content_key(s: str) -> str:
    """Quoted words compared across the article (a headline's "a trap" and the body's "a trap,")."""
    return s.strip(_EDGE).lower() if len(s) < 200 else s


def _strength(a) -> int:
    name = a.speaker or ""
    return (len(name.split()) > 1) + name[:1].isupper()
