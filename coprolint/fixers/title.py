"""A document with no title (or only a placeholder such as its file name) gets one from its first heading (what screen readers announce
and what a browser tab or PDF viewer shows)."""

from __future__ import annotations

from lxml import etree

from coprolint.fixers.package import CORE_TYPE, DocxPackage
from coprolint.model import Document, Paragraph

CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
MAX_TITLE = 200


def first_heading(document: Document) -> Paragraph | None:
    """The document's Title-style paragraph, else its first real heading, with some text."""
    body = [p for p in document.body() if p.text.strip()]
    for paragraph in body:
        if (paragraph.style or "").casefold() == "title":
            return paragraph
    for paragraph in body:
        if paragraph.heading_level is not None:
            return paragraph
    return None


def fix_title(package: DocxPackage, document: Document) -> tuple[str, Paragraph] | None:
    """Set dc:title (the caller knows it is missing or a placeholder); returns (the title, the
    paragraph it came from), or None when the document has no heading to take it from."""
    heading = first_heading(document)
    if heading is None:
        return None
    title = " ".join(heading.text.split())[:MAX_TITLE]
    names = package.parts_of_type(CORE_TYPE)
    if names:
        core = package.xml(names[0])
    else:
        core = _add_core_part(package)
    element = core.find(f"{{{DC}}}title")
    if element is None:
        element = etree.SubElement(core, f"{{{DC}}}title")
    element.text = title
    return title, heading


def _add_core_part(package: DocxPackage) -> etree._Element:
    """A document without document properties gets the standard part, as Word would write it."""
    name = "docProps/core.xml"
    package.add_part(name, f'<cp:coreProperties xmlns:cp="{CP}" xmlns:dc="{DC}"/>'.encode())
    types = package.xml("[Content_Types].xml")
    override = etree.SubElement(types, f"{{{CT}}}Override")
    override.set("PartName", "/" + name)
    override.set("ContentType", CORE_TYPE)
    package.types[name] = CORE_TYPE
    rels = package.xml("_rels/.rels")
    ids = {el.get("Id") for el in rels}
    number = 1
    while f"rIdCore{number}" in ids:
        number += 1
    rel = etree.SubElement(rels, f"{{{RELS}}}Relationship")
    rel.set("Id", f"rIdCore{number}")
    rel.set("Type", CORE_REL)
    rel.set("Target", name)
    return package.xml(name)
