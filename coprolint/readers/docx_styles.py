"""Word styles and themes: what a run and a paragraph look like once inheritance is resolved.

Formatting is kept as small dicts of the properties a level sets ("props"). A run's
effective formatting is the merge, from weakest to strongest, of: document defaults,
table style, paragraph style (with its basedOn chain), character style (with its
chain), and the run's own properties. Each style's merged chain is computed once per
document and cached by style id, so walking a run costs one dict merge.

Toggle properties (bold, italic, caps) are treated as "the closest level that says
something wins", which matches what people see in nearly every real document; the
OOXML rule that a toggle in two styles cancels out is not modelled.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = f"{{{W_NS}}}"
A = f"{{{A_NS}}}"
Props = dict[str, Any]

# Word's fallbacks when neither the styles nor the defaults say anything (ISO 29500 17.7.5).
DEFAULT_FONT = "Times New Roman"
DEFAULT_SIZE = 10.0

HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF",
    "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080",
    "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}
_THEME_COLOUR_SLOTS = {
    "text1": "dk1", "dark1": "dk1", "background1": "lt1", "light1": "lt1", "text2": "dk2", "dark2": "dk2",
    "background2": "lt2", "light2": "lt2", "hyperlink": "hlink", "followedHyperlink": "folHlink",
}
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_FALSE = frozenset(("0", "false", "off", "none"))
_HEADING = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)

# Paragraph properties: jc values as the model names them.
ALIGNMENTS = {
    "both": "justify", "distribute": "justify", "lowKashida": "justify", "mediumKashida": "justify",
    "highKashida": "justify", "thaiDistribute": "justify", "center": "center", "right": "right",
    "end": "right", "left": "left", "start": "left",
}

# Tags looked up once, not rebuilt per element.
_R_FONTS, _SZ, _B, _I, _U, _CAPS, _SMALL_CAPS = W + "rFonts", W + "sz", W + "b", W + "i", W + "u", W + "caps", W + "smallCaps"
_COLOR, _HIGHLIGHT, _SHD, _VAL, _LANG, _RSTYLE = W + "color", W + "highlight", W + "shd", W + "val", W + "lang", W + "rStyle"
_JC, _SPACING, _OUTLINE, _NUMPR, _NUMID, _PSTYLE = W + "jc", W + "spacing", W + "outlineLvl", W + "numPr", W + "numId", W + "pStyle"
_FILL = W + "fill"
_STYLE_ID, _TYPE, _DEFAULT = W + "styleId", W + "type", W + "default"
_RPR, _PPR_CHANGE, _RPR_CHANGE, _VANISH = W + "rPr", W + "pPrChange", W + "rPrChange", W + "vanish"
_MARK_CHANGES = frozenset((W + "ins", W + "del", W + "rPrChange"))
_ASCII, _ASCII_THEME, _HANSI, _HANSI_THEME = W + "ascii", W + "asciiTheme", W + "hAnsi", W + "hAnsiTheme"


def on(el: etree._Element) -> bool:
    """An OOXML on/off property: present means on, unless val says otherwise."""
    val = el.get(_VAL)
    return val is None or val.lower() not in _FALSE


def hex_colour(value: str | None) -> str | None:
    if value and _HEX.match(value):
        return value.upper()
    return None


def parse_rpr(rpr: etree._Element | None) -> Props:
    """The run properties one element sets (not inherited ones); for a run, also its character
    style id ("rstyle") and whether its formatting change is tracked ("changed")."""
    props: Props = {}
    if rpr is None:
        return props
    for el in rpr:
        tag = el.tag
        if tag == _R_FONTS:
            # asciiTheme wins over ascii on the same element (ISO 29500 17.3.2.26).
            # The written name is kept as a fallback for a theme the package lacks.
            for key, theme_attr, name_attr in (("ascii", _ASCII_THEME, _ASCII), ("hansi", _HANSI_THEME, _HANSI)):
                theme_ref, name = el.get(theme_attr), el.get(name_attr)
                if theme_ref:
                    props[key] = (theme_ref, name)
                elif name:
                    props[key] = (None, name)
        elif tag == _SZ:
            try:
                props["size"] = int(el.get(_VAL, "")) / 2
            except ValueError:
                pass
        elif tag == _B:
            props["bold"] = on(el)
        elif tag == _I:
            props["italic"] = on(el)
        elif tag == _U:
            props["underline"] = (el.get(_VAL) or "single") != "none"
        elif tag == _CAPS or tag == _SMALL_CAPS:
            # Either one shows capitals; keep the strongest statement made here.
            props["caps"] = props.get("caps", False) or on(el)
        elif tag == _COLOR:
            val = el.get(_VAL)
            if val and val.lower() == "auto":
                props["color"] = None
            elif hex_colour(val):
                props["color"] = val.upper()  # Word writes the computed value beside any themeColor
            elif el.get(W + "themeColor"):
                props["color"] = ("theme", el.get(W + "themeColor"))
        elif tag == _HIGHLIGHT:
            props["highlight"] = HIGHLIGHTS.get(el.get(_VAL, ""))
        elif tag == _SHD:
            props["shading"] = hex_colour(el.get(_FILL))
        elif tag == _LANG:
            if el.get(_VAL):
                props["lang"] = el.get(_VAL)
        elif tag == _VANISH:
            props["hidden"] = on(el)
        elif tag == _RSTYLE:
            props["rstyle"] = el.get(_VAL)
        elif tag == _RPR_CHANGE:
            props["changed"] = True
    return props


def parse_ppr(ppr: etree._Element | None) -> Props:
    """The paragraph properties one element sets that the model carries (and, for a paragraph's
    own pPr, its style id and tracked formatting changes)."""
    props: Props = {}
    if ppr is None:
        return props
    for el in ppr:
        tag = el.tag
        if tag == _PSTYLE:
            props["pstyle"] = el.get(_VAL)
        elif tag == _PPR_CHANGE:
            props["changes"] = props.get("changes", 0) + 1
        elif tag == _RPR:  # the paragraph mark: its insertion or deletion is a tracked change too
            marks = sum(1 for mark in el if mark.tag in _MARK_CHANGES)
            if marks:
                props["changes"] = props.get("changes", 0) + marks
        elif tag == _JC:
            props["alignment"] = ALIGNMENTS.get(el.get(_VAL, ""))
        elif tag == _SPACING:
            line, rule = el.get(W + "line"), el.get(W + "lineRule", "auto")
            if line is not None:
                try:
                    props["line_spacing"] = round(int(line) / 240, 2) if rule == "auto" else None
                except ValueError:
                    pass
        elif tag == _OUTLINE:
            try:
                level = int(el.get(_VAL, ""))
                props["outline"] = level + 1 if 0 <= level <= 8 else None
            except ValueError:
                pass
        elif tag == _NUMPR:
            num = el.find(_NUMID)
            props["list_item"] = num is None or num.get(_VAL) not in ("0", None)
        elif tag == _SHD:
            props["shading"] = hex_colour(el.get(_FILL))
    return props


def display_name(name: str) -> str:
    """Word stores built-in names in lower case ("heading 1"); people see "Heading 1"."""
    if name and name[0].islower() and name.isascii():
        if name.lower().startswith("toc "):
            return "TOC " + name[4:]
        return " ".join(word[:1].upper() + word[1:] for word in name.split(" "))
    return name


class Theme:
    """Theme fonts (major/minor latin) and colours from word/theme/theme1.xml."""

    def __init__(self, root: etree._Element | None):
        self.fonts: dict[str, str] = {}
        self.colours: dict[str, str] = {}
        if root is None:
            return
        elements = root.find(A + "themeElements")
        if elements is None:
            return
        fonts = elements.find(A + "fontScheme")
        for kind, key in (("majorFont", "major"), ("minorFont", "minor")):
            font = fonts.find(A + kind) if fonts is not None else None
            if font is None:
                continue
            for script, slot in (("latin", "HAnsi"), ("ea", "EastAsia"), ("cs", "Bidi")):
                face = font.find(A + script)
                if face is not None and face.get("typeface"):
                    self.fonts[key + slot] = face.get("typeface")
            if key + "HAnsi" in self.fonts:
                self.fonts[key + "Ascii"] = self.fonts[key + "HAnsi"]
        scheme = elements.find(A + "clrScheme")
        if scheme is not None:
            for slot in scheme:
                if not isinstance(slot.tag, str):
                    continue
                name = etree.QName(slot).localname
                for colour in slot:
                    value = colour.get("val") if colour.tag == A + "srgbClr" else colour.get("lastClr")
                    if hex_colour(value):
                        self.colours[name] = value.upper()  # type: ignore[union-attr]
                        break

    def font(self, ref: str) -> str | None:
        return self.fonts.get(ref)

    def colour(self, ref: str) -> str | None:
        return self.colours.get(_THEME_COLOUR_SLOTS.get(ref, ref))


class StyleSheet:
    """styles.xml, resolved lazily and cached per style id."""

    def __init__(self, root: etree._Element | None, theme: Theme,
                 full: Callable[[etree._Element], etree._Element] | None = None):
        """``full`` gives a style element with its content when ``root`` was parsed with the styles'
        content left out (``DeferredPart.full``); only their attributes are read before."""
        self.theme = theme
        self._full = full
        self._styles: dict[str, etree._Element] = {}
        self._defaults: dict[str, str] = {}  # type -> default style id
        self._run_cache: dict[str, Props] = {}
        self._para_cache: dict[str, Props] = {}
        self._base_cache: dict[tuple[str | None, str | None, str | None], Props] = {}
        self._para_base: dict[str | None, Props] = {}
        self.names: dict[str, str] = {}
        self.doc_rpr: Props = {}
        self.doc_ppr: Props = {}
        if root is None:
            return
        defaults = root.find(W + "docDefaults")
        if defaults is not None:
            self.doc_rpr = parse_rpr(defaults.find(f"{W}rPrDefault/{W}rPr"))
            self.doc_ppr = parse_ppr(defaults.find(f"{W}pPrDefault/{W}pPr"))
        for style in root.iterchildren(W + "style"):  # children of w:styles: no need to walk the tree
            sid = style.get(_STYLE_ID)
            if sid is None:
                continue
            self._styles.setdefault(sid, style)
            if on_attr(style.get(_DEFAULT)):  # the type is read only for the few default styles
                self._defaults.setdefault(style.get(_TYPE, "paragraph"), sid)

    def has(self, sid: str) -> bool:
        return sid in self._styles

    def name(self, sid: str) -> str:
        """The style's name as people see it, looked up on first use (most styles are never used)."""
        name = self.names.get(sid)
        if name is None:
            style = self._style(sid)
            name_el = style.find(W + "name") if style is not None else None
            name = display_name(name_el.get(_VAL, sid)) if name_el is not None else sid
            self.names[sid] = name
        return name

    def _style(self, sid: str) -> etree._Element | None:
        """The style element with its content."""
        style = self._styles.get(sid)
        if style is not None and self._full is not None:
            style = self._full(style)
        return style

    def default_style(self, kind: str) -> str | None:
        return self._defaults.get(kind)

    def _chain(self, sid: str) -> list[etree._Element]:
        """The style and its basedOn ancestors, strongest first; loops and dangling ids end the chain."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        current: str | None = sid
        while current and current not in seen and current in self._styles and len(chain) < 32:
            seen.add(current)
            style = self._style(current)
            assert style is not None
            chain.append(style)
            based = style.find(W + "basedOn")
            current = based.get(_VAL) if based is not None else None
        return chain

    def style_rpr(self, sid: str | None) -> Props:
        """Run properties a style gives, its chain merged (weakest first)."""
        if not sid:
            return {}
        cached = self._run_cache.get(sid)
        if cached is None:
            cached = {}
            for style in reversed(self._chain(sid)):
                cached.update(parse_rpr(style.find(W + "rPr")))
            self._run_cache[sid] = cached
        return cached

    def style_ppr(self, sid: str | None) -> Props:
        """Paragraph properties a paragraph style gives, with its chain, plus its heading level."""
        if not sid:
            return {}
        cached = self._para_cache.get(sid)
        if cached is None:
            cached = {}
            chain = self._chain(sid)
            for style in reversed(chain):
                cached.update(parse_ppr(style.find(W + "pPr")))
            for style in chain:  # a built-in heading name beats an outline level further up
                name = style.find(W + "name")
                match = _HEADING.match(name.get(_VAL, "")) if name is not None else None
                if match:
                    cached["heading"] = int(match.group(1))
                    break
            self._para_cache[sid] = cached
        return cached

    def paragraph_props(self, sid: str | None) -> Props:
        """Document paragraph defaults with the paragraph style's chain on top, cached per style."""
        cached = self._para_base.get(sid)
        if cached is None:
            cached = {**self.doc_ppr, **self.style_ppr(sid)}
            self._para_base[sid] = cached
        return cached

    def base_rpr(self, pstyle: str | None, rstyle: str | None, tstyle: str | None) -> Props:
        """Everything a run inherits before its own properties: defaults < table < paragraph < character."""
        key = (pstyle, rstyle, tstyle)
        cached = self._base_cache.get(key)
        if cached is None:
            cached = dict(self.doc_rpr)
            if tstyle:
                cached.update(self.style_rpr(tstyle))
            cached.update(self.style_rpr(pstyle))
            cached.update(self.style_rpr(rstyle))
            self._base_cache[key] = cached
        return cached

    def font_name(self, props: Props) -> str | None:
        """The family for Latin text: the ascii slot, else hAnsi; theme references looked up."""
        slot = props.get("ascii") or props.get("hansi")
        if slot is None:
            return None
        theme_ref, name = slot
        if theme_ref:
            return self.theme.font(theme_ref) or name
        return name

    def colour(self, value: Any) -> str | None:
        if isinstance(value, tuple):
            return self.theme.colour(value[1])
        return value


def on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")
