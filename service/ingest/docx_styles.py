"""Which DOCX text Word hides (w:vanish, hidden text), from the run's own properties and from the styles it is
written in: a character style (w:rStyle), the paragraph's style (w:pStyle; its run properties apply to every run of
the paragraph and to the paragraph mark), each followed up its w:basedOn chain to the nearest style that sets
w:vanish, and the document defaults. Hidden text is a toggle property (ECMA-376 §17.7.3, w:vanish): a value set
directly on the run is absolute (`<w:vanish w:val="0"/>` shows text its style hides); a w:basedOn chain is one level
whose value is its nearest style's that sets one (a derived style's `w:val="0"` shows what its base hides), and the
document defaults, the paragraph style's level and the character style's level combine by exclusive or: hidden in
both styles shows the text, as Word paints toggle properties (bold in a bold paragraph style and a bold character
style comes out regular). w:specVanish (always hidden) hides the run too; w:webHidden hides text in Web layout only,
so it is read (Word prints it). Table styles' run properties are not read."""

from __future__ import annotations

from typing import Optional

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _flag(rpr, name: str) -> Optional[bool]:
    """A toggle property of a w:rPr: None when not set, else its value (w:val absent means on)."""
    el = None if rpr is None else rpr.find(_W + name)
    if el is None:
        return None
    return el.get(_W + "val", "true").lower() not in ("0", "false", "off")


class HiddenText:
    """Decides which runs and paragraph marks of one document are hidden; style chains are resolved once each."""

    def __init__(self, styles_element) -> None:
        self._styles: dict[str, tuple[Optional[str], Optional[bool], Optional[bool]]] = {}
        self._default: dict[str, Optional[str]] = {"paragraph": None, "character": None}
        self._doc_default: Optional[bool] = None
        self._cache: dict[str, bool] = {}
        if styles_element is None:
            return
        self._doc_default = _flag(styles_element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"), "vanish")
        for style in styles_element.iter(_W + "style"):
            sid, kind = style.get(_W + "styleId"), style.get(_W + "type", "paragraph")
            if not sid:
                continue
            based = style.find(_W + "basedOn")
            rpr = style.find(_W + "rPr")
            parent = None if based is None else based.get(_W + "val")
            self._styles[sid] = (parent, _flag(rpr, "vanish"), _flag(rpr, "specVanish"))
            if style.get(_W + "default", "").lower() in ("1", "true", "on") and kind in self._default:
                self._default[kind] = self._default[kind] or sid

    def run_hidden(self, r, p) -> bool:
        """The run `r` (a w:r) of paragraph `p` (its w:p, or None) is hidden."""
        return self._hidden(r.find(_W + "rPr"), p)

    def mark_hidden(self, p) -> bool:
        """The paragraph mark of `p` is hidden (its list label is then not shown)."""
        return self._hidden(p.find(f"{_W}pPr/{_W}rPr"), p)

    def _hidden(self, rpr, p) -> bool:
        if _flag(rpr, "specVanish"):
            return True
        direct = _flag(rpr, "vanish")
        if direct is not None:
            return direct
        pid = self._style_id(None if p is None else p.find(f"{_W}pPr/{_W}pStyle")) or self._default["paragraph"]
        rid = self._style_id(None if rpr is None else rpr.find(_W + "rStyle")) or self._default["character"]
        return bool(self._doc_default) ^ self._chain(pid) ^ self._chain(rid)

    @staticmethod
    def _style_id(el) -> Optional[str]:
        return None if el is None else el.get(_W + "val")

    def _chain(self, sid: Optional[str]) -> bool:
        """The nearest of the style and the styles it is based on that sets w:vanish (or w:specVanish) hides its text."""
        if sid is None:
            return False
        if sid not in self._cache:
            value, seen, cur = False, set(), sid
            while cur in self._styles and cur not in seen:  # a basedOn loop is broken off
                seen.add(cur)
                based, vanish, spec = self._styles[cur]
                if spec or vanish is not None:
                    value = bool(spec or vanish)
                    break
                cur = based
            self._cache[sid] = value
        return self._cache[sid]
