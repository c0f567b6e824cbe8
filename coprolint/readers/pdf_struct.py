"""The structure tree (tags) of one PDF page, through pdfium's struct API.

A tagged PDF says what each piece of content is: a heading (H1..H6), a paragraph (P), a
table cell (TD/TH), a figure (Figure, with /Alt text). Content on the page carries a
marked-content id (MCID); the tree maps MCIDs to elements. pdfium loads only the part of the
tree that belongs to the page, which keeps this cheap.
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable

MAX_DEPTH = 64  # hostile files can nest elements absurdly deep (or in a loop)
MAX_ELEMENTS = 20_000  # per page


# Plain classes, not dataclasses: making a dataclass costs up to a millisecond at import, which a
# process reading one PDF pays in full.


class Element:
    """What a structure element means for the model."""

    __slots__ = ("key", "type", "heading_level", "table", "row", "cell", "header_cell", "alt", "decorative")

    def __init__(self, key: int, type: str):
        self.key = key  # unique on the page: paragraphs never join across elements
        self.type = type
        self.heading_level: int | None = None
        self.table: int | None = None  # 1-based table number on the document (counted in the reader)
        self.row: int | None = None
        self.cell: int | None = None
        self.header_cell = False
        self.alt: str | None = None
        self.decorative = False


class PageTags:
    __slots__ = ("by_mcid", "figures", "tables", "elements")

    def __init__(self) -> None:
        self.by_mcid: dict[int, Element] = {}
        self.figures: list[tuple[Element, list[int]]] = []  # in tree order
        self.tables: list[dict[tuple[int, int], Element]] = []  # per table: (row, cell) -> element
        self.elements = 0


def utf16(call: Callable[[Any, int], int], limit: int = 1 << 20) -> str:
    """Read a UTF-16LE string from a pdfium getter that takes (buffer, length) and returns bytes needed."""
    needed = call(None, 0)
    if needed <= 2 or needed > limit:
        return ""
    buffer = (ctypes.c_ushort * (needed // 2 + 1))()  # fits both void* and FPDF_WCHAR* parameters
    got = call(buffer, needed)
    data = ctypes.string_at(ctypes.addressof(buffer), min(got, needed))
    return data.decode("utf-16-le", "replace").rstrip("\x00")


# Elements whose content reads as part of the block around them (a list label and body are one item).
INLINE = frozenset(("Span", "Link", "Quote", "Code", "Lbl", "LBody", "Reference", "Note", "BibEntry", "Em", "Strong", "Sub", "Annot", "Form", "Ruby", "Warichu"))
TYPE_BUFFER = (ctypes.c_ubyte * 128)()  # structure types are short names: read them in one call


class _Names(dict):  # type: ignore[type-arg]
    def __missing__(self, raw_name: bytes) -> str:
        name = raw_name.decode("utf-16-le", "replace")
        self[raw_name] = name
        return name


_TYPE_NAMES = _Names()
HEADINGS = {"H": 1, "H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6, "Title": 1}


def read_page_tags(raw: Any, page: Any, table_start: int) -> PageTags:
    """Walk the page's structure tree; tables are numbered from ``table_start`` + 1."""
    tags = PageTags()
    tree = raw.FPDF_StructTree_GetForPage(page)
    if not tree:
        return tags
    try:
        count = raw.FPDF_StructTree_CountChildren(tree)
        state = {"table": table_start}
        for index in range(max(count, 0)):
            child = raw.FPDF_StructTree_GetChildAtIndex(tree, index)
            if child:
                _walk(raw, child, tags, state, None, 0)
    finally:
        raw.FPDF_StructTree_Close(tree)
    return tags


def _walk(raw: Any, element: Any, tags: PageTags, state: dict[str, Any], context: dict[str, Any] | None, depth: int) -> None:
    if depth > MAX_DEPTH or tags.elements >= MAX_ELEMENTS:
        return
    tags.elements += 1
    got = raw.FPDF_StructElement_GetType(element, TYPE_BUFFER, 128)
    kind = _TYPE_NAMES[bytes(TYPE_BUFFER)[: got - 2]] if 2 < got <= 128 else None
    if kind is None:
        kind = utf16(lambda b, n: raw.FPDF_StructElement_GetType(element, b, n)) or "Span"
    info = Element(key=tags.elements, type=kind)
    ctx = dict(context) if context else {}
    if kind == "Table":
        state["table"] += 1
        ctx = {"table": state["table"], "row": 0, "row_counter": [0], "table_map": {}}
        tags.tables.append(ctx["table_map"])
    elif kind == "TR" and "table" in ctx:
        ctx["row_counter"][0] += 1
        ctx["row"] = ctx["row_counter"][0]
        ctx["cell_counter"] = [0]
    elif kind in ("TD", "TH") and "table" in ctx and "cell_counter" in ctx:
        ctx["cell_counter"][0] += 1
        ctx["cell"] = ctx["cell_counter"][0]
        ctx["header"] = kind == "TH"
        ctx["table_map"][(ctx["row"], ctx["cell"])] = info
    if "cell" in ctx:
        info.table, info.row, info.cell, info.header_cell = ctx["table"], ctx["row"], ctx["cell"], ctx["header"]
    elif kind in HEADINGS:
        info.heading_level = HEADINGS[kind]
    elif ctx.get("heading"):
        info.heading_level = ctx["heading"]
    if kind in HEADINGS and "cell" not in ctx:
        ctx["heading"] = HEADINGS[kind]
    if kind == "Figure":
        info.alt = utf16(lambda b, n: raw.FPDF_StructElement_GetAltText(element, b, n)) or None
    mcids: list[int] = []
    n_ids = raw.FPDF_StructElement_GetMarkedContentIdCount(element)
    for index in range(max(n_ids, 0)):
        mcid = raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, index)
        if mcid >= 0:
            mcids.append(mcid)
    # Content of an inline child (Span, Link) belongs to its block parent: paragraphs hold together.
    owner = context.get("block") if context and kind in INLINE else None
    target = owner or info
    for mcid in mcids:
        tags.by_mcid.setdefault(mcid, target)
    if kind == "Figure":
        tags.figures.append((info, mcids))
    if kind not in INLINE:
        ctx["block"] = info
    elif owner is not None:
        ctx["block"] = owner
    children = raw.FPDF_StructElement_CountChildren(element)
    for index in range(max(children, 0)):
        child = raw.FPDF_StructElement_GetChildAtIndex(element, index)
        if child:
            _walk(raw, child, tags, state, ctx, depth + 1)
