"""The context a classifier sees around a quote: one function, used at training and at scoring
time alike, so that the model meets the same kind of input in both."""

from __future__ import annotations


def quote_context(
    text: str, start: int, end: int, mode: str = "paragraph", max_chars: int = 700
) -> str:
    """Context of ``text[start:end]``.

    ``paragraph``: the newline-delimited paragraph holding the quote (for a headline, the headline),
    cut to a window of about ``max_chars`` centred on the quote when the paragraph is longer.
    ``none``: the empty string.

    >>> t = "Headline\\nShe said \\"talks are over\\" on Monday.\\nNext."
    >>> quote_context(t, t.index("talks"), t.index("talks") + 14)
    'She said "talks are over" on Monday.'
    """
    return quote_window(text, start, end, mode, max_chars)[0]


def quote_window(
    text: str, start: int, end: int, mode: str = "paragraph", max_chars: int = 700
) -> tuple[str, int]:
    """``(context, at)``: :func:`quote_context` and where the quote starts inside it (``-1`` for
    mode ``none``), so that the quote can be marked where it stands even when its words occur
    twice in the paragraph.

    >>> t = "No. She said \\"no\\" twice.\\nNext."
    >>> quote_window(t, 14, 16)
    ('No. She said "no" twice.', 14)
    """
    if mode == "none":
        return "", -1
    if mode != "paragraph":
        raise ValueError(f"context mode {mode!r} is not one of 'paragraph', 'none'")
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    # A quote running over paragraphs has no newline inside it by construction, but guard anyway.
    left, right = min(left, start), max(right, end)
    if right - left > max_chars:
        slack = max(max_chars - (end - start), 0) // 2
        left, right = max(left, start - slack), min(right, end + slack)
        # do not cut words in half
        if left > 0 and not text[left - 1].isspace():
            sp = text.find(" ", left, start)
            left = sp + 1 if sp >= 0 else left
        if right < len(text) and not text[right].isspace():
            sp = text.rfind(" ", end, right)
            right = sp if sp >= 0 else right
    window = text[left:right]
    stripped = window.lstrip()
    return stripped.rstrip(), start - left - (len(window) - len(stripped))


OPEN, CLOSE = "\u00ab", "\u00bb"  # « », one token each in BERT-style vocabularies


def _find(context: str, quote: str, at: int) -> int:
    """``at`` when the quote stands there, else its first occurrence, else -1."""
    if at >= 0 and context[at : at + len(quote)] == quote:
        return at
    return context.find(quote) if quote else -1


def elide_quote(context: str, quote: str, at: int = -1) -> str:
    """The context with the quote replaced by ``…`` (the quote is shown elsewhere in the input);
    the context unchanged when it does not hold the quote.

    >>> elide_quote('No. She said "no" twice.', "no", 14)
    'No. She said "…" twice.'
    """
    at = _find(context, quote, at)
    if at < 0:
        return context
    return f"{context[:at]}\u2026{context[at + len(quote) :]}"


def mark_quote(context: str, quote: str, at: int = -1) -> str:
    """The context with the quote wrapped in ``«`` ``»`` where it stands (at ``at`` when that is
    where the quote is, else at its first occurrence); a quote the context does not hold comes
    first, marked, followed by the context.

    >>> mark_quote('No. She said "no" twice.', "no", 14)
    'No. She said "«no»" twice.'
    >>> mark_quote("Talks resumed.", "We are far apart", -1)
    '«We are far apart» Talks resumed.'
    """
    at = _find(context, quote, at)
    if at < 0:
        return f"{OPEN}{quote}{CLOSE} {context}".strip()
    return f"{context[:at]}{OPEN}{quote}{CLOSE}{context[at + len(quote) :]}"
