"""Justified paragraphs become left-aligned: in paragraphs, styles and the document defaults."""

from __future__ import annotations

from lxml import etree

from coprolint.fixers.package import W, DocxPackage
from coprolint.fixers.places import Places, edit_stories, in_change_record

# Every way WordprocessingML stretches lines to both edges.
JUSTIFIED = {"both", "distribute", "lowKashida", "mediumKashida", "highKashida", "thaiDistribute"}


def _unjustify(ppr: etree._Element) -> bool:
    jc = ppr.find(W + "jc")
    if jc is None or jc.get(W + "val") not in JUSTIFIED:
        return False
    jc.set(W + "val", "left")
    return True


def fix_alignment(package: DocxPackage) -> tuple[int, Places] | None:
    """Left-align everything justified; returns (how many places, where) or None."""
    places = Places()
    count = edit_stories(package, W + "pPr", lambda ppr, _: _unjustify(ppr), places)
    for name in package.parts("styles"):
        styles = package.xml(name)
        for style in package.styles_in_use(styles):
            if any([_unjustify(ppr) for ppr in style.iter(W + "pPr") if not in_change_record(ppr)]):
                count += 1
                name_el = style.find(W + "name")
                places.add_style((name_el.get(W + "val") if name_el is not None else None) or style.get(W + "styleId", "?"))
        defaults = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
        if defaults is not None and _unjustify(defaults):
            count += 1
            places.add_other("the document defaults")
    if not count:
        return None
    return count, places
