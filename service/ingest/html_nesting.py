"""Pages nested deeper than libxml2 reads (it keeps nothing below depth 256): unwrap the deep wrapper
elements before parsing again. A tag scan of our own, since the parser itself gives up on such a page."""

from __future__ import annotations

import re
from typing import Collection

MAX_DEPTH = 128  # well under libxml2's 256 and Python's recursion limit (_walk recurses per level)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*>")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
# wrappers whose tags can go without losing anything but a line break (given back as <br>)
_UNWRAPPABLE = {"div", "span", "font", "section", "article", "center", "main", "aside", "header", "footer", "nav",
                "blockquote", "b", "i", "u", "strong", "em", "small", "big"}


def flatten_deep_nesting(markup: str, limit: int, block_tags: Collection[str]) -> str:
    """Drop the tags (never the text) of wrapper elements opened deeper than `limit`, with their closing
    tags: a tag scan, since the parser itself gives up on such a page (a regex scan: only used then)."""
    out: list[str] = []
    pos = 0
    stack: list[tuple[str, bool]] = []  # (tag, unwrapped)
    depth = 0  # elements kept open
    broke = False  # the last thing written was a <br> standing for unwrapped blocks
    for m in _TAG.finditer(markup):
        name = m.group(2).lower()
        if name in _VOID_TAGS or m.group(0).endswith("/>"):
            continue
        if not m.group(1):
            drop = depth >= limit and name in _UNWRAPPABLE
            stack.append((name, drop))
            depth += 0 if drop else 1
        else:
            i = len(stack) - 1
            while i >= 0 and stack[i][0] != name:
                i -= 1
            if i < 0:
                continue  # a stray closing tag: the parser ignores it
            drop = stack[i][1]
            depth -= sum(1 for _, d in stack[i:] if not d)
            del stack[i:]
        if drop:
            between = markup[pos:m.start()]
            out.append(between)
            if name in block_tags and (between.strip() or not broke):
                out.append("<br>")  # one line break for a run of unwrapped blocks, not one each
                broke = True
            elif between.strip():
                broke = False
            pos = m.end()
    out.append(markup[pos:])
    return "".join(out)
