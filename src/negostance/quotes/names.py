"""Speaker noun phrases: split titles from names, tell persons from groups, resolve short mentions.

Everything here works on plain strings, so both backends share it: the rules backend finds the
noun phrase by patterns, the spaCy backend by the parse, and both hand it to :func:`analyse`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from negostance.quotes.lexicon import (
    CALENDAR,
    DETERMINERS,
    FEMALE,
    FEMALE_NAMES,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    MALE,
    MALE_NAMES,
    ORG_WORDS,
    PARTICLES,
    PRONOUNS,
    TITLE_WORDS,
    word_set,
)

_WORD = re.compile(r"[\w.'’-]+", re.U)
_ARTICLES = {"the", "a", "an"}
_POSSESSIVE = ("'s", "’s", "s'", "s’")


def demonym(word: str) -> bool:
    """ "Venezuelan", "Chinese", "Israeli": an adjective of nationality before a title."""
    return word[:1].isupper() and word.lower().endswith(("an", "ese", "ish", "i", "ic"))


def _cap(word: str) -> bool:
    return word[:1].isupper() or (word[:3].lower() in {"al-", "el-"} and word[3:4].isupper())


@dataclass(slots=True)  # one per capitalised run of every article: slots make them cheaper
class Mention:
    """A speaker noun phrase as analysed: ``name`` is what the record reports."""

    name: str | None
    kind: str  # "person", "group", "pronoun", "role", "none"
    titles: set[str] = field(default_factory=set)


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (titles, name): ``Foreign Minister Elodie Varenne``."""
    cut = 0
    for i, w in enumerate(words[:-1]):
        low = w.lower().rstrip(",")
        org_then_name = low in ORG_WORDS and len(words) - i > 2  # "... Department Pak Sun-ho"
        if low in TITLE_WORDS or low.endswith(_POSSESSIVE) or org_then_name:
            cut = i + 1
    return words[:cut], words[cut:]


def _runs(words: list[str]) -> list[list[str]]:
    runs, cur = [], []
    for w in words:
        if _cap(w) or (cur and w.lower() in PARTICLES):
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and run[-1].lower() in PARTICLES:
            run.pop()
        while run and (run[0].lower() in _ARTICLES or run[0].lower() in FUNCTION_WORDS):
            run.pop(0)  # "The monitoring mission", "A Lutovian Commerce Ministry"
        if run:
            out.append(run)
    return out


def analyse(phrase: str) -> Mention:
    """Name a speaker noun phrase.

    >>> analyse("Foreign Minister Elodie Varenne").name
    'Elodie Varenne'
    >>> analyse("An HLM spokesman, Tavo Renczik,").name
    'Tavo Renczik'
    >>> analyse("the Lutovian Commerce Ministry").kind
    'group'
    >>> analyse("he").kind
    'pronoun'
    """
    name, kind, titles = _analyse(phrase)
    return Mention(name, kind, set(titles))


@functools.lru_cache(maxsize=65536)
def _analyse(phrase: str) -> tuple[str | None, str, frozenset[str]]:
    m = _analyse_raw(phrase)
    return m.name, m.kind, frozenset(m.titles)


