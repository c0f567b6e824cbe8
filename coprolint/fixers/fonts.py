"""Fonts that are not approved become one that is, wherever Word takes a font from:
runs, paragraph marks, styles, the document defaults and the theme's heading and body fonts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from coprolint.catalog import load_data
from coprolint.fixers.package import THEME_TYPE, W, DocxPackage
from coprolint.fixers.places import Locator, Places
from coprolint.fonts import approved_family, normalise

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# Latin (ascii, hAnsi) and complex-script slots; East Asian fonts are left alone, since
# Arial has no Chinese, Japanese or Korean characters to show in their place.
SLOTS = (W + "ascii", W + "hAnsi", W + "cs")
_CHANGE_RECORDS = (W + "rPrChange", W + "pPrChange")


@dataclass(frozen=True, slots=True)
class FontPolicy:
    target: str
    extra: tuple[str, ...] = ()
    strict: bool = False

    def acceptable(self, written: str) -> bool:
        family = normalise(written)
        ignored = {name.casefold() for name in load_data("fonts.toml").get("ignore", [])}
        return family.casefold() in ignored or approved_family(family, self.extra, self.strict) is not None


def in_change_record(element: etree._Element) -> bool:
    """Formatting kept in a tracked change's record of the old look: history, not what is shown."""
    return any(a.tag in _CHANGE_RECORDS for a in element.iterancestors())


def fix_fonts(package: DocxPackage, policy: FontPolicy) -> tuple[str, int, Places] | None:
    """Replace every unapproved font; returns (what was replaced, how many places, where) or None."""
    replaced: Counter[str] = Counter()
    places = Places()
    count = 0

    def swap(rfonts: etree._Element) -> bool:
        changed = False
        for slot in SLOTS:
            written = rfonts.get(slot)
            if written and not policy.acceptable(written):
                replaced[normalise(written)] += 1
                rfonts.set(slot, policy.target)
                changed = True
        return changed

    for name, kind in package.story_parts():
        root = package.xml(name)
        locator = Locator(root, kind)
        for rfonts in root.iter(W + "rFonts"):
            if not in_change_record(rfonts) and swap(rfonts):
                count += 1
                places.add_location(locator.of(rfonts))

    for name in package.parts("styles"):
        styles = package.xml(name)
        for style in package.styles_in_use(styles):
            swapped = [swap(el) for el in list(style.iter(W + "rFonts")) if not in_change_record(el)]
            if any(swapped):
                count += 1
                places.add_style(_style_name(style))
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if defaults is not None:
            rfonts = defaults.find(W + "rFonts")
            if rfonts is None:
                # Without a default font Word falls back to Times New Roman for unstyled text.
                rfonts = etree.SubElement(defaults, W + "rFonts")
                defaults.insert(0, rfonts)
                for slot in SLOTS:
                    rfonts.set(slot, policy.target)
                replaced["Times New Roman"] += 1
                count += 1
                places.add_other("the document defaults")
            elif swap(rfonts):
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
