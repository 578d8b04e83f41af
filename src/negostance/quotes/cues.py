"""Reporting verbs and the patterns that find a speaker noun phrase around them (rules only)."""

from __future__ import annotations

import re

from negostance.quotes.lexicon import (
    ABBREV,
    ADVERB,
    CALENDAR,
    IRREGULAR_CUES,
    NOUN_BEFORE,
    NP_STOP,
    PARENTHETICAL,
    REGULAR_CUES,
    TITLE_WORDS,
    word_set,
)


def _forms(verb: str) -> list[str]:
    if verb in IRREGULAR_CUES:
        return [verb, *IRREGULAR_CUES[verb]]
    words = verb.split("_")
    v, rest = words[0], " ".join(words[1:])
    if v.endswith("e"):
        forms = [v, v + "s", v + "d", v[:-1] + "ing"]
    elif v.endswith("y") and v[-2] not in "aeiou":
        forms = [v, v[:-1] + "ies", v[:-1] + "ied", v + "ing"]
    elif re.search(r"[^aeiou][aeiou][pgtb]$", v) and v not in {"visit", "post", "credit"}:
        forms = [v, v + "s", v + v[-1] + "ed", v + v[-1] + "ing"]
    else:
        forms = [v, v + "s", v + "ed", v + "ing"]
    return [f"{f} {rest}".strip() for f in forms]


def trie_pattern(words) -> str:
    """One regex for many words, as a prefix tree: far faster than a flat alternation.

    >>> re.fullmatch(trie_pattern(["said", "says", "say"]), "says") is not None
    True
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [
            (r"\s+" if k == " " else re.escape(k)) + build(v) for k, v in sorted(node.items()) if k
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


CUE_FORMS = sorted(
    {f for v in [*IRREGULAR_CUES, *REGULAR_CUES] for f in _forms(v)}, key=len, reverse=True
)
BASE_FORMS = frozenset(set(IRREGULAR_CUES) | {v.split("_")[0] for v in REGULAR_CUES})
_CUE_WORDS = [*CUE_FORMS, "quoted as saying", "quoted as"]
# verbs are matched lower case only: "States" is a country, not a reporting verb. "was said",
# "were told" go into the same prefix tree: an optional "was " before it would make the engine
# try it at every character
CUE = re.compile(
    rf"(?<![\w-])(?:{trie_pattern([*_CUE_WORDS, *(f'{aux} {w}' for aux in ('was', 'were') for w in _CUE_WORDS)])})\b"
)
ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
SENT_END = re.compile(r"[.!?…][\"”’»]?\s+(?=[\"“‘«„(]?[A-Z0-9])")
_DATES = sorted(CALENDAR | {"April"})  # days and months ("in May" is too often the verb)
_TIME = re.compile(
    r"(?:\s+(?:on|last|this|late|early|earlier|later|in)\s+(?:the\s+)?"
    rf"(?:(?:{trie_pattern(_DATES)}|week|weekend|month|year|night|morning|evening|afternoon|past)s?"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?|\d{4})"
    r"|\s+in\s+(?:a|an|his|her|their|its)\s+[\w-]+(?:\s+[\w-]+)?)+\s*$"
)
# a cheap test for whether _TIME can match at all: one of its words among the last three
_TIME_HINT = re.compile(
    r"\b(?:\d{4}|"
    + trie_pattern(
        "day days week weekend month year night morning evening afternoon past a an his her their "
        f"its {' '.join(_DATES)}".lower().split()
    )
    + r")\b(?:\s+[\w-]+){0,2}$",
    re.I,
)
_TOKEN = re.compile(r"\S+")
_NAMEISH = re.compile(r"[A-Z]")


_FINITE_NEXT = re.compile(r"([a-z]+)\s+(?:is|are|was|were|has|have|had|will|would)\b")


def prev_word(text: str, pos: int) -> str | None:
    """The word right before ``pos`` (separated by spaces only), or None."""
    if pos <= 0 or text[pos - 1] not in " \t":
        return None
    words = text[max(0, pos - 40) : pos].rsplit(None, 1)
    return words[-1] if words else None


def noun_use(text: str, cue_start: int) -> bool:
    """A cue word used as a noun: "a call for", "the minister's remarks", "an old saying"."""
    word = prev_word(text, cue_start)
    if word is None:
        return False
    nxt = _FINITE_NEXT.match(text, cue_start)
    if nxt and (nxt.group(1) in BASE_FORMS or nxt.group(1)[:-1] in BASE_FORMS):
        return True  # "Kim's mental state is", "the claims were"
    prev = word.lower()
    hyphened = "-" in word.strip("-") and word.islower()  # "late-night tweets"
    return prev in NOUN_BEFORE or prev.endswith(("'s", "’s", "s'")) or hyphened


def is_participle(text: str, pos: int, cue: str) -> bool:
    """ "saying", "adding": a cue whose subject is the subject of the clause it hangs on (not
    "was saying", "He's claiming")."""
    if not cue.endswith("ing") or cue.split()[0] in ("was", "were"):
        return False
    word = (prev_word(text, pos) or "").lower()
    return not (word in _AUX or word.endswith(_AUX_END))


_AUX = word_set("is are was were be been being am")
_AUX_END = ("'s", "’s", "'re", "’re", "'m", "’m")


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence that holds ``pos``, not earlier than ``lo`` (abbreviations kept)."""
    start = lo
    for m in SENT_END.finditer(text, lo, pos):
        word = re.findall(r"[\w.]+$", text[max(lo, m.start() - 6) : m.start()])
        if word and word[0].lower().rstrip(".") in ABBREV:
            continue
        start = m.end()
    return start


