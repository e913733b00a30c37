"""Which parts of an HTML page are the report: page chrome (scripts, navigation, menus, breadcrumbs,
footers, share bars, print links, hidden copies) is dropped, and the smallest container holding every
section heading, with the report title and date beside it, is kept. Patterns are in configs/ingest.yaml
(`html`)."""

from __future__ import annotations

import re

from service.ingest.html_styles import hidden_by_style


def _text_len(el) -> int:
    """Characters of text, whitespace not counted."""
    return len(re.sub(r"\s+", "", "".join(el.itertext())))


def drop_chrome(body, cfg: dict) -> None:
    """Remove scripts, navigation, hidden copies and other page chrome from `body`, in place; an element
    holding a large share of the page's text is kept whatever its name says."""
    total = max(1, _text_len(body))
    share = cfg["protect_text_share"]
    drop_tags = set(cfg["drop_tags"])
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el is body:
            continue
        tag = el.tag.lower()
        if tag in drop_tags:
            if tag == "header" and _holds_title(el, cfg):
                continue  # an article's own header holds the report title
            if tag in ("script", "style", "noscript", "template") or _text_len(el) < share * total:
                el.drop_tree()  # lxml keeps the tail text
            continue
        if (hidden_by_style(el.get("style") or "") or el.get("hidden") is not None) and _text_len(el) < share * total:
            el.drop_tree()  # not shown by a browser (print-only copies, hidden share text)
            continue
        names = " ".join(filter(None, (el.get("id"), el.get("class"))))
        if names and cfg["_noise"].search(names) and _text_len(el) < share * total:
            el.drop_tree()
            continue
        if tag in _CHROME_TEXT_TAGS and _is_chrome_text(el, cfg):
            el.drop_tree()  # print/close links, previous/next article links of unnamed layout cells


_CHROME_TEXT_TAGS = {"td", "div", "p", "span", "li", "ul", "center"}


def _is_chrome_text(el, cfg: dict) -> bool:
    text = re.sub(r"\s+", "", "".join(el.itertext()))
    return 0 < len(text) <= cfg["chrome_text_max_chars"] and bool(cfg["_chrome_text"].match(text))


def _holds_title(el, cfg: dict) -> bool:
    for h in el.iter("h1", "h2", "h3"):
        if cfg["_title"].search("".join(h.itertext())):
            return True
    return False


def main_content(body, cfg: dict):
    """The smallest element holding every section heading found on the page, widened to a parent
    that adds the report title and little else (a title above the content box, a date line)."""
    text = "".join(body.itertext())
    markers = [m for m in cfg["_markers"] if m.search(text)]
    if len(markers) < 2:
        return body
    # descend while one child still holds every marker (a path down the tree, not a full scan)
    best = body
    while True:
        inner = [c for c in best if isinstance(c.tag, str) and _holds_all(c, markers)]
        if len(inner) != 1:
            break
        best = inner[0]
    inner_text = "".join(best.itertext())
    # the container opens with the report title: no parent is needed for it
    if not cfg["_title"].search(re.sub(r"\s+", "", inner_text)[: cfg["title_head_chars"]]):
        best = _widen_to(best, body, cfg["_title"], cfg)
    if not cfg["_date"].search("".join(best.itertext())):
        best = _widen_to(best, body, cfg["_date"], cfg)  # a 发布日期 box beside the article
    return best


def _widen_to(best, body, pattern: re.Pattern, cfg: dict):
    """The nearest parent whose text outside `best` matches `pattern` and adds little else, or `best`."""
    inner_text = "".join(best.itertext())
    base = _text_len(best)
    parent = best.getparent()
    while parent is not None and parent is not body.getparent():
        if _text_len(parent) - base > cfg["title_widen_max_extra"]:
            break
        outside = "".join(parent.itertext()).replace(inner_text, "", 1)
        if pattern.search(outside):
            return parent
        parent = parent.getparent()
    return best


def _holds_all(el, markers: list[re.Pattern]) -> bool:
    text = "".join(el.itertext())
    return all(m.search(text) for m in markers)
