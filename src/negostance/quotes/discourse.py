"""Who an article is talking about: named entities in subject position, and who said what.

``Discourse`` indexes an article once (names, their titles, gender cues, organisations, and the
persons or groups that stand as the subject of a sentence, whatever its verb) and resolves short
mentions against it: a pronoun to the nearest compatible subject before it, "the minister" to
the nearest person who carried that title, "the union" to the fuller name the article gave.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from negostance.quotes.cues import CUE, trie_pattern
from negostance.quotes.lexicon import (
    CALENDAR,
    DETERMINERS,
    FUNCTION_WORDS,
    ORG_WORDS,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLE_SYNONYMS,
    TITLE_WORDS,
    word_set,
)
from negostance.quotes.names import Mention, NameIndex, analyse

_NAMEWORD = (
    r"(?:[A-Z][\w'’.-]*|(?:al|el)-[A-Z][\w'’.-]*|(?:al|el|bin|de|van|von|da|di|del|la|le)\b)"
)
# the capital first, then the look back: the regex engine can skip ahead to capitals
CAPRUN = re.compile(rf"[A-Z](?<![\w'’-][A-Z])[\w'’.-]*(?:[ \t]+{_NAMEWORD})*")
_ORG_OF = re.compile(
    r"[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?[A-Z][\w'’.-]*(?:[ \t]+(?:and[ \t]+)?[A-Z][\w'’.-]*)*"
)
_AFTER_SKIP = re.compile(
    r"^[ \t]*(?:\([^()]{0,40}\)[ \t]*)?(?:(?:on|last|this|late|early)[ \t]+\w+[ \t]+)?"
    r"(?:(?:of|from)[ \t]+(?:the[ \t]+)?[\w'’-]+(?:[ \t]+[A-Z][\w'’-]*)*[ \t]+)?"
)
_CAPS = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*"
_LEADING = FUNCTION_WORDS | DETERMINERS
_OFFICE = re.compile(r"\b(?:Commissioner|Minister|Secretary|Ministry|Director)\s+(?:for|of)\s+$")
_INDEFINITE = frozenset(["a", "an", "one", "neither", "either", "both", "some", "each"])
_ANY_ORG = frozenset(["company", "organisation", "organization", "group", "firm"])
_GENERIC_REFS = _ANY_ORG | {"agency", "ministry", "office"}  # "office": only an office's name
_DOCUMENTS = frozenset(["statement", "communique", "communiqué", "commentary", "letter", "message"])
_PAIRED = frozenset(["sides", "parties", "countries", "delegations", "governments"])
_AND_CAPS = rf"(?:,?[ \t]+and[ \t]+(?:the[ \t]+)?{_CAPS})?"  # "Aldmark and Esterra negotiators"
_GENERIC_ORG = word_set(
    "ministry government office department agency council committee commission army forces "
    "police court parliament cabinet administration embassy delegation coastguard navy"
)
_OF_STARTS = frozenset(
    {" of t", " of T", " for ", " on t", " on T"}
    | {f" of {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    | {f" on {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)
_NOT_LONE = FUNCTION_WORDS | DETERMINERS | PRONOUNS
_ORG_LEAD = re.compile(r"[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?")
_CAP_FUNCTION_WORD = (
    "(?:"
    + trie_pattern(w.capitalize() for w in FUNCTION_WORDS | DETERMINERS | PRONOUNS)
    + r")(?![\w'’-])"
)
# a full stop after a lower-case word, or a capitalised function word after a space or a tab:
# every alternative opens with a literal, so the engine skips ahead to those three characters
_RUN_BREAK = re.compile(
    rf"\.(?<=[a-z]{{3}}\.)(?=[ \t])| [ \t]*{_CAP_FUNCTION_WORD}|\t[ \t]*{_CAP_FUNCTION_WORD}"
)
_NOT_VERB = FUNCTION_WORDS | DETERMINERS | {"and", "or", "nor", "'s", "’s", "who", "which"}
_CONNECT = {"of", "for", "and", "to", "at", "in", "on"}
_THAT = re.compile(r"\bthat\b")
_TITLE_OR_HONORIFIC = TITLE_WORDS | {"ms", "ms.", "mrs", "mrs.", "mr", "mr."}


@dataclass(slots=True)
class Entity:
    """A person or group mentioned at ``span``: as a sentence subject, or as who said something."""

    pos: int
    span: tuple[int, int]
    name: str  # resolved: the fullest form the article gives
    kind: str  # "person" or "group" (what the mention refers to)
    said: bool = False
    cue: str = ""
    titles: set[str] = field(default_factory=set)
    head: str = ""  # last word of a description ("official" in "a senior official")
    subject: bool | None = True  # stands as the subject of its clause (None: not yet known)


class Discourse:
    """Article-level index for resolving speakers; ``segments`` are the stretches not quoted."""

    def __init__(self, text: str, para_of, segments, sent_start):
        self.text = text
        self.para_of = para_of
        self.sent_start = sent_start
        self.names = NameIndex()
        self.orgs: list[str] = []
        self.entities: list[Entity] = []
        self._pos: list[int] = []
        self.ensure = lambda pos: None  # set by the attributor: find speakers up to ``pos``
        self._scan(segments)

    # -- indexing ------------------------------------------------------------------------------
    def _scan(self, segments) -> None:
        text = self.text
        found = []
        runs = (m for a, b in segments for m in CAPRUN.finditer(text, a, b))
        for m in runs:
            start, end, run = m.start(), m.end(), m.group()
            if " " in run or "\t" in run:
                end = start + _run_end(run)
                start = _name_start(text, run, start, end)
            elif len(run) < 2 or run.lower() in _NOT_LONE:
                continue
            # the head word is looked at only when "of the ..." follows
            if (
                text[end : end + 5] in _OF_STARTS
                and (
                    (head := text[start:end].rsplit(None, 1)[-1].lower()) in ORG_WORDS
                    or head in TITLE_WORDS
                )
                and (org := _ORG_OF.match(text, end))
            ):
                lead = _ORG_LEAD.match(org.group()).end()  # "International Committee of the …"
                end = org.start() + lead + _run_end(org.group()[lead:])
            mention = analyse(text[start:end])
            kind, name = mention.kind, mention.name
            if kind != "person" and kind != "group":
                continue
            if " " in name and kind == "person":
                lo = self.para_of(start)[0]
                before = text[max(lo, start - 60) : start]
                mention.titles |= _titles_around(before, text[end : end + 160])
                self.names.add(mention)
            elif " " in name:
                self.orgs.append(name)
            if name.rsplit(None, 1)[-1] in CALENDAR:
                continue  # "Super Tuesday", "Black Friday"
            found.append((start, end, mention))
        for start, end, mention in found:
            name = mention.name
            if mention.kind == "person":
                if " " not in name and not self.names.knows(name):
                    continue  # "Pakistan", "Venezuelan": a lone capitalised word nobody was named by
                name = self.names.resolve(name)
            # whether it is a clause subject is worked out only if a resolution asks
            ent = Entity(
                start, (start, end), name, mention.kind, titles=mention.titles, subject=None
            )
            self.entities.append(ent)
            self._pos.append(start)

    def salient(self, ent: Entity) -> bool:
        """Said something, or stands as the subject of its clause (decided once, on demand)."""
        if ent.said:
            return True
        if ent.subject is None:
            ent.subject = self._is_subject(*ent.span)
        return ent.subject

    def _is_subject(self, start: int, end: int) -> bool:
        """Does the mention at ``start:end`` stand as the subject of its clause?"""
        text = self.text
        prefix = text[self.sent_start(start) : start].rsplit(",", 1)[-1]
        if CUE.search(prefix) or _THAT.search(prefix):
            return False  # the subject of a reported clause ("said that Aliyev agreed")
        loose = 0
        for w in prefix.split():
            low = w.lower()
            if (
                w[:1].isupper()
                or low in TITLE_WORDS
                or low in DETERMINERS
                or low.endswith(("'s", "’s"))
            ):
                continue
            loose += low not in _CONNECT
            if loose > 2:
                return False
        after = text[end : end + 200]
        if after[:1] in "'’":
            return False
        if after[:1] == ",":  # appositive or relative clause, then the verb
            if text[max(0, start - 2) : start].strip() == "," and _verb_next(after[1:], skip=False):
                return True  # the name is the appositive: "The lead plaintiff, Ann Lee, was"
            k = after.find(",", 1)
            piece = after[1:k].strip() if k > 0 else ""
            if k < 0 or not piece or piece[:1].isupper() or piece.split()[0] in ("and", "or"):
                return False
            after = after[k + 1 :]
        return _verb_next(after)

    def add(self, ent: Entity) -> None:
        k = bisect.bisect_right(self._pos, ent.pos)
        self._pos.insert(k, ent.pos)
        self.entities.insert(k, ent)

    def first_in(self, lo: int, hi: int) -> Entity | None:
        """The first entity mentioned in ``[lo, hi)``, salient or not."""
        k = bisect.bisect_left(self._pos, lo)
        return self.entities[k] if k < len(self._pos) and self._pos[k] < hi else None

    def before(self, pos: int, lo: int | None = None):
        """Salient entities (speakers, clause subjects) in ``[lo, pos)``, nearest first; by
        default no further back than a few paragraphs."""
        self.ensure(pos)
        lo = max(0, pos - 4000) if lo is None else lo
        k = bisect.bisect_left(self._pos, pos)
        while k > 0 and self._pos[k - 1] >= lo:
            k -= 1
            ent = self.entities[k]
            if self.salient(ent):
                yield ent

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, mention: Mention, pos: int) -> tuple[str | None, str]:
        """(fullest name, "person" or "group") for a mention at ``pos``."""
        if mention.kind == "person":
            return self.names.resolve(mention.name), "person"
        if mention.kind == "pronoun":
            return self._pronoun(mention.name.lower(), pos)
        if mention.kind == "role":
            return self._role(mention, pos), "person"
        return self._group(mention.name, pos), "group"

    def _pronoun(self, pron: str, pos: int) -> tuple[str | None, str]:
        want = "person" if pron in PERSON_PRONOUNS else "group"
        gender = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(pron)
        for ent in self.before(pos):
            if ent.kind != want or not ent.name:
                continue
            if gender and self.names.gender_of(ent.name) not in (None, gender):
                continue
            if gender:
                self.names.note_gender(ent.name, {pron})
            return ent.name, want
        return None, want

    def _role(self, mention: Mention, pos: int) -> str:
        words = mention.name.lower().split()
        lead = mention.name.lower().split(" of ")[0].split()
        head = next((w for w in reversed(lead) if w in TITLE_WORDS), words[-1])
        want = {head} | ROLE_SYNONYMS.get(head, set())
        near = [e for e in itertools.islice(self.before(pos), 30) if e.name]
        for ent in near:  # the description itself used before: "a Tovan official ... the official"
            if ent.head == head and ent.kind == "person" and ent.said:
                return ent.name
        for ent in near:
            if ent.kind == "person" and (self.names.titles_of(ent.name) | ent.titles) & want:
                return ent.name
        titled = [n for k, n in self.names.full.items() if self.names.titles.get(k, set()) & want]
        if len(titled) == 1:
            return titled[0]
        if words[0] == "the":  # a definite description points back at the person in focus
            for ent in near[:6]:
                if ent.kind == "person" and not ent.head:
                    return ent.name
        return re.sub(r"^the\s+", "", mention.name, flags=re.I)

    def _group(self, name: str, pos: int) -> str:
        bare = re.sub(r"^(?:the|its|their|his|her)\s+", "", name, flags=re.I)
        if re.match(r"(?:both|the two)\b", name, re.I):
            return self._pair(pos) or bare  # "Both men", "the two sides": the pair just named
        if bare[:1].isupper():  # "the Red Cross" after "the International Committee of ..."
            longer = [o for o in self.orgs if len(o) > len(bare) and _expands(o, bare)]
            return max(longer, key=len) if longer else bare
        if len(bare.split()) > 2:
            return bare
        head = bare.split()[-1]
        if re.match(r"(?:both|the two|two)\b", name, re.I) or head.lower() in _PAIRED:
            return self._pair(pos) or bare  # "both sides": the two just named together
        rx = re.compile(
            rf"{_CAPS}{_AND_CAPS if head.endswith('s') else ''}[ \t]+(?i:{re.escape(head)})\b"
        )
        for m in reversed(list(rx.finditer(self.text, max(0, pos - 5000), pos))):
            words = m.group().split()
            while len(words) > 1 and words[0].lower() in _LEADING:
                words = words[1:]  # "The Coastal Shippers Council" -> "Coastal Shippers Council"
            if len(words) > 1:
                return " ".join(words)  # "the union" -> "Dockworkers union"
        if head.lower() in _GENERIC_REFS and bare.lower() == head.lower():
            # "the company said", "the organisation said": the organisation that spoke just before
            for ent in itertools.islice(self.before(pos, max(0, pos - 800)), 8):
                if (
                    ent.said
                    and ent.kind == "group"
                    and ent.name[:1].isupper()
                    and ent.name.split(None, 1)[0].lower() not in _INDEFINITE  # not "Neither"
                    and (head.lower() in _ANY_ORG or head.lower() in ent.name.lower())
                ):
                    return ent.name
        if head.lower() in _DOCUMENTS:  # "the statement said": whoever issued it just before
            for ent in itertools.islice(self.before(pos, max(0, pos - 800)), 8):
                # "In a statement, X said", "X said in a statement": the sentence of its verb
                said = self.text[self.sent_start(ent.pos) : ent.pos + 40].lower()
                if ent.said and ent.name[:1].isupper() and head.lower() in said:
                    return ent.name
        return bare

    def _pair(self, pos: int) -> str | None:
        lo = self.para_of(pos)[0]
        rx = re.compile(rf"{_CAPS}[ \t]+and[ \t]+(?:the[ \t]+)?{_CAPS}(?:[ \t]+[a-z]+s\b)?")
        hits = list(rx.finditer(self.text, max(0, lo - 1500), pos))
        return hits[-1].group() if hits else None


def _expands(longer: str, bare: str) -> bool:
    """May ``longer`` stand for ``bare``? "Brightline Energy" for "Brightline", "International
    Committee of the Red Cross" for "Red Cross", "Lutovian Interior Ministry" for "Interior
    Ministry"; not "Islamist HLM" for "HLM"."""
    if longer.startswith(bare + " "):  # not a body of it: "Pilots Guild Negotiating Committee"
        return longer.rsplit(None, 1)[-1].lower() not in _GENERIC_ORG
    if not longer.endswith(" " + bare):
        return False
    prefix = longer[: -len(bare)].split()
    return "of" in prefix or bare.split()[-1].lower() in _GENERIC_ORG


