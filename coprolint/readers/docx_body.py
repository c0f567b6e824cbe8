"""Walk WordprocessingML (body, header, footer, note parts) into model paragraphs and tables.

One ``Walker`` reads one document. Reading order is document order; a text box's
paragraphs follow the paragraph it is anchored in. Paragraph numbers count body,
table and text-box paragraphs from 1, the way a person scrolling the document meets
them; headers, footers and notes carry their part (and section) instead.

Page numbers come only from ``w:lastRenderedPageBreak``, which Word writes where its
last layout started a new page. They are approximate (the layout may have changed
since), and absent (None) for documents Word never laid out, such as generated ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from lxml import etree

from coprolint.fonts import normalise
from coprolint.model import Document, Link, Location, Paragraph, Run, Table
from coprolint.readers import docx_names as n
from coprolint.readers.docx_styles import DEFAULT_FONT, DEFAULT_SIZE, StyleSheet, on, parse_ppr, parse_rpr
from coprolint.readers.ooxml_zip import Relationship

_HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:(\\l)\s+)?"?([^"\s]*)"?(?:.*?\\l\s+"([^"]*)")?', re.IGNORECASE)
_NUMBERED_PARTS = ("body", "table", "textbox")
BOX_OR_FALLBACK = frozenset((n.TXBX_CONTENT, n.FALLBACK))


@dataclass(slots=True)  # not frozen: one is made per table cell, and frozen instances cost twice as much to make
class Where:
    """Where the blocks being walked live (never changed once made)."""

    part: str = "body"
    section: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    tstyle: str | None = None  # table style id, inherited by the cell's runs
    shading: str | None = None  # table cell background
    sink: list[Paragraph] | None = None  # where paragraphs go when not into the document (comments)


@dataclass(slots=True)
class ParaState:
    """What walking one paragraph's content collects before its location is known."""

    pstyle: str | None
    tstyle: str | None
    pieces: list[list[Any]] = field(default_factory=list)  # [key, text parts] runs with one formatting
    link: str | None = None
    links: list[tuple[int, str]] = field(default_factory=list)  # (start piece, target) of each w:hyperlink
    drawings: list[tuple[etree._Element, str | None]] = field(default_factory=list)
    textboxes: list[etree._Element] = field(default_factory=list)
    changes: int = 0
    comments: list[str] = field(default_factory=list)
    breaks_before_text: int = 0
    breaks_after_text: int = 0
    has_text: bool = False
    lang: str | None = None


