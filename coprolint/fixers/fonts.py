"""Fonts that are not approved become one that is, wherever Word takes a font from:
runs, paragraph marks, styles, the document defaults and the theme's heading and body fonts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from coprolint.catalog import load_data
from coprolint.fixers.package import THEME_TYPE, W, DocxPackage
from coprolint.fixers.places import Places, edit_stories, in_change_record
from coprolint.fonts import approved_family, normalise

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# The Latin slots, the ones the linter reads. Complex-script (Arabic, Hebrew, Persian...) and
# East Asian fonts are left alone: they draw scripts the approved list does not speak for.
SLOTS = (W + "ascii", W + "hAnsi")
_THEME_SLOTS = {W + "ascii": W + "asciiTheme", W + "hAnsi": W + "hAnsiTheme"}
LATIN_THEME_REFS = {"majorAscii", "majorHAnsi", "minorAscii", "minorHAnsi"}


@dataclass(frozen=True, slots=True)
class FontPolicy:
    target: str
    extra: tuple[str, ...] = ()
    strict: bool = False

    def acceptable(self, written: str) -> bool:
        family = normalise(written)
        ignored = {name.casefold() for name in load_data("fonts.toml").get("ignore", [])}
        return family.casefold() in ignored or approved_family(family, self.extra, self.strict) is not None


def fix_fonts(package: DocxPackage, policy: FontPolicy) -> tuple[str, int, Places] | None:
    """Replace every unapproved font; returns (what was replaced, how many places, where) or None."""
    replaced: Counter[str] = Counter()
    places = Places()
    count = 0
    other_scripts = _theme_script_fonts(package)

    def swap(rfonts: etree._Element) -> bool:
        changed = False
        for slot in SLOTS:
            theme_ref = rfonts.get(_THEME_SLOTS[slot])
            if theme_ref:
                # Latin text pointed at the theme's complex-script or East Asian font ("majorBidi"):
                # name the font instead, leaving that theme font to the scripts it is for.
                if theme_ref in LATIN_THEME_REFS:
                    continue  # the theme's Latin fonts are fixed below
                # An empty theme slot leaves Word (and the linter) with Times New Roman.
                font = other_scripts.get(theme_ref) or "Times New Roman"
                if not policy.acceptable(font):
                    replaced[normalise(font)] += 1
                    del rfonts.attrib[_THEME_SLOTS[slot]]
                    rfonts.set(slot, policy.target)
                    changed = True
                continue
            written = rfonts.get(slot)
            if written and not policy.acceptable(written):
                replaced[normalise(written)] += 1
                rfonts.set(slot, policy.target)
                changed = True
        return changed

    count += edit_stories(package, W + "rFonts", lambda rfonts, _: swap(rfonts), places)

    for name in package.parts("styles"):
        styles = package.xml(name)
        for style in package.styles_in_use(styles):
            swapped = [swap(el) for el in list(style.iter(W + "rFonts")) if not in_change_record(el)]
            if any(swapped):
                count += 1
                places.add_style(_style_name(style))
        defaults = _default_rpr(styles)
        rfonts = defaults.find(W + "rFonts")
        if rfonts is None:
            rfonts = etree.Element(W + "rFonts")
            defaults.insert(0, rfonts)
        changed = swap(rfonts)
        for slot in SLOTS:
            if rfonts.get(slot) is None and rfonts.get(_THEME_SLOTS[slot]) is None:
                # With no default font, Word (and the linter) fall back to Times New Roman.
                rfonts.set(slot, policy.target)
                replaced["Times New Roman"] += 0 if changed else 1
                changed = True
        if changed:
            count += 1
            places.add_other("the document defaults")

    for name in package.parts_of_type(THEME_TYPE):
        theme = package.xml(name)
        for which, words in (("majorFont", "heading"), ("minorFont", "body")):
            latin = theme.find(f".//{A}fontScheme/{A}{which}/{A}latin")
            typeface = latin.get("typeface") if latin is not None else None
            if typeface and not policy.acceptable(typeface):
                replaced[normalise(typeface)] += 1
                latin.set("typeface", policy.target)
                count += 1
                places.add_other(f"the theme's {words} font")
    if not count:
        return None
    fonts = sorted(replaced, key=lambda f: (-replaced[f], f))
    return ", ".join(f'"{f}"' for f in fonts), count, places


def _style_name(style: etree._Element) -> str:
    name = style.find(W + "name")
    value = name.get(W + "val") if name is not None else None
    return value or style.get(W + "styleId") or "?"


def _default_rpr(styles: etree._Element) -> etree._Element:
    """docDefaults/rPrDefault/rPr, made when missing (at the top of the styles, where Word puts it)."""
    node = styles
    for tag in ("docDefaults", "rPrDefault", "rPr"):
        child = node.find(W + tag)
        if child is None:
            child = etree.Element(W + tag)
            node.insert(0, child)
        node = child
    return node


def _theme_script_fonts(package: DocxPackage) -> dict[str, str]:
    """Theme references to non-Latin fonts ("majorBidi", "minorEastAsia") and the fonts they name."""
    found: dict[str, str] = {}
    for name in package.parts_of_type(THEME_TYPE):
        theme = package.xml(name)
        for which in ("major", "minor"):
            for script, ref in (("cs", "Bidi"), ("ea", "EastAsia")):
                element = theme.find(f".//{A}fontScheme/{A}{which}Font/{A}{script}")
                typeface = element.get("typeface") if element is not None else None
                if typeface:
                    found[f"{which}{ref}"] = typeface
    return found
