"""Quoted spans that nobody said: scare quotes, and titles of shows, books, laws and slogans.

Both tests look only at the span and the paragraph around it. A title is a short span in title
case ("Face the Nation", "Make Your Kid a Millionaire"); it is dropped when nobody is said to
have said it, or when the words before it name a title ("on CNN's", "his book", "titled").
Headlines are written in title case throughout, so there title case says nothing.
"""

from __future__ import annotations

import re

from negostance.quotes.cues import CUE
from negostance.quotes.lexicon import word_set
from negostance.quotes.marks import Span

_MINOR = word_set("a an the and or nor but of in on to for with at by from as is vs via")
_WORD = re.compile(r"[\w'’-]+")
_ANY_CASE_CUE = re.compile(CUE.pattern, re.I)
_TITLE_CONTEXT = re.compile(
    r"(?:['’]s|\b(?:on|titled|entitled|book|books|show|program|programme|film|movie|song|anthem|"
    r"album|column|op-ed|article|headline|commentary|episode|broadcast|series|newspaper|magazine|"
    r"documentary|play|novel|bill|act|campaign|slogan|hashtag)(?:\s+(?:of|the))*)[\s,]*$",
    re.I,
)
_TITLE_AFTER = re.compile(
    r"[\s,]*(?:radio|television|tv|talk|news)?\s*(?:program|programme|show|series|book|film|movie|"
    r"song|documentary|newspaper|magazine)\b",
    re.I,
)


def _paragraph(text: str, span: Span) -> tuple[int, int]:
    lo = text.rfind("\n", 0, span.start) + 1
    hi = text.find("\n", span.end)
    return lo, hi if hi >= 0 else len(text)


def scare(text: str, span: Span) -> bool:
    """Short, unattributed and with no reporting verb in its paragraph: a scare quote."""
    content = text[span.start : span.end]
    if len(content.split()) > 4 or content.rstrip()[-1:] in {",", ".", "?", "!"}:
        return False
    lo, hi = _paragraph(text, span)
    cue = _ANY_CASE_CUE if _headline(text, span) else CUE  # "Christie Calls Clinton 'A Disgrace'"
    return not cue.search(text[lo:hi])


def title_case(content: str) -> bool:
    """Up to eight words, each capitalised (or a digit, or a short function word after the first).

    >>> title_case("Make Your Kid a Millionaire,"), title_case("we are ready")
    (True, False)
    """
    if content.count(" ") > 12:
        return False
    words = _WORD.findall(content)
    if not 0 < len(words) <= 8 or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR for w in words[1:])


def _headline(text: str, span: Span) -> bool:
    lo, hi = _paragraph(text, span)
    rest = text[lo : span.start] + " " + text[span.end : hi]
    words = [w for w in _WORD.findall(rest) if w[:1].isalpha() and w.lower() not in _MINOR]
    return len(words) >= 2 and sum(w[:1].isupper() for w in words) >= 0.75 * len(words)


def title(text: str, span: Span, attributed: bool) -> bool:
    """A title or name in quotation marks ("Fox News Sunday"), not speech."""
    if not title_case(text[span.start : span.end]) or _headline(text, span):
        return False
    if not attributed:
        return True
    lo = _paragraph(text, span)[0]
    return bool(
        _TITLE_CONTEXT.search(text[max(lo, span.start - 60) : span.start - len(span.open_mark)])
    )