def _analyse_raw(phrase: str) -> Mention:
    phrase = re.sub(r"\s*\([^()]*(?:\)|$)", "", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:—–-.")
    m = _analyse_words(phrase)
    return (_unnamed(phrase) or m) if m.kind == "none" else m


def _unnamed(phrase: str) -> Mention | None:
    """An unnamed source by its description: "a friend", "one person", "a senior army officer"
    (not "a joint statement", "a court filing", "an offer the authority")."""
    low = phrase.lower().split()
    if not (2 <= len(low) <= 4 and low[0] in ("a", "an", "one") and low[-1].isalpha()):
        return None
    if low[-1] in _NOT_SOURCE or any(w in FUNCTION_WORDS or w in DETERMINERS for w in low[1:]):
        return None
    return Mention(phrase, "group")


_NOT_SOURCE = word_set(
    "statement communique release letter report filing summary document ruling decision offer "
    "memo email tweet post message video ad transcript study poll survey complaint petition "
    "motion brief draft text proposal plan notice order judgment joint deal agreement time way "
    "day week year lot number bit"
)


def _analyse_words(phrase: str) -> Mention:
    # "the ministry statement" -> "the ministry" (but "the letter" stays itself)
    phrase = re.sub(
        r"(?<=\w)(?<!\bthe)(?<!\ba)(?<!\ban)\s+(?:statement|communique|communiqué|release|letter|report)$",
        "",
        phrase,
        flags=re.I,
    )
    words = _WORD.findall(phrase)
    if not words:
        return Mention(None, "none")
    low = [w.lower() for w in words]
    if len(words) == 1 and low[0] in PRONOUNS:
        return Mention(words[0], "pronoun")
    if len(words) == 1 and low[0] in TITLE_WORDS and words[0][:1].isupper():
        return Mention(words[0], "role", {low[0]})  # "Speaker says" in a headline
    if all(w in FUNCTION_WORDS or w in _ARTICLES for w in low):
        return Mention(None, "none")
    return _compound(phrase, low) or _simple(phrase, words, low)


def _compound(phrase: str, low: list[str]) -> Mention | None:
    """Phrases with an appositive, a prepositional tail, or two people, or None."""
    if low[0] in ("both", "two") or low[:2] == ["the", "two"]:
        return Mention(phrase, "group")  # "Both men", "the two sides": resolved by context
    if " and " in phrase and "," not in phrase:  # "Konrad Ebbe and Ulla Brekke"
        left, right = phrase.rsplit(" and ", 1)
        a, b = analyse(left), analyse(right)
        if (
            b.kind == "person"
            and not a.titles
            and (right.split()[0].lower() in TITLE_WORDS or (b.titles and " " not in left.strip()))
        ):  # "Progress and Renewal Party leader Mirela Tosk": one party, one person
            b.titles |= {w.lower() for w in left.split()} & TITLE_WORDS
            return b  # "Kordavan Water and Energy Minister Tavian Orsk": one title, one person
        if a.kind == b.kind == "person":
            return Mention(f"{a.name} and {b.name}", "group", a.titles | b.titles)
    # appositives: "An HLM spokesman, Tavo Renczik", "Ann Kelso, director of Pro Life": the
    # person named, never a capitalised word in a lower-case description ("Life")
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    if len(parts) > 1:
        named = [analyse(part) for part in parts[1:] + parts[:1] if _may_name(part)]
        named.sort(key=lambda m: " " not in (m.name or ""))  # full names first
        for m in named:
            if m.kind == "person":
                m.titles |= {w.lower() for w in _WORD.findall(phrase)} & TITLE_WORDS
                return m
        # none of them a person: the first that names anything ("farm leaders A and B")
        return next((m for m in map(analyse, parts) if m.kind != "none"), Mention(None, "none"))
    # "Colonel Tavo Renczik of the HLM": the person before the preposition
    m = re.match(r"(.+?)\s+(?:of|for|at|from|in|with)\s+\S.*$", phrase)
    if m:
        first = analyse(m.group(1))
        if first.kind == "person":
            return first
        # "Bank of Ostrel Governor Halvard Pike", "Minister of Justice Ann Lee": a titled person
        # at the end of the phrase
        tail = _titled_tail(phrase[m.end(1) :], first.kind == "role")
        if tail is not None:
            return tail
        if first.kind == "group" and m.group(1).split()[-1].lower() in ORG_WORDS:
            return Mention(phrase, "group")  # "Alliance of Motion Picture and Television ..."
        if first.kind == "role" and low[0] == "the":  # "the head of government"
            rest = {w.lower() for w in _WORD.findall(phrase)} & TITLE_WORDS
            return Mention(phrase, "role", first.titles | rest)
        if first.kind in ("group", "role") and m.group(1).split()[-1].islower():
            return Mention(phrase, "group")  # "a Western diplomat in Korvan"
    return None


def _may_name(part: str) -> bool:
    """Can this piece of an appositive name the speaker? Not a lower-case description, unless a
    title stands right before the name in it ("deputy foreign minister Corin Halloway")."""
    if not part[:1].islower():
        return True
    m = analyse(part)
    if m.kind != "person" or not m.name or " " not in m.name:
        return False
    before = part[: part.rfind(m.name)].split()
    return bool(before) and before[-1].lower() in TITLE_WORDS


def _titled_tail(rest: str, after_role: bool) -> Mention | None:
    """The person named at the end of "of/for ..." when a title stands before the name ("of
    Ostrel Governor Halvard Pike") or the phrase began with a role ("Commissioner for Peace Ana
    Ruiz": the word after "for" names the office)."""
    words = _WORD.findall(rest)[1:]  # the preposition dropped
    run = []
    for w in reversed(words):
        if not _cap(w):
            break
        run.insert(0, w)
    titles, name = split_title(run)
    if not titles and len(run) < len(words) and words[-len(run) - 1].lower() in TITLE_WORDS:
        titles = [words[-len(run) - 1]]  # "chief of staff Tomas Eberlin"
    # "for Peace Ana Ruiz", "of Foreign Affairs Ann Lee": the office's last word, not a name
    if after_role and len(name) >= 3 and (not titles or name[0].endswith("s")):
        titles, name = [*titles, name[0]], name[1:]
    if not titles or len(name) < 2:
        return None
    m = analyse(" ".join(name))
    if m.kind != "person":
        return None
    m.titles |= {t.lower() for t in titles} & TITLE_WORDS
    return m


def _simple(phrase: str, words: list[str], low: list[str]) -> Mention:
    """A name (titles split off), a group, a role ("the minister"), or nothing."""
    while len(words) > 1 and low[0] in FUNCTION_WORDS:
        words, low = words[1:], low[1:]
    runs = _runs(words)
    if runs and len(runs[-1]) > 1 and runs[-1][0] in CALENDAR:
        runs[-1] = runs[-1][1:]  # "Later on Tuesday Solenne said"
    head = low[-1].rstrip(".")
    if runs and runs[-1][-1] == words[-1]:
        titles, name = split_title(runs[-1])
        name_low = {w.lower() for w in name}
        org = bool(name_low & ORG_WORDS) or (
            len(name) == 1 and name[0].isupper() and len(name[0]) > 1
        )
        if name and name[-1].lower() in TITLE_WORDS and (len(name) == 1 or demonym(name[0])):
            return Mention(" ".join(words), "role", {w.lower() for w in words} & TITLE_WORDS)
        if name and not org:
            pre = {w.lower() for w in words[: len(words) - len(name)]}
            return Mention(
                " ".join(name), "person", (pre | {t.lower() for t in titles}) & TITLE_WORDS
            )
        if org:
            start = words.index(runs[-1][0])
            return Mention(" ".join(words[start:]), "group")
    if low[0] == "the" and len(words) == 2 and _AGE.fullmatch(head):
        return Mention(phrase, "role", set())  # "said the 46-year-old": the person in focus
    if low[0] == "the" and head in TITLE_WORDS and head not in ORG_WORDS and not head.endswith("s"):
        return Mention(phrase, "role", {w for w in low if w in TITLE_WORDS})
    if head in GROUP_NOUNS or head.endswith("s"):
        if (
            low[0] not in DETERMINERS
            and low[0] not in _QUANTIFIERS
            and any(w in DETERMINERS or w in FUNCTION_WORDS for w in low[1:-1])
        ):
            return Mention(None, "none")  # a verb phrase: "release his taxes", "decided by votes"
        body = words[1:] if low[0] in ("the", "its", "his", "her", "their") else words
        return Mention(" ".join(body) if body else phrase, "group")
    if runs:
        return Mention(" ".join(runs[-1]), "group")
    if low[0] == "the" and 2 <= len(words) <= 4 and words[-1].isalpha():
        return Mention(" ".join(words[1:]), "group")  # "the coastguard", "the monitoring mission"
    return Mention(None, "none")


_QUANTIFIERS = word_set("one some many several two three four most all each both few")
_AGE = re.compile(r"\d{1,3}-year-old")


@functools.lru_cache(maxsize=65536)
def _key(name: str) -> str:
    last = name.split()[-1].lower()
    return last[3:] if last.startswith(("al-", "el-")) else last


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


class _Tables:
    """The surnames of a :class:`NameIndex` by their first letter, and by the first name (lower
    case) of the fullest form: what a misspelt surname or a first name alone is compared with."""

    def __init__(self, full: dict[str, str]):
        self.by_initial: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        for key, name in full.items():
            self.by_initial.setdefault(key[:1], []).append(key)
            self.by_first.setdefault(name.split(None, 1)[0].lower(), []).append(key)


class NameIndex:
    """The persons an article names, so that ``Velesky`` or ``the minister`` resolve to the fullest."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}  # surname (lower) -> fullest name
        self.titles: dict[str, set[str]] = {}
        self.gender: dict[str, str] = {}  # surname -> "f" / "m", from titles and pronouns
        self._memo: dict[str, str | None] = {}
        self._tables: _Tables | None = None  # built on the first look-up after an ``add``

    def add(self, mention: Mention) -> None:
        if mention.kind != "person" or not mention.name:
            return
        key = _key(mention.name)
        self._memo.clear()
        self._tables = None
        old = self.full.get(key)
        if old is None or len(mention.name.split()) > len(old.split()):
            self.full[key] = mention.name
        self.titles.setdefault(key, set()).update(mention.titles)
        self.note_gender(mention.name, mention.titles)
        first = mention.name.split()[0].lower()
        if first in FEMALE_NAMES or first in MALE_NAMES:  # "John Stumpf" is not "she"
            self.gender.setdefault(key, "f" if first in FEMALE_NAMES else "m")

    def note_gender(self, name: str, words) -> None:
        """Record a person's gender from words said of them (Ms, spokeswoman, "she")."""
        words = {w.lower() for w in words}
        f, m = bool(words & FEMALE), bool(words & MALE)
        if f != m:
            self.gender.setdefault(_key(name), "f" if f else "m")

    def gender_of(self, name: str) -> str | None:
        return self.gender.get(_key(name))

    def _lookup(self, name: str) -> str | None:
        if name not in self._memo:
            self._memo[name] = self._find(name)
        return self._memo[name]

    def _find(self, name: str) -> str | None:
        key = _key(name)
        if key in self.full:
            return key
        if " " in name or len(key) < 5 or not name[:1].isupper():
            return None
        if self._tables is None:
            self._tables = _Tables(self.full)
        # a misspelt surname ("Varene" for "Varenne"), or else a first name alone
        n = len(key)
        hits = [
            k
            for k in self._tables.by_initial.get(key[0], ())
            if abs(len(k) - n) < 2 and _one_edit(k, key)
        ] or [k for k in self._tables.by_first.get(key, ()) if self.full[k][:n].lower() == key]
        return hits[0] if len(hits) == 1 else None

    def resolve(self, name: str) -> str:
        """The fullest known form of a person name (same surname), else ``name`` itself."""
        key = self._lookup(name)
        return self.full[key] if key else name

    def knows(self, name: str) -> bool:
        return self._lookup(name) is not None

    def titles_of(self, name: str) -> set[str]:
        key = self._lookup(name)
        return self.titles.get(key, set()) if key else set()
