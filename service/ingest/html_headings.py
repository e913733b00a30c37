"""A numbered heading printed in bold at the start of a paragraph that goes on with body text
(`<p><strong>一、总体情况</strong>2023年，本局……</p>`, `<p><b>（一）主动公开情况。</b>本年度……</p>`,
`<p><span style="font-weight:bold">四、…行政诉讼情况：</span>本年度……</p>`) gets a line break after it.

On the page the bold run shows where the heading ends; as plain text the heading and the body run
together and the heading's end cannot be told from the words (`…行政诉讼情况本年度…`). The markup is
the only place that says it, so the break is made here, before the tree becomes text.
Written here because lxml has no notion of emphasis; this is a walk over the tree it gives."""

from __future__ import annotations

import re
from typing import Iterator

# table cells are left alone: a statistical table's cell is rendered as one grid cell
_BLOCKS = ("p", "div", "li", "dd", "section", "article", "blockquote")
_WS = re.compile(r"\s+")


def break_after_bold_headings(root, cfg: dict) -> int:
    """Insert a <br> after each bold heading that opens a line of a block (a paragraph, or a line of a
    block broken by <br>) and is followed by body text on that line; returns how many were inserted.
    `cfg` is the html section of configs/ingest.yaml."""
    from lxml import etree

    tags = {t.lower() for t in cfg["heading_emphasis_tags"]}
    style = re.compile(cfg["heading_emphasis_style"], re.I)
    heading = re.compile(cfg["heading_pattern"])
    inserted = 0
    for block in list(root.iter(*_BLOCKS)):
        if any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKS for c in block.iterdescendants()):
            continue  # only the innermost blocks hold a paragraph's own text
        heads = [el for el, text in _line_heads(block, tags, style)
                 if len(text) <= cfg["heading_max_chars"] and heading.match(text)]
        for el in heads:
            br = etree.Element("br")
            br.tail, el.tail = el.tail, None
            el.addnext(br)
            inserted += 1
    return inserted


def _is_bold(el, tags: set[str], style: re.Pattern) -> bool:
    return el.tag.lower() in tags or bool(style.search(el.get("style") or "")) or bool(style.search(el.get("face") or ""))


_BR = object()  # a <br>: the line already breaks there


def _pieces(el, tags: set[str], style: re.Pattern, owner) -> Iterator[tuple[object, object]]:
    """(text or _BR, the outermost bold element holding it below the block, or None) in reading order."""
    if owner is None and _is_bold(el, tags, style):
        owner = el
    if el.text:
        yield el.text, owner
    for child in el:
        if isinstance(child.tag, str):
            if child.tag.lower() == "br":
                yield _BR, owner
            else:
                yield from _pieces(child, tags, style, owner)
        if child.tail:
            yield child.tail, owner


def _line_heads(block, tags: set[str], style: re.Pattern) -> Iterator[tuple[object, str]]:
    """For each line of the block (lines end at <br>) that opens with bold text and goes on with text that
    is not bold: the outermost bold element ending the bold run, and the run's text (whitespace removed)."""
    if _is_bold(block, tags, style):
        return  # the whole block is bold: a heading of its own
    run: list[str] = []
    last = None
    line_start = True
    for text, owner in _pieces(block, tags, style, None):  # the block itself is not bold
        if text is _BR:
            run, last, line_start = [], None, True
            continue
        if not text.strip() or not line_start:
            continue
        if owner is not None:
            # bold text; consecutive bold elements (`<b>一、</b><b>总体情况</b>`) make one run
            run.append(text)
            last = owner
            continue
        if run:
            yield last, _WS.sub("", "".join(run))
        line_start = False
