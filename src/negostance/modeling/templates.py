"""How target, speaker, quote and context become the pair input of the encoder."""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache

from negostance.data.context import elide_quote, mark_quote

# {marked} is the context with the quote wrapped in « » where it stands (the example's
# ``quote_at``, its offset in the context, when known): the quote is read once, in place.
# {around} is the context with the quote replaced by "…", for a template that shows the quote
# on its own already.
FIELDS = {"target", "speaker", "text", "context", "marked", "around"}
DERIVED = {"marked": mark_quote, "around": elide_quote}
DEFAULT_TEMPLATE = {"text_a": "{target} | {speaker}: {text}", "text_b": "{context}"}
MARKED_TEMPLATE = {"text_a": "{target} | {speaker}", "text_b": "{marked}"}


@lru_cache(maxsize=64)
def _fields(text_a: str, text_b: str) -> tuple[str, ...]:
    """The field names of a template's two parts, in order of appearance (parsed once)."""
    parse = string.Formatter().parse
    return tuple(
        name for part in (text_a, text_b) for _, name, _, _ in parse(part) if name is not None
    )


def _parts(template: Mapping[str, str]) -> tuple[str, str]:
    return template.get("text_a") or "", template.get("text_b") or ""


def check_template(template: Mapping[str, str]) -> None:
    """Fail early on a template field that examples do not have.

    >>> check_template({"text_a": "{target}: {quote}", "text_b": ""})
    Traceback (most recent call last):
    ...
    ValueError: input template field {quote} is unknown; use {around}, {context}, {marked}, {speaker}, {target}, {text}
    """
    for name in _fields(*_parts(template)):
        if name not in FIELDS:
            known = ", ".join("{" + f + "}" for f in sorted(FIELDS))
            raise ValueError(f"input template field {{{name}}} is unknown; use {known}")


def render_pair(example: Mapping[str, str], template: Mapping[str, str] = DEFAULT_TEMPLATE):
    """``(text_a, text_b or None)`` for one example; a missing speaker reads as ``unknown``.

    >>> render_pair({"target": "negotiations", "speaker": "", "text": "No talks.", "context": "c"})
    ('negotiations | unknown: No talks.', 'c')
    >>> ex = {"target": "talks", "speaker": "Ana", "text": "no", "context": 'No, "no".', "quote_at": 5}
    >>> render_pair(ex, MARKED_TEMPLATE)
    ('talks | Ana', 'No, "«no»".')
    >>> render_pair(ex, {"text_a": "{target} | {speaker}: {text}", "text_b": "{around}"})
    ('talks | Ana: no', 'No, "…".')
    """
    values = {f: (example.get(f) or "") for f in FIELDS - DERIVED.keys()}
    values["speaker"] = values["speaker"] or "unknown"
    at = example.get("quote_at")
    for name in DERIVED.keys() & set(_fields(*_parts(template))):
        values[name] = DERIVED[name](values["context"], values["text"], -1 if at is None else at)
    a = template["text_a"].format(**values).strip()
    b = (template.get("text_b") or "").format(**values).strip()
    return a, (b or None)
