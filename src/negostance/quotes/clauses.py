"""Sentence and clause structure by patterns: where sentences start (datelines, abbreviations and
initials kept), clauses that close before a quote, and the openings of a clause."""

from __future__ import annotations

import re

from negostance.quotes.cues import SENT_END
from negostance.quotes.lexicon import ABBREV

# an introductory phrase ("Later on Tuesday, "), then the subject
OPENING = re.compile(r"(?:[^,.;:\"“”]{0,80},\s*)?")
OPENING_PRONOUN = re.compile(r"(?:[^,.;:\"“”]{0,80},\s*)?(he|she|they|we|it|i)\b", re.I)
# "The ministry issued a statement saying": a definite noun phrase, then a verb in the past
OPENING_NP = re.compile(
    r"(?:[^,.;:\"“”]{0,80},\s*)?((?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+"
    r"(?:(?:also|then|later|quickly|had|has|have)\s+)?(?:[a-z]+ed|sent|made|gave|took|held|met|"
    r"went|began|put|kept|left|won|lost|wrote|told|said|spoke|sought|struck|drew|brought)\b"
)
# "ORVENA, April 16 (Wire) - ", "GENEVA (Reuters) - ", "MOSCOW, November 8. /TASS/. "
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .,'’-]{2,40}(?:,[^\n]{0,30}?)?(?:\([\w ]{2,20}\)|/[A-Z]{2,10}/\.?)?"
    r"[ \t]*(?:[-–—]+|:)[ \t]+|^[^\n]{0,60}?/[A-Z]{2,10}/\.[ \t]+",
    re.M,
)
_SUBORDINATE = re.compile(
    r"\s*(?:asked|when|while|if|after|before|although|though|as|because|since|whether|once|"
    r"unless|until|despite)\b",
    re.I,
)
_RELATIVE = re.compile(r"\s*(?:who|whose|which|whom)\b")


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start, once per article (abbreviations do not end one).

    >>> t = 'GENEVA (Reuters) - Mr. Lee said E. Moor left. Talks resumed.'
    >>> [t[i:i + 6] for i in sentence_starts(t)]
    ['Mr. Le', 'Talks ']
    """
    out = []
    for m in SENT_END.finditer(text):
        word = text[max(0, m.start() - 6) : m.start()].rsplit(None, 1)[-1:]
        word = word[0].lower().lstrip('("“').rstrip(".") if word else ""
        if word in ABBREV or (len(word) == 1 and word.isalpha()):  # "Mr.", "Marc H. Morial"
            continue
        out.append(m.end())
    return sorted(out + _datelines(text))


def _datelines(text: str) -> list[int]:
    """Ends of the datelines that open an article, in its first 400 characters. A dateline
    starts a line and never runs past it, so only line starts are tried."""
    out = []
    start = 0
    while True:
        if m := _DATELINE.match(text, start, 400):
            out.append(m.end())
        start = text.find("\n", start, 400) + 1
        if start == 0:
            return out


def closed_clause(text: str, lo: int, pos: int, hi: int) -> bool:
    """Is the cue at ``pos`` inside a clause that closes before the quote at ``hi``? ("Asked
    whether X was rejecting it, Lee said: '…'", "Lee, whose talks are continuing, said '…'")."""
    if "," not in text[pos:hi]:
        return False
    before = text[lo:pos]
    if "," not in before:
        return _SUBORDINATE.match(before) is not None
    return _RELATIVE.match(before.rsplit(",", 1)[1]) is not None