# a title word, then a name of two or more capitalised words at the end of the piece
_TITLED_NAME = re.compile(
    r"\b"
    + trie_pattern(t for t in TITLE_WORDS if t.isalpha())
    + r"[ \t]+[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)+$"
)


def _parenthetical(seg: str) -> bool:
    """A comma-delimited piece between a subject and its verb: "who ...", "the ministry's spokesman"."""
    s = seg.strip()
    if not s:
        return True
    first = s.split(None, 1)[0].lower()
    if first not in PARENTHETICAL and _TITLED_NAME.search(s):
        return False  # an appositive that names: "deputy foreign minister Corin Halloway"
    return not s[0].isupper() or first in PARENTHETICAL


def _trim_right(chunk: str) -> str:
    """Drop what stands between a subject and its verb: times, adverbs, "in a statement"."""
    chunk = chunk.rstrip()
    if _TIME_HINT.search(chunk, _hint_from(chunk)):
        chunk = chunk[:-60] + _TIME.sub("", chunk[-60:])
    chunk = chunk.rstrip()
    # the words left are chunk[:end].split(" "), none at all once end < 0 (found from the right:
    # the chunk may be a whole sentence)
    end = len(chunk)
    while end >= 0:
        i = chunk.rfind(" ", 0, end)
        last = chunk[i + 1 : end]
        if not (last.lower() in ADVERB or _LY.fullmatch(last)):
            break
        end = i
    if end < 0:
        return ""
    i = chunk.rfind(" ", 0, end) + 1
    if m := _CONTRACTED.fullmatch(chunk, i, end):
        return (chunk[:i] + m.group(1)).rstrip()  # "He's claiming" -> "He"
    return chunk[:end].rstrip()


def _hint_from(chunk: str) -> int:
    """Where ``_TIME_HINT`` may start to match in ``chunk``: in its last 40 characters, and in its
    last three words (the hint word, then up to two more), so not before the fourth last ends."""
    words = chunk.rsplit(None, 3)
    return max(0, len(chunk) - 40, len(words[0]) if len(words) == 4 else 0)


_LY = re.compile(r"[a-z]{2,}ly")
_CONTRACTED = re.compile(r"(?i)(he|she|it|they|we|i)(?:'s|’s|'ve|’ve|'d|’d|'re|’re|'ll|’ll|'m|’m)")