class Walker:
    def __init__(self, document: Document, styles: StyleSheet, rendered_pages: bool):
        self.doc = document
        self.styles = styles
        self.rels: dict[str, Relationship] = {}
        self.paragraph_no = 0
        self.table_no = 0
        self.page: int | None = 1 if rendered_pages else None
        self.last_body_page: int | None = None
        self.fields: list[list[Any]] = []  # open complex fields: [instruction, link target, start piece]
        self.comment_anchors: dict[str, Location] = {}
        self.first_lang: str | None = None
        # Images are made by the caller, who knows the package: called with (drawing, link, location).
        self.on_drawing: Callable[[etree._Element, str | None, Location], None] | None = None
        # The look (run key without its link) of each inherited-properties dict, by the dict's id:
        # those dicts live in the style sheet's cache for the whole document, and most runs have
        # no formatting of their own, so most runs find their look here.
        self._look_cache: dict[int, tuple[Any, ...]] = {}
        self._paragraph_looks: dict[str | None, tuple[Any, ...]] = {}
        self._default_pstyle = styles.default_style("paragraph")

    # ------------------------------------------------------------ blocks

    def blocks(self, parent: etree._Element, where: Where) -> None:
        for child in parent:
            tag = child.tag
            if tag == n.P:
                self.paragraph(child, where)
            elif tag == n.TBL:
                self.table(child, where)
            elif tag == n.SDT:
                content = child.find(n.SDT_CONTENT)
                if content is not None:
                    self.blocks(content, where)
            elif tag == n.CUSTOM_XML or tag == n.INS or tag == n.MOVE_TO:
                self.blocks(child, where)
            elif tag == n.ALTERNATE:
                branch = choose_branch(child)
                if branch is not None:
                    self.blocks(branch, where)
            elif tag == n.ALT_CHUNK:
                self.doc.notes.append(
                    "Part of the document is imported from another file (an 'alternative format chunk') "
                    "and was not checked."
                )

    def table(self, tbl: etree._Element, where: Where) -> None:
        self.table_no += 1
        number = self.table_no
        props = tbl.find(n.TBLPR)
        style = props.find(n.TBLSTYLE) if props is not None else None
        tstyle = style.get(n.VAL) if style is not None else where.tstyle
        part = "table" if where.part == "body" or where.part == "table" else where.part
        index = len(self.doc.tables)
        sink = where.sink if where.sink is not None else self.doc.paragraphs
        first = len(sink)
        grid: list[list[str]] = []
        header = False
        for r, tr in enumerate(table_children(tbl, n.TR), 1):
            tr_pr = tr.find(n.TRPR)
            if tr_pr is not None:
                if r == 1 and any(on(flag) for flag in tr_pr.iterchildren(n.TBLHEADER)):
                    header = True
                if tr_pr.find(n.INS) is not None or tr_pr.find(n.DEL) is not None:
                    self.doc.tracked_changes.append(Location(part=part, page=self.page, table=number, row=r))
            texts: list[str] = []
            for c, tc in enumerate(table_children(tr, n.TC), 1):
                start = len(sink)
                self.blocks(tc, Where(part, where.section, number, r, c, tstyle, _cell_shading(tc), where.sink))
                if len(sink) == start + 1 and sink[start].location.part != "textbox":  # most cells: one paragraph
                    texts.append(sink[start].text)
                else:
                    texts.append("\n".join([p.text for p in sink[start:] if p.location.part != "textbox"]))
            grid.append(texts)
        first_location = sink[first].location if len(sink) > first else None
        location = Location(
            part=part,
            page=first_location.page if first_location else self.page,
            paragraph=first_location.paragraph if first_location else None,
            section=where.section,
            table=number,
        )
        self.doc.tables.insert(index, Table(location=location, cells=grid, header_row=header))

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, p: etree._Element, where: Where) -> None:
        styles = self.styles
        own: dict[str, Any] = {}
        for first in p:  # the schema puts pPr first; find() would cost more than the rest
            if first.tag == n.PPR:
                own = parse_ppr(first)
            break
        pstyle = own.get("pstyle")
        if pstyle is None or not styles.has(pstyle):
            pstyle = self._default_pstyle
        state = ParaState(pstyle, where.tstyle, changes=own.get("changes", 0)) if own else ParaState(pstyle, where.tstyle)
        self.inline(p, state)
        # A field whose instruction never reached "separate" in this paragraph is broken: drop it,
        # or it would hide the rest of the document's text.
        while self.fields and self.fields[-1][0] is not None:
            self.fields.pop()

        part = where.part
        numbered = part in _NUMBERED_PARTS
        if numbered:
            self.paragraph_no += 1
        if self.page is not None and (part == "body" or part == "table"):
            self.page += state.breaks_before_text
        # Positional, in the fields' order (part, page, paragraph, section, table, row, cell):
        # keyword passing costs more, and a location is made for every paragraph.
        location = Location(
            part,
            self.page if numbered else None,
            self.paragraph_no if numbered else None,
            where.section if part == "header" or part == "footer" else None,
            where.table,
            where.row,
            where.cell,
        )
        style, heading, alignment, shading, list_item, line_spacing = self._paragraph_look(pstyle, own)
        # Run's fields in order: text, font, size ... link, then the font as written.
        runs = [Run("".join(parts), normalise(key[0]), *key[1:], key[0]) for key, parts in state.pieces]
        paragraph = Paragraph(runs, location, style, heading, alignment, shading or where.shading, list_item, line_spacing)
        (where.sink if where.sink is not None else self.doc.paragraphs).append(paragraph)
        if where.sink is None and (state.links or state.changes or state.comments or state.drawings
                                   or (state.lang and self.first_lang is None)):
            self._attach(state, location, runs)
        if self.page is not None and where.part in ("body", "table"):
            self.page += state.breaks_after_text
        for box in state.textboxes:
            self.blocks(box, Where("textbox", where.section, sink=where.sink))

    def _paragraph_look(self, pstyle: str | None, own: dict[str, Any]) -> tuple[Any, ...]:
        """Style name, heading level, alignment, shading, list item and line spacing: worked out once
        per paragraph style for the paragraphs that set nothing of their own besides the style."""
        plain = not own or len(own) == ("pstyle" in own) + ("changes" in own)
        look = self._paragraph_looks.get(pstyle) if plain else None
        if look is None:
            styles = self.styles
            props = styles.paragraph_props(pstyle)
            if own:
                props = {**props, **own}
            look = (
                styles.name(pstyle) if pstyle else None,
                props.get("heading") or props.get("outline"),
                props.get("alignment") or "left",
                props.get("shading"),
                bool(props.get("list_item")),
                props.get("line_spacing"),
            )
            if plain:
                self._paragraph_looks[pstyle] = look
        return look

    def _attach(self, state: ParaState, location: Location, runs: list[Run]) -> None:
        """Links, images, tracked changes and comment anchors found in a paragraph, now that it has a place."""
        doc = self.doc
        for start, target in state.links:
            text = "".join(run.text for run in runs[start:] if run.link == target)
            doc.links.append(Link(text=text, target=target, location=location))
        if state.changes:
            doc.tracked_changes.extend([location] * state.changes)
        for comment_id in state.comments:
            self.comment_anchors.setdefault(comment_id, location)
        if self.on_drawing is not None:
            for drawing, link in state.drawings:
                self.on_drawing(drawing, link, location)
        if self.first_lang is None and state.lang:
            self.first_lang = state.lang

    # ------------------------------------------------------------ inline content

    def inline(self, parent: etree._Element, state: ParaState) -> None:
        for child in parent:
            tag = child.tag
            if tag == n.R_:
                self.run(child, state)
            elif tag == n.HYPERLINK:
                target = self._link_target(child)
                outer = state.link
                if target:
                    state.link = target
                    state.links.append((len(state.pieces), target))
                self.inline(child, state)
                state.link = outer
            elif tag == n.INS or tag == n.MOVE_TO:
                state.changes += 1
                self.inline(child, state)
            elif tag == n.DEL or tag == n.MOVE_FROM:
                state.changes += 1  # removed text is not part of what people read
            elif tag == n.SDT:
                content = child.find(n.SDT_CONTENT)
                if content is not None:
                    self.inline(content, state)
            elif tag == n.FLD_SIMPLE:
                target = _field_link(child.get(n.W_INSTR, ""))
                outer = state.link
                if target:
                    state.link = target
                    state.links.append((len(state.pieces), target))
                self.inline(child, state)
                state.link = outer
            elif tag in (n.SMART_TAG, n.CUSTOM_XML, n.DIR, n.BDO):
                self.inline(child, state)
            elif tag == n.COMMENT_START:
                state.comments.append(child.get(n.W_ID, ""))
            elif tag == n.ALTERNATE:
                branch = choose_branch(child)
                if branch is not None:
                    self.inline(branch, state)
            elif tag == n.OMATH_PARA or tag == n.OMATH:
                text = "".join(t.text or "" for t in child.iter(n.MATH_T))
                if text:
                    self._add(state, self.styles.base_rpr(state.pstyle, None, state.tstyle), text)

    def run(self, r: etree._Element, state: ParaState) -> None:
        direct: dict[str, Any] = {}
        parts: list[str] = []
        in_instruction = bool(self.fields) and self.fields[-1][0] is not None
        for child in r:
            tag = child.tag
            if tag == n.T:
                text = child.text  # each .text call decodes the text again
                if text and not in_instruction:
                    parts.append(text)
            elif tag == n.RPR:
                direct = parse_rpr(child)
                if direct.get("changed"):
                    state.changes += 1
            elif tag == n.TAB or tag == n.PTAB:
                parts.append("\t")
            elif tag == n.BR or tag == n.CR:
                parts.append("\n")
            elif tag == n.NO_BREAK_HYPHEN:
                parts.append("-")
            elif tag == n.SYM:
                parts.append(_symbol(child.get(n.W_CHAR)))
            elif tag == n.LAST_RENDERED_PAGE_BREAK:
                if parts or state.has_text:
                    state.breaks_after_text += 1
                else:
                    state.breaks_before_text += 1
            elif tag == n.FLD_CHAR:
                self._field_char(child.get(n.W_FLD_TYPE), state)
                in_instruction = bool(self.fields) and self.fields[-1][0] is not None
            elif tag == n.INSTR_TEXT:
                if self.fields and self.fields[-1][0] is not None:
                    self.fields[-1][0] += child.text or ""
            elif tag == n.DRAWING or tag == n.PICT or tag == n.OBJECT:
                self._drawing(child, state)
            elif tag == n.ALTERNATE:
                branch = choose_branch(child)
                if branch is not None:
                    for inner in branch:
                        if inner.tag in (n.DRAWING, n.PICT, n.OBJECT):
                            self._drawing(inner, state)
        if parts:
            props = self.styles.base_rpr(state.pstyle, direct.get("rstyle"), state.tstyle)
            if direct:
                props = {**props, **direct}
            if not props.get("hidden"):  # hidden text is neither printed nor shown by default
                self._add(state, props, "".join(parts), shared=not direct)

    def _add(self, state: ParaState, props: dict[str, Any], text: str, shared: bool = True) -> None:
        """Add text with these effective properties; ``shared`` when props is the style sheet's cached dict."""
        state.has_text = True
        if state.lang is None and props.get("lang"):
            state.lang = props["lang"]
        link = state.link or (self._field_target() if self.fields else None)
        look = self._look_cache.get(id(props)) if shared else None
        if look is None:
            look = self._look(props)
            if shared:
                self._look_cache[id(props)] = look
        key = (*look, link)
        pieces = state.pieces
        if pieces and pieces[-1][0] == key:
            pieces[-1][1].append(text)
        else:
            pieces.append([key, [text]])

    def _look(self, props: dict[str, Any]) -> tuple[Any, ...]:
        """Font, size, bold, italic, underline, caps, colour, highlight and shading, as runs carry them."""
        styles = self.styles
        return (
            styles.font_name(props) or DEFAULT_FONT,
            props.get("size", DEFAULT_SIZE),
            bool(props.get("bold")),
            bool(props.get("italic")),
            bool(props.get("underline")),
            bool(props.get("caps")),
            styles.colour(props.get("color")),
            props.get("highlight"),
            props.get("shading"),
        )

    # ------------------------------------------------------------ fields, links, drawings

    def _field_char(self, kind: str | None, state: ParaState) -> None:
        if kind == "begin":
            self.fields.append(["", None, len(state.pieces)])
        elif kind == "separate" and self.fields:
            instruction = self.fields[-1][0] or ""
            target = _field_link(instruction)
            self.fields[-1][0] = None  # now in the result: its text is shown
            self.fields[-1][1] = target
            if target:
                state.links.append((len(state.pieces), target))
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _field_target(self) -> str | None:
        for field_state in reversed(self.fields):
            if field_state[1]:
                return field_state[1]
        return None

    def _link_target(self, link: etree._Element) -> str | None:
        rid = link.get(n.R_ID)
        anchor = link.get(n.W_ANCHOR)
        if rid:
            rel = self.rels.get(rid)
            if rel is not None:
                return rel.target + (f"#{anchor}" if anchor else "")
        if anchor:
            return f"#{anchor}"
        return None

    def _drawing(self, element: etree._Element, state: ParaState) -> None:
        state.drawings.append((element, state.link))
        # Text boxes inside the drawing: take the first branch of any alternative content only.
        for box in element.iter(n.TXBX_CONTENT):
            if not inside(box, element, BOX_OR_FALLBACK):
                state.textboxes.append(box)


