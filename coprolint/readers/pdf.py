"""Read a PDF into the document model with pdfium (the library pypdfium2 ships; see pdf_lib.py).

Why pdfium for everything: its page-object API gives font, size, fill colour, box and
marked-content id per text object, and pixel size and filters per image, at about a
millisecond a page, some thirty times faster than pdfplumber's per-character objects. Its
struct-tree, link, metadata and catalog APIs cover tags, alt text, links, title and
language, so no second library has to parse the file. See README "How documents are read".

Per page: objects (pdf_page.py) -> lines and paragraphs (pdf_layout.py), with the page's
tags (pdf_struct.py) for headings, table cells and figure alt text. Images keep a lazy
loader (pdf_images.py) that loads the page again only when a check asks for pixels.
"""

from __future__ import annotations

import ctypes
from operator import attrgetter
from pathlib import Path
from typing import Any

from coprolint.model import Document, Image, Link, Location, Metadata, Page, Paragraph, Run, Table
from coprolint.readers import ReadError
from coprolint.readers.limits import Limits
from coprolint.readers.pdf_images import OpenPage, image_format, make_loader
from coprolint.readers.pdf_layout import Block, Line, build_blocks, build_lines
from coprolint.readers.pdf_lib import pdfium
from coprolint.readers.pdf_page import PageContent, PageWalker, Viewer
from coprolint.readers.pdf_struct import PageTags, read_page_tags, utf16

PASSWORD_SUGGESTION = (
    "Remove the password before checking and sending the PDF: people who use screen readers "
    "or other assistive tools often cannot open protected files."
)
RESAVE = "Open it in your PDF tool and save or export it again, then check the new file."
_BY_TOP = attrgetter("top", "x0")  # lines top to bottom, then left to right
CAPTION_DISTANCE_PT = 72.0  # a paragraph further than an inch from an image is not its caption


def read_pdf(path: Path, limits: Limits) -> Document:
    """Read ``path`` into a Document; every failure is a ReadError or a note, never a traceback."""
    raw = pdfium()
    # Opened through the raw API: pdfium's last-error code is only meaningful right after a
    # failed load (it is not reset by a good one), so a document with no pages is told apart here.
    name = (str(path.resolve()) + "\x00").encode("utf-8", errors="surrogateescape")
    handle = raw.FPDF_LoadDocument(name, None)
    if not handle:
        raise _open_error(raw.FPDF_GetLastError(), raw)
    pdf = _OpenDocument(raw, handle)
    document = Document(path=str(path), format="pdf")
    document.on_close(pdf.close)
    try:
        _fill(document, handle, raw, limits)
    except ReadError:
        document.close()
        raise
    except Exception as exc:  # pdfium or a hostile file broke something we did not foresee
        document.close()
        raise ReadError(f"it is damaged in a way coprolint cannot read past ({type(exc).__name__}: {exc})", "pdf", RESAVE) from None
    return document


class _OpenDocument:
    """Closes the pdfium document once: when the Document is closed, or when it is dropped unclosed."""

    __slots__ = ("raw", "handle")

    def __init__(self, raw: Any, handle: Any):
        self.raw, self.handle = raw, handle

    def close(self) -> None:
        if self.handle:
            self.raw.FPDF_CloseDocument(self.handle)
            self.handle = None

    __del__ = close


def _open_error(code: int | None, raw: Any) -> ReadError:
    if code == raw.FPDF_ERR_PASSWORD:
        return ReadError("it is protected by a password", "pdf", PASSWORD_SUGGESTION)
    if code == raw.FPDF_ERR_SECURITY:
        return ReadError("it is encrypted with a security scheme that cannot be opened", "pdf", PASSWORD_SUGGESTION)
    if code == raw.FPDF_ERR_SUCCESS:
        return ReadError("it has no pages", "pdf", RESAVE)
    if code == raw.FPDF_ERR_FILE:
        return ReadError("it cannot be opened (the file could not be accessed)", "pdf")
    return ReadError("it is damaged or incomplete (it does not have the structure of a PDF)", "pdf", RESAVE)


