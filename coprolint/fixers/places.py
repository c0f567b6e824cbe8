"""Where a change was made, in the words the linter uses for the same places.

Paragraph numbers follow the reader's count (coprolint/readers/docx_body.py): body, table
and text-box paragraphs from 1 in reading order, a text box's paragraphs right after the
paragraph it is anchored in. Headers, footers and notes are named by their part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from coprolint.checks.typography import describe_places, join_words
from coprolint.fixers.package import W, DocxPackage
from coprolint.model import Location
from coprolint.readers.docx_body import choose_branch, inside, table_children

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_WRAPPERS = (W + "customXml", W + "ins", W + "moveTo")
_TXBX = W + "txbxContent"
# A text box inside another box is read with that box; a Fallback branch is never read.
_BOX_OR_FALLBACK = frozenset({_TXBX, MC + "Fallback"})
_CHANGE_RECORDS = (W + "rPrChange", W + "pPrChange")
PART_KIND_WORDS = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote"}


def number_paragraphs(body: etree._Element) -> dict[etree._Element, Location]:
    """Every paragraph of the main document's body, with the location the reader gives it."""
    found: dict[etree._Element, Location] = {}
    counter = [0, 0]  # paragraphs, tables

    def blocks(parent: etree._Element, part: str, table: int | None) -> None:
        for child in parent:
            if child.tag == _P:
                paragraph(child, part, table)
            elif child.tag == _TBL:
                counter[1] += 1
                number = counter[1]
                for row in table_children(child, _TR):
                    for cell in table_children(row, _TC):
                        blocks(cell, "table" if part in ("body", "table") else part, number)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    blocks(content, part, table)
            elif child.tag in _WRAPPERS:
                blocks(child, part, table)
            elif child.tag == MC + "AlternateContent":
                branch = choose_branch(child)
                if branch is not None:
                    blocks(branch, part, table)

    def paragraph(p: etree._Element, part: str, table: int | None) -> None:
        counter[0] += 1
        found[p] = Location(part=part, paragraph=counter[0], table=table)
        for box in p.iter(_TXBX):
            if not inside(box, p, _BOX_OR_FALLBACK):
                blocks(box, "textbox", None)

    blocks(body, "body", None)
    return found


@dataclass(slots=True)
class Places:
    """Collects where one kind of change was made, and says it in a few words."""

    locations: list[Location] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # "the theme fonts", "the document defaults"

    def add_style(self, name: str) -> None:
        # Word keeps built-in style names in lower case ("heading 1") but shows them capitalised.
        if name[:1].islower() and name.isascii():
            name = name[0].upper() + name[1:]
        if name not in self.styles:
            self.styles.append(name)

    def add_other(self, words: str) -> None:
        if words not in self.others:
            self.others.append(words)

    def add_location(self, location: Location | None) -> None:
        if location is not None and (not self.locations or self.locations[-1] != location):
            self.locations.append(location)

    def words(self) -> str:
        pieces = []
        if self.locations:
            pieces.append(describe_places(self.locations))
        if self.styles:
            quoted = [f'"{name}"' for name in self.styles[:6]]
            if len(self.styles) > 6:
                quoted.append(f"{len(self.styles) - 6} more")
            pieces.append(("style " if len(self.styles) == 1 else "styles ") + join_words(quoted))
        pieces.extend(self.others)
        return join_words(pieces) or "the document"


class Locator:
    """The location of any element of a story part: its paragraph's number, or the part it is in."""

    def __init__(self, root: etree._Element, kind: str):
        self.kind = kind
        body = root.find(W + "body")
        self.numbers = number_paragraphs(body) if kind == "document" and body is not None else {}

    def of(self, element: etree._Element) -> Location:
        if self.kind != "document":
            return Location(part=PART_KIND_WORDS.get(self.kind, self.kind))
        node: etree._Element | None = element
        while node is not None:
            if node in self.numbers:
                return self.numbers[node]
            node = node.getparent()
        return Location(part="body")


def in_change_record(element: etree._Element) -> bool:
    """Formatting kept in a tracked change's record of the old look: history, not what is shown."""
    return any(a.tag in _CHANGE_RECORDS for a in element.iterancestors())


def edit_stories(package: DocxPackage, tag: str, edit: Callable[[etree._Element, str], bool], places: Places) -> int:
    """Apply ``edit(element, part kind)`` to every ``tag`` element in the text people read, noting
    where it changed something; returns how many elements it changed."""
    count = 0
    for name, kind in package.story_parts():
        root = package.xml(name)
        locator = Locator(root, kind)
        for element in list(root.iter(tag)):
            if not in_change_record(element) and edit(element, kind):
                count += 1
                places.add_location(locator.of(element))
    return count
