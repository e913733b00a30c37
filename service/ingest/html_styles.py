"""The page's own <style> rules that decide what is shown and how boxes are laid out, applied to the elements they
name: the layout declarations (display, visibility, font-size, grid placement) of top-level rules are written into the
element's style attribute in cascade order — rules by specificity, then source order, then the element's inline
declarations, then `!important` rules — so the last declaration of a property is the one a browser uses. Selectors of
any form cssselect reads (`div.hide`, `.box .old`, `td > span.del`, `#old1`, `.a.b`, `[hidden]`, lists) are matched;
a selector needing a state (`:hover`) or naming a pseudo-element is skipped, as are rules inside @media/@supports
blocks (print-only copies are shown on screen). Text in a font size of 0, and in a table cell hidden by
`visibility:hidden` (the blank cell keeps its place), is dropped (`drop_unpainted_text`).

A page that links an external stylesheet (not read offline) and marks an element with a class that every common
framework defines as hidden (`configs/ingest.yaml` html.external_hide_classes: `hide`, `d-none`, `sr-only`…) while its
own <style> does not define that class gets that element hidden too, with a warning: such a class next to a figure
is an old figure kept out of view, and reading it would join its digits with the shown ones."""

from __future__ import annotations

import re

from service.config import load_config

_LAYOUT_PROPS = re.compile(r"^\s*(display|visibility|font-size|grid-[-a-z]+)\s*:", re.I)
_HIDDEN_VALUE = {"display": "none", "visibility": "hidden"}
_IMPORTANT = re.compile(r"!\s*important\s*$", re.I)
_ZERO_SIZE = re.compile(r"^[-+]?0*\.?0+(px|pt|em|rem|%|ex|ch|vw|vh|pc|mm|cm|in|q)?$", re.I)
_ZERO_SIZE_DECL = re.compile(r"font-size\s*:\s*[-+]?0*\.?0+(?:[a-z%]+)?\s*(?:!\s*important\s*)?(?:[;}\"']|$)", re.I)
_RELATIVE_SIZE = re.compile(r"(em|%|ex|ch)$|^(smaller|larger|inherit)$", re.I)


def apply_stylesheet(root, warnings: list[str] | None = None) -> None:
    """Write the page's own stylesheet layout declarations into the style attributes of the elements they match (in
    `root`, in place); hide elements under a framework hiding class the page's external stylesheet defines."""
    matched: dict = {}  # element → [(important, specificity, order, declaration)]
    names = _page_names(root)
    for order, (selector, decls) in enumerate(_rules(root)):
        for el, spec in _select(root, selector, names):
            matched.setdefault(el, []).extend((imp, spec, order, d) for imp, d in decls)
    for el, decls in matched.items():
        decls.sort(key=lambda x: (x[0], x[1], x[2]))
        normal = [d for imp, _, _, d in decls if not imp]
        important = [d for imp, _, _, d in decls if imp]
        inline = [d.strip() for d in (el.get("style") or "").split(";") if d.strip()]
        inline_important = [d for d in inline if _IMPORTANT.search(d)]
        el.set("style", ";".join(normal + inline + important + inline_important))
    _external_hide_classes(root, warnings)
    drop_unpainted_text(root)


def hidden_by_style(style: str) -> bool:
    """The last display/visibility declaration of a style attribute hides the element."""
    last: dict[str, str] = {}
    for decl in style.split(";"):
        name, _, value = decl.partition(":")
        name = name.strip().lower()
        if name in _HIDDEN_VALUE:
            last[name] = _IMPORTANT.sub("", value).strip().lower()
    return last.get("display") == "none" or last.get("visibility") in ("hidden", "collapse")


def drop_unpainted_text(el, unpainted: bool = False, zero: bool = False) -> None:
    """Drop the text a browser paints nothing of, where the element's box stays: text in a font size of 0, and a table
    cell hidden with `visibility:hidden` (the cell keeps its place in the row, blank; dropping it would move the row's
    next figures one column left). An element's own text and its children's tails go; a child that sets a size or
    `visibility:visible` again shows its text. Other elements hidden by visibility are dropped with the page chrome."""
    if not isinstance(el.tag, str):
        return
    style = el.get("style") or ""
    size = _last(style, "font-size")
    if size is not None:
        size = _IMPORTANT.sub("", size).strip().lower()
        if _ZERO_SIZE.match(size):
            zero = True
        elif not (zero and _RELATIVE_SIZE.search(size)):  # 2em of nothing is still nothing
            zero = False
    visibility = _last(style, "visibility")
    if visibility is not None:
        visibility = _IMPORTANT.sub("", visibility).strip().lower()
        if el.tag in ("td", "th") and visibility == "hidden":
            unpainted = True
            el.set("style", ";".join(d for d in style.split(";") if d.partition(":")[0].strip().lower() != "visibility"))
        elif visibility == "visible":
            unpainted = False
    hide = zero or unpainted
    if hide:
        el.text = None
    for child in el:
        drop_unpainted_text(child, unpainted, zero)
        if hide:
            child.tail = None


