"""Strip HTML (inline tags or whole pages) to text while keeping a map back to input offsets."""

from __future__ import annotations

import html
import re

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "title",
    "main",
    "aside",
    "nav",
    "dd",
    "dt",
    "pre",
}
_DROP = re.compile(
    r"<(script|style|head|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->|<!\w[^>]*>", re.S | re.I
)
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w:-]*)\b[^<>]*>|&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z]+\d*);")
_PAGE = re.compile(r"<(?:p|div|br|html|body|article)\b[^<>]*>", re.I)
_LOOKS_HTML = re.compile(
    r"</?(?:p|a|u|b|i|em|strong|span|div|br|li|html|body|h[1-6]|blockquote|"
    r"sup|sub|small|figure|img|table)\b[^<>]*>",
    re.I,
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` holds HTML tags (inline or a whole page)."""
    return bool(_LOOKS_HTML.search(text))


def strip_html(text: str) -> tuple[str, list[int]]:
    """Plain text and, for each of its characters, the offset of its source in ``text``.

    Inline tags vanish (a space stands in where words would run together), block tags become
    line breaks, entities are decoded, scripts/styles/comments are dropped. The map has one extra
    entry for the end of the text.

    >>> plain, where = strip_html('Velesky<u>said</u> &ldquo;no&rdquo;')
    >>> plain
    'Velesky said “no”'
    >>> where[plain.index('no')]
    26
    """
    out: list[str] = []
    pos: list[int] = []
    cut = [(m.start(), m.end()) for m in _DROP.finditer(text)]
    page = bool(_PAGE.search(text))
    i = 0
    for a, b in [*cut, (len(text), len(text))]:
        _convert(text, i, a, out, pos, page)
        if a < b:
            _newline(out, pos, a)
        i = b
    pos.append(len(text))
    return "".join(out), pos


def _newline(out: list[str], pos: list[int], at: int) -> None:
    if out and out[-1] != "\n":
        while out and out[-1] in " \t":
            out.pop()
            pos.pop()
        out.append("\n")
        pos.append(at)


def _convert(text: str, lo: int, hi: int, out: list[str], pos: list[int], page: bool) -> None:
    i = lo
    for m in _TOKEN.finditer(text, lo, hi):
        _plain(text, i, m.start(), out, pos, page)
        if m.group(3):
            ch = html.unescape(m.group())
            for c in ch:
                out.append(c)
                pos.append(m.start())
        elif m.group(2).lower() in _BLOCK:
            _newline(out, pos, m.start())
        else:
            nxt = text[m.end() : m.end() + 1]
            closing = m.group(1) == "/"
            # "Velesky<u>said</u>": keep words apart; "<u>said</u>," needs no space
            if out and out[-1].isalnum() and not closing and nxt.isalnum():
                out.append(" ")
                pos.append(m.start())
        i = m.end()
    _plain(text, i, hi, out, pos, page)


def _plain(text: str, lo: int, hi: int, out: list[str], pos: list[int], page: bool) -> None:
    # in a page, source line breaks are layout; in text with inline tags they end paragraphs
    for j in range(lo, hi):
        ch = text[j]
        if ch == "\r":
            continue
        if page and ch in "\n\t":
            ch = " "
        if ch == " " and (not out or out[-1] == "\n"):
            continue
        if ch in " \t\n" and out and out[-1] in " \n" and ch != "\n":
            continue
        out.append(ch)
        pos.append(j)
