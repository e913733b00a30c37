"""Report markup a page holds outside its own element tree: an `<iframe srcdoc="…">` (a browser shows the frame's page
in place) and, on a page whose own text holds no report, a client-side template (`<script type="text/template">`,
`<template>`) that the page's script renders, the `<noscript>` block shown in its place when scripts are off, or a
`<textarea>` a CMS editor saved the report in (its content is text: markup in it is parsed, plain text kept as lines).
Each is parsed and put in place of its element, with a warning. When the page shows the report itself, a textarea
holding a copy of it (the editor's source) is dropped."""

from __future__ import annotations

import html
import re

# script types whose content is markup for the page's script to insert, not code
_TEMPLATE_TYPES = {"text/template", "text/html", "text/x-template", "text/x-handlebars-template", "text/x-jquery-tmpl"}
_MARKUP = re.compile(r"<(?:p|div|table|tr|td|br|span|h[1-6]|section|article)\b[^>]*>", re.I)
_WHERE = {"noscript": "the <noscript> block shown when the page's script does not run",
          "textarea": "a <textarea> holding the report's text (a CMS editor's box the page's script renders)"}
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<%.*?%>", re.S)  # placeholders left unfilled: no text of the report


def expand_embedded(root, markers: list[re.Pattern], warnings: list[str]) -> None:
    """Put the parsed content of srcdoc frames (always) and of templates (when the page's own text shows no section
    heading of a report) in place of their elements, in `root`."""
    import lxml.html

    for frame in [f for f in root.iter("iframe") if (f.get("srcdoc") or "").strip()]:
        markup = frame.get("srcdoc")
        _replace(frame, markup)
        if any(m.search(markup) for m in markers):
            warnings.append("read the report inside an <iframe srcdoc> frame of the page")
    templates = [el for el in root.iter("script", "template", "noscript", "textarea") if _is_template(el)]
    if not templates:
        return
    if _shows_report(root, markers):
        for el in templates:
            if el.tag == "textarea" and any(m.search(el.text or "") for m in markers):
                el.drop_tree()  # the editor's copy of the report the page shows
        return
    for el in templates:
        if el.tag in ("template", "noscript"):
            markup = "".join(lxml.html.tostring(c, encoding="unicode") for c in el)
            markup = (el.text or "") + markup
        elif el.tag == "textarea":
            markup = el.text or ""
            if not _MARKUP.search(markup):  # plain text: its lines as a browser shows them in the box
                markup = "<pre>" + html.escape(markup) + "</pre>"
        else:
            markup = el.text or ""
        if any(m.search(markup) for m in markers):
            _replace(el, _TEMPLATE_SYNTAX.sub("", markup))
            where = _WHERE.get(el.tag, f"a client-side template (<{el.tag}>) the page's script renders")
            warnings.append(f"read the report from {where}; the page itself shows no report")


def _is_template(el) -> bool:
    if el.tag in ("template", "noscript", "textarea"):
        return True
    return (el.get("type") or "").strip().lower() in _TEMPLATE_TYPES


def _shows_report(root, markers: list[re.Pattern]) -> bool:
    """Two or more section headings in text a browser shows without running the page's script."""
    import copy

    shown = copy.deepcopy(root)
    for el in list(shown.iter("script", "template", "style", "iframe", "noscript", "textarea")):
        el.drop_tree()
    text = "".join(shown.itertext())
    return sum(1 for m in markers if m.search(text)) >= 2


def _replace(el, markup: str) -> None:
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):  # nothing but comments or blanks: nothing to show
        el.drop_tree()
        return
    body = doc.find("body")
    body = body if body is not None else doc
    box = lxml.html.Element("div")
    box.text = body.text
    for child in list(body):
        box.append(child)
    box.tail = el.tail
    el.getparent().replace(el, box)