def _last(style: str, prop: str) -> str | None:
    value = None
    for decl in style.split(";"):
        name, _, v = decl.partition(":")
        if name.strip().lower() == prop:
            value = v
    return value


def _rules(root) -> list[tuple[str, list[tuple[bool, str]]]]:
    """(selector list, [(important, declaration)]) of each top-level rule with layout declarations, in source order
    (a brace scan: rules nested in @media and other at-rules are skipped). Font sizes are kept only on a page where
    some font size is 0 (they then decide which text under it is shown again); Word's pages set one in every rule."""
    out = []
    styles = [re.sub(r"/\*.*?\*/|<!--|-->", " ", s.text or "", flags=re.S) for s in root.iter("style")]
    inline = " ".join(el.get("style") or "" for el in root.iter() if isinstance(el.tag, str) and el.get("style"))
    sizes = "font-size" if _ZERO_SIZE_DECL.search(" ".join(styles) + " " + inline) else None
    for css in styles:
        depth, start, selectors = 0, 0, ""
        for i, ch in enumerate(css):
            if ch == "{":
                if depth == 0:
                    selectors, start = css[start:i], i + 1
                depth += 1
            elif ch == "}" and depth:
                depth -= 1
                if depth == 0:
                    decls = [d.strip() for d in css[start:i].split(";")
                             if (m := _LAYOUT_PROPS.match(d)) and (m.group(1).lower() != "font-size" or sizes)]
                    if decls and not selectors.lstrip().startswith("@"):
                        out.append((selectors.strip(), [(bool(_IMPORTANT.search(d)), d) for d in decls]))
                    start = i + 1
    return out


def _page_names(root) -> dict[str, set[str]]:
    """The tags, classes and ids the page's elements carry."""
    names: dict[str, set[str]] = {"tag": set(), "class": set(), "id": set()}
    for el in root.iter():
        if isinstance(el.tag, str):
            names["tag"].add(el.tag.lower())
            names["class"].update((el.get("class") or "").split())
            if el.get("id"):
                names["id"].add(el.get("id"))
    return names


def _may_match(tree, names: dict[str, set[str]]) -> bool:
    """The selector's subject (its last compound) names only tags, classes and ids the page has: a cheap test that
    spares an XPath scan of the page for each of the many rules (Word's, a framework's) naming nothing on it."""
    from cssselect.parser import Class, CombinedSelector, Element, Hash

    if isinstance(tree, CombinedSelector):
        tree = tree.subselector
    while tree is not None:
        if isinstance(tree, Class) and tree.class_name not in names["class"]:
            return False
        if isinstance(tree, Hash) and tree.id not in names["id"]:
            return False
        if isinstance(tree, Element):
            return tree.element in (None, "*") or tree.element.lower() in names["tag"]
        tree = getattr(tree, "selector", None)
    return True


def _select(root, selectors: str, names: dict[str, set[str]]) -> list:
    """(element, specificity) for each element a selector of the list matches; a selector cssselect cannot read or that
    needs a state or a pseudo-element matches nothing."""
    from cssselect import HTMLTranslator, SelectorError, parse
    from cssselect.xpath import ExpressionError

    translator = HTMLTranslator()
    out = []
    try:
        parsed = parse(selectors)
    except SelectorError:
        return out
    for sel in parsed:
        if sel.pseudo_element is not None or not _may_match(sel.parsed_tree, names):
            continue
        try:
            xpath = translator.selector_to_xpath(sel)
        except (ExpressionError, SelectorError):  # :hover, :focus… — not the state a reader sees
            continue
        out.extend((el, sel.specificity()) for el in root.xpath(xpath))
    return out


def _own_classes(root) -> set[str]:
    """The class names any selector of the page's own <style> names."""
    names: set[str] = set()
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/", " ", style.text or "", flags=re.S)
        while True:  # declaration blocks out, innermost first, leaving the selectors
            stripped = re.sub(r"\{[^{}]*\}", " ", css)
            if stripped == css:
                break
            css = stripped
        names.update(re.findall(r"\.(-?[_a-zA-Z][-\w]*)", css))
    return names


def _external_hide_classes(root, warnings: list[str] | None) -> None:
    if not any("stylesheet" in (ln.get("rel") or "").lower().split() for ln in root.iter("link")):
        return
    names = set(load_config("ingest.yaml")["html"]["external_hide_classes"]) - _own_classes(root)
    hidden: dict[str, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body"):
            continue
        hit = next((c for c in (el.get("class") or "").split() if c in names), None)
        if hit is None or _last(el.get("style") or "", "display") is not None:
            continue  # the page's own rules or inline style say how it is shown
        el.set("style", "display:none;" + (el.get("style") or ""))
        if re.search(r"\d", "".join(el.itertext())):  # a figure: reading it would change a number
            hidden[hit] = hidden.get(hit, 0) + 1
    if hidden and warnings is not None:
        named = ", ".join(f"'{c}' ({n})" for c, n in sorted(hidden.items()))
        warnings.append(f"text under class {named} was taken as hidden: the page's external stylesheet, not read, "
                        "hides that class in every common framework")