def _fill(document: Document, doc: Any, raw: Any, limits: Limits) -> None:
    total = raw.FPDF_GetPageCount(doc)
    if total < 1:
        raise ReadError("it has no pages", "pdf", RESAVE)
    document.metadata = _metadata(doc, raw, total)
    to_read = min(total, limits.max_pages)
    if total > to_read:
        document.notes.append(
            f"This PDF has {total} pages; only the first {to_read} were checked and {total - to_read} were skipped."
        )
    walker = PageWalker(raw, doc, {})
    picture_pages = OpenPage(raw, doc)
    document.on_close(picture_pages.close)  # closers run last-in first: the page before the document
    tagged_tree = False
    failed: list[int] = []
    partial: list[int] = []
    for index in range(to_read):
        page = raw.FPDF_LoadPage(doc, index)
        if not page:
            failed.append(index + 1)
            continue
        textpage = None
        try:
            textpage = raw.FPDFText_LoadPage(page)
            viewer = _viewer(raw, page)
            tags = read_page_tags(raw, page, len(document.tables))
            content = walker.read(page, textpage, viewer, tags.by_mcid)
            tagged_tree = tagged_tree or tags.elements > 0
            first_paragraph = len(document.paragraphs)
            _add_page(document, index + 1, viewer, content, tags)
            _add_images(document, picture_pages, index, content, tags, limits, document.paragraphs[first_paragraph:])
            if content.truncated:
                partial.append(index + 1)
        finally:
            if textpage:
                raw.FPDFText_ClosePage(textpage)
            raw.FPDF_ClosePage(page)
    if failed:
        document.notes.append(f"{_pages(failed)} could not be read and {'was' if len(failed) == 1 else 'were'} not checked.")
    if partial:
        document.notes.append(f"{_pages(partial)} held so many drawing objects that only part was checked.")
    if tagged_tree:
        document.metadata.tagged = True


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10]) + (" and more" if len(numbers) > 10 else "")
    return f"Page {shown}" if len(numbers) == 1 else f"Pages {shown}"


def _viewer(raw: Any, page: Any) -> Viewer:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if raw.FPDFPage_GetCropBox(page, left, bottom, right, top) or raw.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        box = (min(left.value, right.value), min(bottom.value, top.value), max(left.value, right.value), max(bottom.value, top.value))
    else:
        box = (0.0, 0.0, raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page))
    rotation = raw.FPDFPage_GetRotation(page)
    return Viewer(box, rotation if rotation in (0, 1, 2, 3) else 0)


# ---------------------------------------------------------------------- metadata


def _metadata(doc: Any, raw: Any, total: int) -> Metadata:
    def meta(tag: str) -> str | None:
        key = tag.encode("ascii")
        value = utf16(lambda b, n: raw.FPDF_GetMetaText(doc, key, b, n), limit=1 << 16).strip()
        return value or None

    language = utf16(lambda b, n: raw.FPDFCatalog_GetLanguage(doc, b, n), limit=1024).strip() or None
    return Metadata(
        title=meta("Title"),
        subject=meta("Subject"),
        author=meta("Author"),
        language=language,
        created=meta("CreationDate"),
        modified=meta("ModDate"),
        producer=meta("Producer"),
        tagged=bool(raw.FPDFCatalog_IsTagged(doc)),
        page_count=total,
    )


# ---------------------------------------------------------------------- text


