"""Reporting verbs and the patterns that find a speaker noun phrase around them (rules only)."""

from __future__ import annotations

import re

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "writing", "written"],
    "tweet": ["tweeted", "tweets"],
    "speak": ["spoke", "speaks"],
}
_REGULAR = [
    "add",
    "note",
    "stress",
    "warn",
    "argue",
    "suggest",
    "insist",
    "claim",
    "declare",
    "announce",
    "explain",
    "ask",
    "reply",
    "respond",
    "continue",
    "urge",
    "call",
    "describe",
    "point_out",
    "acknowledge",
    "admit",
    "assert",
    "contend",
    "maintain",
    "emphasise",
    "emphasize",
    "underline",
    "underscore",
    "vow",
    "pledge",
    "promise",
    "threaten",
    "concede",
    "complain",
    "charge",
    "accuse",
    "caution",
    "remark",
    "comment",
    "observe",
    "recall",
    "lament",
    "predict",
    "post",
    "confirm",
    "deny",
    "reiterate",
    "repeat",
    "shout",
    "quip",
    "joke",
    "retort",
    "counter",
    "demand",
    "indicate",
    "reveal",
    "report",
    "mention",
    "hint",
    "signal",
    "dismiss",
    "reject",
    "label",
    "brand",
    "term",
    "dub",
    "criticise",
    "criticize",
    "blast",
    "slam",
    "praise",
    "welcome",
    "hail",
    "describe_as",
    "deride",
    "state",
    "estimate",
    "tout",
    "boast",
    "plead",
]
INVERTED = {
    "said",
    "says",
    "added",
    "adds",
    "asked",
    "asks",
    "continued",
    "wrote",
    "writes",
    "explained",
    "noted",
    "insisted",
    "replied",
    "recalled",
    "warned",
    "declared",
    "stated",
    "stressed",
    "told",
    "tweeted",
    "posted",
    "argued",
    "concluded",
    "responded",
    "countered",
    "admitted",
    "acknowledged",
    "announced",
    "emphasised",
    "emphasized",
}
ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "st",
    "jr",
    "sr",
    "u.s",
    "u.k",
    "u.n",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
    "prof",
    "capt",
    "adm",
    "maj",
    "sgt",
    "vs",
    "inc",
    "corp",
    "ltd",
    "co",
}


def _forms(verb: str) -> list[str]:
    if verb in _IRREGULAR:
        return [verb, *_IRREGULAR[verb]]
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


CUE_FORMS = sorted(
    {f for v in list(_IRREGULAR) + _REGULAR for f in _forms(v)}, key=len, reverse=True
)
_CUE_ALT = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in CUE_FORMS)
# verbs are matched lower case only: "States" is a country, not a reporting verb
CUE = re.compile(rf"(?<![\w-])(?:was\s+|were\s+)?(?:quoted\s+as\s+saying|quoted\s+as|{_CUE_ALT})\b")
ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_SENT_END = re.compile(r"[.!?…][\"”’»]?\s+(?=[\"“‘«„(]?[A-Z0-9])")
# words that end a subject noun phrase when walking left from the verb
_NP_STOP = set(
    [
        "that",
        "who",
        "whom",
        "which",
        "when",
        "while",
        "after",
        "before",
        "because",
        "as",
        "if",
        "since",
        "though",
        "although",
        "but",
        "so",
        "where",
        "whereas",
        "and",
        "or",
        "to",
        "than",
        "said",
        "says",
        "told",
        "also",
        "then",
        "once",
        "until",
        "unless",
        "whether",
        "nor",
        "yet",
        "for",
    ]
) - {"for"}
_ADVERB = set(
    [
        "also",
        "later",
        "again",
        "previously",
        "earlier",
        "then",
        "further",
        "repeatedly",
        "has",
        "have",
        "had",
        "been",
        "would",
        "will",
        "is",
        "was",
        "were",
        "are",
        "be",
        "being",
        "reportedly",
        "once",
        "recently",
        "today",
        "yesterday",
        "tonight",
        "publicly",
        "privately",
        "already",
        "had",
        "separately",
        "similarly",
        "just",
        "still",
        "however",
        "meanwhile",
        "in",
        "on",
        "at",
        "last",
        "this",
        "next",
    ]
)
_TIME = re.compile(
    r"(?:\s+(?:on|last|this|late|early)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|night|morning|evening)s?"
    r"|\s+in\s+(?:a|an|his|her|their|its)\s+[\w-]+(?:\s+[\w-]+)?)+\s*$"
)


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence that holds ``pos``, not earlier than ``lo`` (abbreviations kept)."""
    start = lo
    for m in _SENT_END.finditer(text, lo, pos):
        word = re.findall(r"[\w.]+$", text[max(lo, m.start() - 6) : m.start()])
        if word and word[0].lower().rstrip(".") in ABBREV:
            continue
        start = m.end()
    return start


def subject_before(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
    """Character span of the noun phrase before a reporting verb (its subject), or None."""
    chunk = text[lo:verb_start]
    chunk = _TIME.sub("", chunk.rstrip())
    words = chunk.rstrip().split(" ")
    while words and words[-1].lower().strip(",") in _ADVERB and words[-1] != ",":
        words.pop()
    chunk = " ".join(words).rstrip()
    end = lo + len(chunk)
    if not chunk.strip():
        return None
    # appositive: "An HLM spokesman, Tavo Renczik, said" / relative: "X, who ..., said"
    parts = chunk.split(",")
    if len(parts) >= 3 and not parts[-1].strip():
        rel = re.match(r"\s*(who|which|whose|speaking|writing|asked|citing|according)\b", parts[-2])
        parts = parts[:-2] if rel else parts
        keep = ",".join(parts[-3:]) if not rel else parts[-1]
    else:
        keep = parts[-1]
    seg_start = lo + chunk.rfind(keep) if keep else end
    toks = list(re.finditer(r"\S+", text[seg_start:end]))
    first = len(toks)
    for i in range(len(toks) - 1, -1, -1):
        w = toks[i].group().lower().strip(",;:()")
        if w in _NP_STOP and not _between_caps(toks, i) or any(m in w for m in '"“”«»„'):
            break
        first = i
        if len(toks) - i >= 9:
            break
    if first >= len(toks):
        return None
    s = seg_start + toks[first].start()
    while s < end and text[s] in "([“\"'‘,":
        s += 1
    return (s, end) if end > s else None


def _between_caps(toks: list[re.Match], i: int) -> bool:
    """`and` inside "US and China negotiators" joins a noun phrase rather than two clauses."""
    if toks[i].group() != "and" or i == 0 or i + 1 >= len(toks):
        return False
    return toks[i - 1].group()[:1].isupper() and toks[i + 1].group()[:1].isupper()


def subject_after(text: str, start: int, hi: int) -> tuple[int, int] | None:
    """Noun phrase right after an inverted verb ("said Dmitry Peskov, the Kremlin spokesman")."""
    m = re.match(
        r"\s*((?:[\w.'’-]+\s?){1,7}?)(?=[,.;:!?—–(\n]|\s+(?:in|on|at|to|during|after|"
        r"before|when|while|who|adding|according|as|from)\b|$)",
        text[start:hi],
    )
    if not m or not m.group(1).strip():
        return None
    s = start + m.start(1)
    return s, s + len(m.group(1).rstrip())
