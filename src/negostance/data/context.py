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
    if mode == "none":
        return ""
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
    return text[left:right].strip()
