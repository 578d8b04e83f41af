"""Speaker noun phrases: split titles from names, tell persons from groups, resolve short mentions.

Everything here works on plain strings, so both backends share it: the rules backend finds the
noun phrase by patterns, the spaCy backend by the parse, and both hand it to :func:`analyse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
TITLE_WORDS = set(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "deputy",
        "foreign",
        "secretary",
        "general",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chancellor",
        "premier",
        "senator",
        "sen",
        "sen.",
        "rep",
        "rep.",
        "representative",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "special",
        "commander",
        "army",
        "lieutenant",
        "colonel",
        "col.",
        "gen",
        "gen.",
        "adm",
        "admiral",
        "major",
        "captain",
        "capt.",
        "sergeant",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "prof",
        "prof.",
        "professor",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "emir",
        "sultan",
        "pope",
        "cardinal",
        "bishop",
        "rabbi",
        "imam",
        "ayatollah",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "head",
        "leader",
        "speaker",
        "minority",
        "majority",
        "house",
        "senate",
        "state",
        "defence",
        "defense",
        "interior",
        "finance",
        "trade",
        "commerce",
        "economy",
        "justice",
        "labour",
        "labor",
        "health",
        "energy",
        "education",
        "attorney",
        "under",
        "assistant",
        "acting",
        "former",
        "late",
        "top",
        "senior",
        "junior",
        "negotiator",
        "mediator",
        "coordinator",
        "commissioner",
        "representative",
        "u.s.",
        "us",
        "uk",
        "un",
        "eu",
        "nato",
        "white",
        "kremlin",
        "pentagon",
        "party",
        "union",
        "opposition",
        "regional",
        "national",
        "federal",
        "chief-of-staff",
        "staff",
        "executive",
        "ceo",
        "cfo",
        "founder",
        "co-founder",
        "judge",
        "justice",
        "officer",
        "official",
        "lawyer",
        "counsel",
        "adviser",
        "advisor",
        "aide",
        "analyst",
        "economist",
        "spokesperson",
        "secretary-general",
        "president-elect",
    ]
)
ORG_WORDS = set(
    [
        "ministry",
        "ministries",
        "government",
        "office",
        "department",
        "agency",
        "council",
        "committee",
        "commission",
        "union",
        "party",
        "movement",
        "front",
        "army",
        "forces",
        "force",
        "police",
        "court",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "cabinet",
        "administration",
        "embassy",
        "bank",
        "company",
        "corporation",
        "corp",
        "inc",
        "ltd",
        "group",
        "alliance",
        "association",
        "federation",
        "organisation",
        "organization",
        "institute",
        "board",
        "authority",
        "authorities",
        "delegation",
        "team",
        "campaign",
        "coalition",
        "league",
        "presidency",
        "kremlin",
        "pentagon",
        "hamas",
        "hezbollah",
        "nato",
        "un",
        "eu",
        "opec",
        "who",
        "imf",
        "states",
        "kingdom",
        "nations",
        "republic",
        "emirates",
        "spokesperson's",
        "officials",
        "sources",
        "leadership",
        "secretariat",
        "negotiators",
        "diplomats",
        "leaders",
        "representatives",
        "members",
        "workers",
        "militants",
        "rebels",
    ]
)
GROUP_NOUNS = {
    "officials",
    "sources",
    "negotiators",
    "diplomats",
    "leaders",
    "representatives",
    "members",
    "workers",
    "militants",
    "rebels",
    "analysts",
    "experts",
    "residents",
    "protesters",
    "lawmakers",
    "legislators",
    "critics",
    "observers",
    "mediators",
    "authorities",
    "people",
    "government",
    "ministry",
    "union",
    "delegation",
    "committee",
    "council",
    "movement",
    "group",
    "party",
    "campaign",
    "administration",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "source",
    "diplomat",
    "minister",
    "president",
    "envoy",
    "negotiator",
    "mediator",
    "leader",
    "chief",
    "secretary",
    "analyst",
    "commander",
    "ambassador",
    "aide",
    "adviser",
    "advisor",
    "lawyer",
    "statement",
    "agency",
    "office",
    "premier",
    "chancellor",
}
FUNCTION_WORDS = set(
    [
        "despite",
        "when",
        "but",
        "and",
        "the",
        "after",
        "before",
        "while",
        "if",
        "as",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "to",
        "of",
        "since",
        "though",
        "although",
        "because",
        "however",
        "meanwhile",
        "also",
        "yet",
        "so",
        "then",
        "now",
        "later",
        "earlier",
        "asked",
        "speaking",
        "last",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "an",
        "a",
        "according",
        "under",
        "over",
        "during",
        "amid",
        "following",
        "until",
        "unless",
        "about",
        "against",
        "between",
        "into",
        "through",
        "like",
        "near",
        "per",
    ]
) - {"the", "a", "an"}
PARTICLES = {
    "al",
    "al-",
    "el",
    "bin",
    "ibn",
    "de",
    "da",
    "di",
    "du",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "del",
    "dos",
    "das",
    "abu",
    "ben",
    "st.",
    "mac",
    "o'",
}
_WORD = re.compile(r"[\w.'’-]+", re.U)


def _cap(word: str) -> bool:
    return word[:1].isupper() or (word[:3].lower() in {"al-", "el-"} and word[3:4].isupper())


@dataclass
class Mention:
    """A speaker noun phrase as analysed: ``name`` is what the record reports."""

    name: str | None
    kind: str  # "person", "group", "pronoun", "role", "none"
    titles: set[str] = field(default_factory=set)


def split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (titles, name): ``Foreign Minister Elodie Varenne``."""
    cut = 0
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(",") in TITLE_WORDS or w.lower().endswith("'s"):
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
    while runs and runs[-1] and runs[-1][-1].lower() in PARTICLES:
        runs[-1].pop()
    return [r for r in runs if r]