def choose_branch(alternate: etree._Element) -> etree._Element | None:
    """Word's alternative content: read the first Choice (what Word shows), else the Fallback, never both."""
    choice = alternate.find(n.CHOICE)
    return choice if choice is not None else alternate.find(n.FALLBACK)


def inside(element: etree._Element, stop: etree._Element, tags: frozenset[str]) -> bool:
    """Whether an element sits in one of ``tags`` below ``stop`` (a text box within a drawing,
    say: it is read with that box, not twice; or a Fallback branch, which is never read)."""
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in tags:
            return True
    return False


def table_children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Rows of a table or cells of a row, looking through content controls and custom XML wrappers."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag == n.SDT:
            content = child.find(n.SDT_CONTENT)
            if content is not None:
                found.extend(table_children(content, tag))
        elif child.tag in (n.CUSTOM_XML, n.INS, n.MOVE_TO):
            found.extend(table_children(child, tag))
    return found


def _cell_shading(tc: etree._Element) -> str | None:
    for props in tc:  # tcPr comes first by the schema
        if props.tag != n.TCPR:
            return None
        break
    else:
        return None
    for child in props:
        if child.tag == n.SHD:
            fill = child.get(n.W + "fill")
            return fill.upper() if fill and len(fill) == 6 and fill.lower() != "auto" else None
    return None


def _field_link(instruction: str) -> str | None:
    match = _HYPERLINK_FIELD.match(instruction)
    if not match:
        return None
    local, target, anchor = match.groups()
    if local:
        return f"#{target}" if target else None
    if anchor:
        return f"{target}#{anchor}" if target else f"#{anchor}"
    return target or None


def _symbol(code: str | None) -> str:
    """A w:sym character; symbol fonts use the private area F000+, shown as the plain code point."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value) if 0 < value < 0x110000 else ""
