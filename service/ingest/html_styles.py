"""The page's own <style> rules that decide what is shown and how boxes are laid out, applied to the elements they
name: the layout declarations (display, visibility, grid placement) of top-level rules with simple selectors (`.hide`,
`#old`, `div.tr`) are written into the element's style attribute ahead of its inline declarations (which win, as in a
browser). Rules inside @media/@supports blocks (print-only copies are shown on screen) and compound selectors are not
read: a regex scan, since only these simple rules are needed (no CSS engine is a dependency)."""

from __future__ import annotations

import re

_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?([.#])([-\w]+)$", re.I)
_LAYOUT_DECL = re.compile(r"^\s*(display|visibility|grid-[-a-z]+)\s*:", re.I)
_HIDDEN_VALUE = {"display": "none", "visibility": "hidden"}


def apply_stylesheet(root) -> None:
    rules = _simple_rules(root)
    if not rules:
        return
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        keys = [("#", el.get("id") or "")] + [(".", c) for c in (el.get("class") or "").split()]
        decls = [d for kind, name in keys if name for t in ("", el.tag.lower()) for d in rules.get((t, kind, name), ())]
        if decls:
            inline = el.get("style") or ""
            el.set("style", ";".join(decls) + (";" + inline if inline.strip() else ""))


def hidden_by_style(style: str) -> bool:
    """The last display/visibility declaration of a style attribute hides the element."""
    last: dict[str, str] = {}
    for decl in style.split(";"):
        name, _, value = decl.partition(":")
        name = name.strip().lower()
        if name in _HIDDEN_VALUE:
            last[name] = value.replace("!important", "").strip().lower()
    return any(last.get(k) == v for k, v in _HIDDEN_VALUE.items())


def _simple_rules(root) -> dict[tuple[str, str, str], list[str]]:
    """(tag or '', '.' or '#', name) → the layout declarations of the rules naming it, in source order."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/|<!--|-->", " ", style.text or "", flags=re.S)
        depth, start, selectors = 0, 0, ""
        for i, ch in enumerate(css):
            if ch == "{":
                if depth == 0:
                    selectors, start = css[start:i], i + 1
                depth += 1
            elif ch == "}" and depth:
                depth -= 1
                if depth == 0:
                    decls = [d.strip() for d in css[start:i].split(";") if _LAYOUT_DECL.match(d)]
                    if decls and not selectors.lstrip().startswith("@"):
                        for sel in selectors.split(","):
                            m = _SIMPLE_SELECTOR.match(sel.strip())
                            if m:
                                out.setdefault(((m.group(1) or "").lower(), m.group(2), m.group(3)), []).extend(decls)
                    start = i + 1
    return out
