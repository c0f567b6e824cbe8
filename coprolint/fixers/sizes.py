"""Text below the minimum size is raised to it: in runs, paragraph marks, styles and the defaults.

The bars are the text-too-small rule's options as the profile and configuration set them:
``min-size`` for the body, ``furniture-min-size`` for headers, footers and notes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from coprolint.fixers.package import W, DocxPackage
from coprolint.fixers.places import Places, edit_stories, in_change_record

SIZE_TAGS = (W + "sz", W + "szCs")
TEXT_BOX = W + "txbxContent"
FURNITURE_KINDS = ("header", "footer", "footnotes", "endnotes")
# Styles made for page furniture get the furniture bar; comment styles are notes between authors.
FURNITURE_STYLES = {"header", "footer", "footnotetext", "endnotetext", "footnotereference", "endnotereference"}
SKIPPED_STYLES = {"commenttext", "commentreference", "annotationtext", "annotationreference", "balloontext", "commentsubject"}
WORD_DEFAULT_HALF_POINTS = 20  # Word's size for text when nothing sets one: 10 pt


@dataclass(frozen=True, slots=True)
class SizePolicy:
    body_pt: float
    furniture_pt: float

    def half_points(self, furniture: bool) -> int:
        return math.ceil((self.furniture_pt if furniture else self.body_pt) * 2)


def _raise(element: etree._Element, least: int) -> bool:
    try:
        value = float(element.get(W + "val", ""))
    except ValueError:
        return False
    if value >= least:
        return False
    element.set(W + "val", str(least))
    return True


def fix_sizes(package: DocxPackage, policy: SizePolicy) -> tuple[int, Places, list[float], bool] | None:
    """Raise small sizes; returns (how many places, where, the sizes found in points, whether page
    furniture was among them) or None."""
    places = Places()
    count = 0
    furniture = False
    found: set[float] = set()

    def raise_in(parent: etree._Element, least: int) -> bool:
        changed = False
        for el in list(parent.iter(*SIZE_TAGS)):
            if in_change_record(el):
                continue
            before = el.get(W + "val", "")
            if _raise(el, least):
                changed = True
                if el.tag == W + "sz":
                    found.add(float(before) / 2)
        return changed

    def raise_run(rpr: etree._Element, kind: str) -> bool:
        nonlocal furniture
        # The reader counts a text box as main text, even one drawn in a header or footer.
        small_bar = kind in FURNITURE_KINDS and not any(a.tag == TEXT_BOX for a in rpr.iterancestors())
        changed = raise_in(rpr, policy.half_points(small_bar))
        furniture = furniture or (changed and small_bar)
        return changed

    count += edit_stories(package, W + "rPr", raise_run, places)

    # A furniture style used for main text (a "Footnote Text" note under a table) gets the body bar.
    in_body = {el.get(W + "val", "").casefold() for name in package.parts("document")
               for el in package.xml(name).iter(W + "pStyle", W + "rStyle")}
    for name, _ in package.story_parts():
        for box in package.xml(name).iter(TEXT_BOX):
            in_body.update(el.get(W + "val", "").casefold() for el in box.iter(W + "pStyle", W + "rStyle"))
    for name in package.parts("styles"):
        styles = package.xml(name)
        for style in package.styles_in_use(styles):
            style_id = (style.get(W + "styleId") or "").casefold()
            if style_id in SKIPPED_STYLES:
                continue
            small_bar = style_id in FURNITURE_STYLES and style_id not in in_body
            if raise_in(style, policy.half_points(small_bar)):
                count += 1
                furniture = furniture or small_bar
                name_el = style.find(W + "name")
                places.add_style((name_el.get(W + "val") if name_el is not None else None) or style_id)
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if defaults is not None:
            least = policy.half_points(False)
            if defaults.find(W + "sz") is None and WORD_DEFAULT_HALF_POINTS < least:
                # Unstyled text would otherwise fall back to Word's 10 pt.
                for tag in SIZE_TAGS:
                    el = etree.SubElement(defaults, tag)
                    el.set(W + "val", str(least))
                _order_rpr(defaults)
                found.add(WORD_DEFAULT_HALF_POINTS / 2)
                count += 1
                places.add_other("the document defaults")
            elif raise_in(defaults, least):
                count += 1
                places.add_other("the document defaults")
    if not count:
        return None
    return count, places, sorted(found), furniture


# Schema order of the run properties that matter here (ISO 29500 17.3.2): a size element
# must come before colour-free effects such as highlight and underline, after fonts and weight.
_RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]


def _order_rpr(rpr: etree._Element) -> None:
    rank = {W + name: i for i, name in enumerate(_RPR_ORDER)}
    children = list(rpr)
    children.sort(key=lambda el: rank.get(el.tag, len(rank)))
    for el in children:
        rpr.append(el)