def _verb_next(after: str, skip: bool = True) -> bool:
    """Does a verb (a lower-case word that is not a function word) come next, past a bracket, a
    time ("on Monday") or a prepositional tail ("of the pilots' association") with ``skip``?"""
    if skip:
        after = after[_AFTER_SKIP.match(after).end() :]
    word = after.split(None, 1)[0] if after.strip() else ""
    word = word.strip(",.;:")
    # "Helix spokesman Tomas Arlen": a name before a title modifies it
    return word[:1].islower() and word not in _NOT_VERB and word not in TITLE_WORDS


def _name_start(text: str, run: str, start: int, end: int) -> int:
    """Where the name in a run of several capitalised words (``text[start:end]``) starts: past a
    first word that is not part of it."""
    sp = run.find(" ")
    if sp <= 0 or end <= start + sp + 1:
        return start
    if run[:sp] in CALENDAR:  # "On Tuesday Solenne said"
        return start + sp + 1
    if (
        text.endswith(("for ", "of "), 0, start)
        and run.count(" ") >= 2
        and _OFFICE.search(text, max(0, start - 30), start)
    ):
        return start + sp + 1  # "Commissioner for Peace Ana Ruiz": "Peace" is the office
    return start


def _run_end(run: str) -> int:
    """Where a capitalised run really ends: not past a full stop ("Brussels. He") nor at a
    capitalised pronoun or function word that starts the next sentence ("Committee It is")."""
    m = _RUN_BREAK.search(run)
    if m is None:
        return len(run)
    return m.start() + 1 if m.group().startswith(".") else m.start()


def _titles_around(before: str, after: str) -> set[str]:
    """Title words just before a name ("Presidential spokesman") or in its appositive after it."""
    words = set()
    for w in reversed(before.split()[-4:]):  # "Presidential spokesman", not "Ms. Lee met"
        low = w.strip(",").lower()
        if low not in TITLE_WORDS and not w[:1].isupper():
            break
        words.add(low)
    if after.startswith(","):
        k = after.find(",", 1)
        piece = after[1 : k if k > 0 else len(after)]
        if piece.strip()[:1].islower():  # ", the ministry's spokesman,"
            words |= {w.strip(",.").lower() for w in piece.split()[:8]}
    return words & _TITLE_OR_HONORIFIC