def _add_page(document: Document, number: int, viewer: Viewer, content: PageContent, tags: PageTags) -> None:
    width = viewer.right - viewer.left
    height = viewer.top - viewer.bottom
    if viewer.rotation in (1, 3):
        width, height = height, width
    document.pages.append(Page(number, round(width, 2), round(height, 2), content.text_chars, _coverage(content, width, height)))
    lines = build_lines(content.pieces, content.edges)
    lines.sort(key=_BY_TOP)
    for number_on_page, line in enumerate(lines, start=1):
        line.number = number_on_page
    elements = {e.key: e for e in tags.by_mcid.values()}
    cells: dict[tuple[int, int, int], list[str]] = {}
    paragraphs = document.paragraphs
    # Blocks come in reading order: each starts at the next line not yet taken, top to bottom.
    for block in build_blocks(lines):
        group = block.group
        if group is None:  # untagged text, the most of it
            paragraphs.append(_paragraph(block, number, None))
            continue
        element = elements.get(group) if isinstance(group, int) else None
        paragraph = _paragraph(block, number, element)
        paragraphs.append(paragraph)
        if element is not None and element.table is not None:
            cells.setdefault((element.table, element.row or 0, element.cell or 0), []).append(paragraph.text)
        elif element is None and elements:  # lines that mix elements: table cells laid out across a line
            _add_cell_pieces(block, elements, cells)
    for link in content.links:
        document.links.append(Link(link.text, link.target, Location("body", number, bbox=_round(link.bbox))))
    _add_tables(document, number, tags, cells)


def _add_cell_pieces(block: Block, elements: dict[int, Any], cells: dict[tuple[int, int, int], list[str]]) -> None:
    """Table cells that share a line (a row laid out across the page) give each cell its own text."""
    for line in block.lines:
        texts: dict[tuple[int, int, int], str] = {}
        ends: dict[tuple[int, int, int], float] = {}
        for text, x0, x1, _top, _bottom, _baseline, size, _style, group, *_ in line.pieces:  # left to right
            element = elements.get(group) if isinstance(group, int) else None
            if element is None or element.table is None:
                continue
            key = (element.table, element.row or 0, element.cell or 0)
            gap = x0 - ends.get(key, x0)
            texts[key] = texts.get(key, "") + (" " if gap > 0.2 * size else "") + text
            ends[key] = x1
        for key, text in texts.items():
            text = " ".join(text.split())
            if text:
                cells.setdefault(key, []).append(text)


def _paragraph(block: Block, page: int, element: Any) -> Paragraph:
    # Model objects are made positionally, in their fields' order: keyword passing costs up to
    # twice as much, and a page makes dozens of each. Run: text, font, size, bold, italic,
    # underline, caps, colour, highlight, shading, link, font as written.
    runs = []
    for text, style, link in block.runs():  # a loop, not a comprehension: most paragraphs have one run
        runs.append(Run(text, style[0], style[2], style[3], style[4], False, False, style[5], None, None, link, style[1]))
    lines = block.lines
    first = lines[0]
    if len(lines) == 1:
        box = (round(first.x0, 2), round(first.top, 2), round(first.x1, 2), round(first.bottom, 2))
        spacing = None
    else:
        box = _round(block.bbox)
        spacing = _spacing(lines)
    if element is None:
        # Location: part, page, paragraph, section, table, row, cell, line, image, bbox. Paragraph:
        # runs, location, style, heading level, alignment, shading, list item, line spacing.
        location = Location("body", page, None, None, None, None, None, first.number, None, box)
        return Paragraph(runs, location, None, None, block.alignment, None, first.item, spacing)
    part = "body"
    table = row = cell = None
    if element.table is not None:
        part, table, row, cell = "table", element.table, element.row, element.cell
    location = Location(part, page, None, None, table, row, cell, first.number, None, box)
    list_item = first.item or element.type in ("LI", "Lbl", "LBody")
    return Paragraph(runs, location, element.type, element.heading_level, block.alignment, None, list_item, spacing)


def _spacing(lines: list[Line]) -> float | None:
    """Baseline step over text size, as a multiple of single spacing (1.15 x size counts as single)."""
    if len(lines) == 2:
        a, b = lines
        step, size = b.baseline - a.baseline, max(a.size, b.size)
    else:
        step = min([b.baseline - a.baseline for a, b in zip(lines, lines[1:])])
        size = max([line.size for line in lines])
    return round(step / (1.15 * size), 2) if size > 0 else None