def analyse(phrase: str) -> Mention:
    """Name a speaker noun phrase.

    >>> analyse("Foreign Minister Elodie Varenne").name
    'Elodie Varenne'
    >>> analyse("An HLM spokesman, Tavo Renczik,").name
    'Tavo Renczik'
    >>> analyse("the Chinese Commerce Ministry").kind
    'group'
    >>> analyse("he").kind
    'pronoun'
    """
    phrase = re.sub(r"\s*\([^()]*\)", "", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:—–-.")
    phrase = re.sub(r"\s+(?:statement|communique|communiqué|release|letter|report)$", "", phrase)
    words = _WORD.findall(phrase)
    if not words:
        return Mention(None, "none")
    low = [w.lower() for w in words]
    if len(words) == 1 and low[0] in PRONOUNS:
        return Mention(words[0], "pronoun")
    if all(w in FUNCTION_WORDS or w in {"the", "a", "an"} for w in low):
        return Mention(None, "none")
    # appositive "An HLM spokesman, Tavo Renczik": a person name after the comma wins
    parts = [p.strip() for p in phrase.split(",") if p.strip()]
    if len(parts) > 1:
        for part in parts[1:] + parts[:1]:
            m = analyse(part)
            if m.kind == "person":
                m.titles |= {w.lower() for w in _WORD.findall(phrase)} & TITLE_WORDS
                return m
    # "Colonel Saw Kyaw Nyunt of the KPC": the person before the preposition
    m = re.match(r"(.+?)\s+(?:of|for|at|from|in|with)\s+\S.*$", phrase)
    if m:
        first = analyse(m.group(1))
        if first.kind == "person":
            return first
        if first.kind in ("group", "role") and m.group(1).split()[-1].islower():
            return Mention(phrase, "group")  # "a Western diplomat in Korvan"
    while len(words) > 1 and low[0] in FUNCTION_WORDS:
        words, low = words[1:], low[1:]
    runs = _runs(words)
    head = low[-1].rstrip(".")
    if runs and runs[-1][-1] == words[-1]:
        titles, name = split_title(runs[-1])
        name_low = {w.lower() for w in name}
        org = bool(name_low & ORG_WORDS) or (
            len(name) == 1 and name[0].isupper() and len(name[0]) > 1
        )
        if name and not org and not (len(name) == 1 and name[0].lower() in TITLE_WORDS):
            pre = {w.lower() for w in words[: len(words) - len(name)]}
            return Mention(
                " ".join(name), "person", (pre | {t.lower() for t in titles}) & TITLE_WORDS
            )
        if org:
            start = words.index(runs[-1][0])
            return Mention(" ".join(words[start:]), "group")
    if head in GROUP_NOUNS or head.endswith("s"):
        det = low[0] in {"the", "a", "an", "its", "his", "her", "their"}
        if low[0] == "the" and len(words) == 2 and head in TITLE_WORDS:
            return Mention(phrase, "role", {head})
        body = words[1:] if low[0] == "the" else words
        if det and low[0] != "the" and low[0] not in {"a", "an"}:
            body = words[1:]
        if head in TITLE_WORDS and low[0] == "the":
            return Mention(phrase, "role", {w for w in low if w in TITLE_WORDS})
        return Mention(" ".join(body) if body else phrase, "group")
    if runs:
        return Mention(" ".join(runs[-1]), "group")
    return Mention(None, "none")


def _key(name: str) -> str:
    return re.sub(r"^(?:al|el)-", "", name.split()[-1].lower())


class NameIndex:
    """The persons an article names, so that ``Peskov`` or ``the minister`` resolve to the fullest."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}  # surname (lower) -> fullest name
        self.titles: dict[str, set[str]] = {}

    def add(self, mention: Mention) -> None:
        if mention.kind != "person" or not mention.name:
            return
        key = _key(mention.name)
        old = self.full.get(key)
        if old is None or len(mention.name.split()) > len(old.split()):
            self.full[key] = mention.name
        self.titles.setdefault(key, set()).update(mention.titles)

    def resolve(self, name: str) -> str:
        """The fullest known form of a person name (same surname), else ``name`` itself."""
        return self.full.get(_key(name), name)

    def knows(self, name: str) -> bool:
        return _key(name) in self.full

    def by_title(self, titles: set[str], before: list[tuple[int, str]]) -> str | None:
        """Most recent person in ``before`` (position, name) who carried one of ``titles``."""
        for _, name in reversed(before):
            if self.titles.get(_key(name), set()) & titles:
                return name
        return None