def subject_before(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
    """Character span of the noun phrase before a reporting verb (its subject), or None."""
    chunk = _trim_right(text[lo:verb_start])
    cut = max(chunk.rfind(";"), chunk.rfind(" — "), chunk.rfind(" – "))
    base = lo
    if cut >= 0:  # a clause boundary; headlines: "talks stall; rebels say"
        base, chunk = lo + cut + 1, chunk[cut + 1 :]
    if not chunk.strip():
        return None
    segs = chunk.split(",")
    if len(segs) >= 2 and not segs[-1].strip():
        # "X, who ..., said" / "X, the ministry's spokesman, said" / "A spokesman, Ann Lee, said"
        k = len(segs) - 2
        while k > 0 and _parenthetical(segs[k]):
            k -= 1
        # an appositive name ("A spokesman, Ann Lee, said"): keep both, analyse picks the person
        appositive = k == len(segs) - 2 and k >= 1 and not _parenthetical(segs[k - 1])
        k0 = k - 1 if appositive else k
        start = base + sum(len(s) + 1 for s in segs[:k0])
        end = start + len(",".join(segs[k0 : k + 1]))
    else:
        start = base + len(chunk) - len(segs[-1])
        end = base + len(chunk)
    return _walk_left(text, start, end)


def _walk_left(text: str, seg_start: int, end: int) -> tuple[int, int] | None:
    toks = list(_TOKEN.finditer(text, seg_start, end))
    first = len(toks)
    for i in range(len(toks) - 1, -1, -1):
        w = toks[i].group().lower().strip(",;:()")
        if (w in NP_STOP and not _joins(toks, i)) or not _QUOTE_MARKS.isdisjoint(w):
            break
        first = i
        if len(toks) - i >= 9:
            break
    if first >= len(toks):
        return None
    s = toks[first].start()
    while s < end and text[s] in "([“\"'‘,":
        s += 1
    while end > s and text[end - 1] in ",;: ":
        end -= 1
    return (s, end) if end > s else None


_QUOTE_MARKS = frozenset('"“”«»„')


def _joins(toks: list[re.Match], i: int) -> bool:
    """`and` inside "US and China negotiators" or "the commissioner and MEP" joins one phrase."""
    if toks[i].group() != "and" or i == 0 or i + 1 >= len(toks):
        return False
    left, right = toks[i - 1].group().strip(","), toks[i + 1].group()
    if left.endswith(","):
        return False

    def namey(w: str) -> bool:
        return w[:1].isupper() or w.lower() in TITLE_WORDS

    return namey(left) and namey(right)


def subject_after(text: str, start: int, hi: int) -> tuple[int, int] | None:
    """Noun phrase right after an inverted verb ("said Anton Velesky, the Presidential spokesman",
    "said Ilse Brandvold of Morrow & Finch"): up to seven words, to punctuation or a clause word."""
    first = last = None
    for n, m in enumerate(_AFTER_TOKEN.finditer(text, start, hi)):
        if (
            n >= 7
            or (last is not None and text[last : m.start()].strip())
            or "\n" in text[last or start : m.start()]
        ):
            break
        word = m.group()
        if word.lower() in _AFTER_VERB:
            return None  # "said the quota change was": a reported clause, not a speaker
        if word.lower() in _AFTER_STOP:
            if first is None:
                return None  # "spoke on Sunday": no speaker after the verb
            break
        first = m.start() if first is None else first
        last = m.end()
        if word.endswith(".") and not (word[:-1].lower() in ABBREV or _INITIALS.search(word)):
            last -= 1  # "Kost." ends the sentence
            break
        if text[last : last + 1] in ",;:!?)—–(":
            break
    if first is None or last is None or last <= first:
        return None
    return first, last


_AFTER_VERB = word_set("was were is are had has have would will could should can may might did")
_AFTER_TOKEN = re.compile(r"[^\s,;:!?()—–\"“”]+")
_INITIALS = re.compile(r"(?:^|\.)[A-Za-z]\.$")
_AFTER_STOP = word_set(
    "in on at to during after before when while who adding according as from said says that "
    "told last this early late"
)