def _round(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def _add_tables(document: Document, page: int, tags: PageTags, cells: dict[tuple[int, int, int], list[str]]) -> None:
    for table_map in tags.tables:
        if not table_map:
            continue
        any_cell = next(iter(table_map.values()))
        number = any_cell.table
        rows = max(r for r, _ in table_map)
        grid: list[list[str]] = []
        for r in range(1, rows + 1):
            width = max((c for rr, c in table_map if rr == r), default=0)
            grid.append([" ".join(cells.get((number, r, c), [])) for c in range(1, width + 1)])
        header = any(e.header_cell for (r, _), e in table_map.items() if r == 1)
        document.tables.append(Table(Location(part="table", page=page, table=number), grid, header))


def _coverage(content: PageContent, width: float, height: float) -> float:
    if width <= 0 or height <= 0:
        return 0.0
    area = 0.0
    for image in content.images:
        x0, top, x1, bottom = image.bbox
        w = max(0.0, min(x1, width) - max(x0, 0.0))
        h = max(0.0, min(bottom, height) - max(top, 0.0))
        area += w * h
    return round(min(area / (width * height), 1.0), 3)


# ---------------------------------------------------------------------- images


def _add_images(document: Document, pages: OpenPage, page_index: int, content: PageContent, tags: PageTags, limits: Limits,
                paragraphs: list[Paragraph]) -> None:
    """The page's pictures; ``paragraphs`` are the page's own, for captions."""
    if not content.images:
        return
    figures = list(tags.figures)
    alt_for: dict[int, Any] = {}
    unmatched: list[int] = []
    for position, record in enumerate(content.images):
        element = tags.by_mcid.get(record.mcid) if record.mcid >= 0 else None
        owner = next((f for f, ids in figures if record.mcid in ids), None) if record.mcid >= 0 else None
        if owner is not None:
            alt_for[position] = owner
        elif element is not None and element.type == "Figure":
            alt_for[position] = element
        else:
            unmatched.append(position)
    # Figures not matched by id are given, in order, to images that matched none.
    used = {id(e) for e in alt_for.values()}
    spare = [f for f, _ in figures if id(f) not in used]
    for position in unmatched:
        if not spare or content.images[position].artifact:
            continue
        alt_for[position] = spare.pop(0)
    for position, record in enumerate(content.images):
        figure = alt_for.get(position)
        number = len(document.images) + 1
        x0, top, x1, bottom = record.bbox
        document.images.append(
            Image(
                location=Location(page=page_index + 1, image=number, bbox=_round(record.bbox)),
                name=f"page {page_index + 1} image {position + 1}",
                format=image_format(record.filters),
                width_px=record.width_px or None,
                height_px=record.height_px or None,
                display_width_pt=round(x1 - x0, 2),
                display_height_pt=round(bottom - top, 2),
                frames=1,
                alt_text=figure.alt if figure is not None else None,
                decorative=record.artifact,
                caption=_nearby_text(record.bbox, paragraphs),
                loader=make_loader(pages, page_index, record, limits),
            )
        )


def _nearby_text(bbox: tuple[float, float, float, float], paragraphs: list[Paragraph]) -> str | None:
    """The text of the closest paragraph just below or above the image, if within an inch."""
    best: tuple[float, str] | None = None
    x0, top, x1, bottom = bbox
    for paragraph in paragraphs:
        box = paragraph.location.bbox
        if box is None or not paragraph.text.strip():
            continue
        overlap = min(x1, box[2]) - max(x0, box[0])
        if overlap <= 0:
            continue
        if box[1] >= bottom - 2:
            distance = box[1] - bottom
        elif box[3] <= top + 2:
            distance = top - box[3]
        else:
            continue
        distance = max(distance, 0.0)
        if distance <= CAPTION_DISTANCE_PT and (best is None or distance < best[0]):
            best = (distance, paragraph.text.strip())
    return best[1][:500] if best else None
