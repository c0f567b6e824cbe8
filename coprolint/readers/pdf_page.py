"""Walk the objects of one PDF page with pdfium's page-object API: the reader's hot path.

For every text object: its text (through the page's text page), font, effective size,
fill colour, box and marked-content id. For every image object: pixel size, filters and
box. Form XObjects are entered, their own matrix applied. All coordinates leave here in
points from the top-left corner of the page as a viewer shows it (rotation applied).
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field
from typing import Any

from coprolint.fonts import normalise
from coprolint.readers.pdf_layout import Piece

MAX_OBJECTS = 200_000  # per page, forms included: beyond this the page is only partly read
MAX_FORM_DEPTH = 12
MAX_EDGES = 4000  # cell borders kept per page; charts and maps can draw tens of thousands of paths
TEXT_BUFFER_CHARS = 4096

_BOLD_WORDS = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold|\bblk\b", re.I)
_ITALIC_WORDS = re.compile(r"italic|oblique|\bit\b|-it$|kursiv", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
FLAG_ITALIC = 1 << 6
FLAG_FORCE_BOLD = 1 << 18
INVISIBLE_MODES = (3, 7)  # text drawn invisibly (OCR layers) or only as a clipping path


@dataclass(slots=True)
class FontInfo:
    family: str | None
    written: str | None
    bold: bool
    italic: bool


@dataclass(slots=True)
class ImageRecord:
    path: tuple[int, ...]  # object indices from the page down through forms
    bbox: tuple[float, float, float, float]
    width_px: int
    height_px: int
    filters: list[str]
    mcid: int
    artifact: bool


@dataclass(slots=True)
class LinkRecord:
    target: str
    rect: tuple[float, float, float, float]  # page space: left, bottom, right, top
    text: str
    bbox: tuple[float, float, float, float]


@dataclass(slots=True)
class PageContent:
    pieces: list[Piece] = field(default_factory=list)
    images: list[ImageRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    edges: list[tuple[float, float, float]] = field(default_factory=list)  # vertical rules: x, top, bottom
    text_chars: int = 0
    truncated: bool = False


class Viewer:
    """Maps page space (PDF user space) to the viewer's space: top-left origin, rotation applied."""

    __slots__ = ("left", "bottom", "right", "top", "rotation")

    def __init__(self, box: tuple[float, float, float, float], rotation: int):
        self.left, self.bottom, self.right, self.top = box
        self.rotation = rotation % 4

    def point(self, x: float, y: float) -> tuple[float, float]:
        r = self.rotation
        if r == 0:
            return x - self.left, self.top - y
        if r == 1:
            return y - self.bottom, x - self.left
        if r == 2:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        x0, y0 = self.point(left, bottom)
        x1, y1 = self.point(right, top)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def font_info(raw: Any, font: Any, cache: dict[int, FontInfo]) -> FontInfo:
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    info = cache.get(key)
    if info is not None:
        return info
    written: str | None = None
    if key:
        size = raw.FPDFFont_GetBaseFontName(font, None, 0)
        if 1 < size < 4096:
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFFont_GetBaseFontName(font, buffer, size)
            written = buffer.value.decode("utf-8", "replace").strip() or None
        if written is None:
            size = raw.FPDFFont_GetFamilyName(font, None, 0)
            if 1 < size < 4096:
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetFamilyName(font, buffer, size)
                written = buffer.value.decode("utf-8", "replace").strip() or None
    name = written or ""
    bold = bool(_BOLD_WORDS.search(name))
    italic = bool(_ITALIC_WORDS.search(name))
    if key:
        flags = raw.FPDFFont_GetFlags(font)
        if flags > 0:
            bold = bold or bool(flags & FLAG_FORCE_BOLD)
            italic = italic or bool(flags & FLAG_ITALIC)
        weight = raw.FPDFFont_GetWeight(font)
        if weight >= 600:
            bold = True
        angle = ctypes.c_int(0)
        if raw.FPDFFont_GetItalicAngle(font, ctypes.byref(angle)) and angle.value != 0:
            italic = True
    family = normalise(written) if written and not written.startswith("Type3") else None
    info = FontInfo(family or None, written, bold, italic)
    cache[key] = info
    return info


NO_FONT = FontInfo(None, None, False, False)


class PageWalker:
    """Reads one loaded page; holds the ctypes scratch space so each object costs few allocations."""

    def __init__(self, raw: Any, doc: Any, font_cache: dict[int, FontInfo]):
        self.raw = raw
        self.doc = doc
        self.fonts = font_cache
        self.l, self.b, self.r, self.t = (ctypes.c_float() for _ in range(4))
        self.matrix = raw.FS_MATRIX()
        self.size = ctypes.c_float()
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.text_buffer = (ctypes.c_ushort * TEXT_BUFFER_CHARS)()
        self.px_w, self.px_h = ctypes.c_uint(), ctypes.c_uint()
        self.styles: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # one shared tuple per look: runs compare fast

    def read(self, page: Any, textpage: Any, viewer: Viewer) -> PageContent:
        content = PageContent()
        if textpage:
            content.text_chars = max(self.raw.FPDFText_CountChars(textpage), 0)
        content.links = self._links(page, textpage, viewer)
        self._walk(page, None, textpage, viewer, content, (), None, 0, [0])
        return content

    # ------------------------------------------------------------------ objects

    def _walk(self, page: Any, form: Any, textpage: Any, viewer: Viewer, content: PageContent,
              path: tuple[int, ...], outer: tuple[float, ...] | None, depth: int, seen: list[int]) -> None:
        raw = self.raw
        count = raw.FPDFFormObj_CountObjects(form) if form is not None else raw.FPDFPage_CountObjects(page)
        for index in range(max(count, 0)):
            seen[0] += 1
            if seen[0] > MAX_OBJECTS:
                content.truncated = True
                return
            obj = raw.FPDFFormObj_GetObject(form, index) if form is not None else raw.FPDFPage_GetObject(page, index)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == 1:  # FPDF_PAGEOBJ_TEXT
                self._text(obj, textpage, viewer, content, outer)
            elif kind == 3:  # FPDF_PAGEOBJ_IMAGE
                self._image(obj, viewer, content, path + (index,), outer)
            elif kind == 2 and len(content.edges) < MAX_EDGES:  # FPDF_PAGEOBJ_PATH: cell borders
                self._edges(obj, viewer, content, outer)
            elif kind == 5 and depth < MAX_FORM_DEPTH:  # FPDF_PAGEOBJ_FORM
                raw.FPDFPageObj_GetMatrix(obj, self.matrix)
                m = self.matrix
                here = (m.a, m.b, m.c, m.d, m.e, m.f)
                combined = here if outer is None else _multiply(here, outer)
                self._walk(page, obj, textpage, viewer, content, path + (index,), combined, depth + 1, seen)

    def _bounds(self, obj: Any, outer: tuple[float, ...] | None) -> tuple[float, float, float, float] | None:
        if not self.raw.FPDFPageObj_GetBounds(obj, self.l, self.b, self.r, self.t):
            return None
        box = (self.l.value, self.b.value, self.r.value, self.t.value)
        if outer is not None:
            box = _transform_box(box, outer)
        if not all(math.isfinite(v) for v in box):
            return None
        return box

    def _text(self, obj: Any, textpage: Any, viewer: Viewer, content: PageContent, outer: tuple[float, ...] | None) -> None:
        raw = self.raw
        if not textpage:
            return
        buffer = self.text_buffer
        needed = raw.FPDFTextObj_GetText(obj, textpage, buffer, TEXT_BUFFER_CHARS * 2)
        if needed <= 2:
            return
        if needed > TEXT_BUFFER_CHARS * 2:
            if needed > 4_000_000:
                return
            buffer = (ctypes.c_ushort * (needed // 2 + 1))()
            needed = raw.FPDFTextObj_GetText(obj, textpage, buffer, needed)
        text = ctypes.string_at(ctypes.addressof(buffer), needed - 2).decode("utf-16-le", "replace")
        if not text.isprintable():
            text = _clean(text)
        if not text or text.isspace():
            return
        if not raw.FPDFPageObj_GetBounds(obj, self.l, self.b, self.r, self.t):
            return
        box = (self.l.value, self.b.value, self.r.value, self.t.value)
        m = self.matrix
        raw.FPDFPageObj_GetMatrix(obj, m)
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        if outer is not None:
            box = _transform_box(box, outer)
            a, b, c, d, e, f = _multiply((a, b, c, d, e, f), outer)
        if not -1e7 < box[0] + box[1] + box[2] + box[3] < 1e7:  # also false for NaN
            return
        raw.FPDFTextObj_GetFontSize(obj, self.size)
        size = abs(self.size.value) * math.hypot(c, d)
        if viewer.rotation == 0:
            x0, top, x1, bottom = box[0] - viewer.left, viewer.top - box[3], box[2] - viewer.left, viewer.top - box[1]
            origin, baseline = e - viewer.left, viewer.top - f
        else:
            x0, top, x1, bottom = viewer.box(*box)
            origin, baseline = None, viewer.point(e, f)[1]
        if 0.5 <= size <= 2000:
            size_for_layout = size
            size_value: float | None = round(size, 2)
        else:  # absurd or missing size (broken font): lay out by the box, report no size
            size_for_layout = max(bottom - top, 1.0)
            size_value = None
        if not (top - size_for_layout <= baseline <= bottom + size_for_layout):
            baseline = bottom  # rotated or skewed text: fall back on the box
        mode = raw.FPDFTextObj_GetTextRenderMode(obj)
        font = raw.FPDFTextObj_GetFont(obj)
        info = font_info(raw, font, self.fonts) if font else NO_FONT
        r, g, bl, alpha = self.rgba
        rgb = (r.value & 255, g.value & 255, bl.value & 255) if raw.FPDFPageObj_GetFillColor(obj, r, g, bl, alpha) else (0, 0, 0)
        key = (id(info), size_value, rgb, mode in INVISIBLE_MODES)
        style = self.styles.get(key)
        if style is None:
            if mode in INVISIBLE_MODES:
                # Nobody sees this text (an OCR layer under a scan): it is read, but its look means nothing.
                style = (None, info.written, None, False, False, None)
            else:
                style = (info.family, info.written, size_value, info.bold, info.italic, "%02X%02X%02X" % rgb)
            self.styles[key] = style
        mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
        link = None
        if content.links:
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            for record in content.links:
                left, low, right, high = record.rect
                if left - 1 <= cx <= right + 1 and low - 1 <= cy <= high + 1:
                    link = record.target
                    break
        content.pieces.append(
            Piece(text, x0, x1, top, bottom, baseline, size_for_layout, style, mcid if mcid >= 0 else None, link, False, origin)
        )

    def _edges(self, obj: Any, viewer: Viewer, content: PageContent, outer: tuple[float, ...] | None) -> None:
        """Vertical rules and box sides, which separate table cells on a line of text."""
        box = self._bounds(obj, outer)
        if box is None:
            return
        x0, top, x1, bottom = viewer.box(*box)
        if bottom - top < 4:
            return
        if x1 - x0 <= 3:
            content.edges.append(((x0 + x1) / 2, top, bottom))
        else:
            content.edges.append((x0, top, bottom))
            content.edges.append((x1, top, bottom))

    def _image(self, obj: Any, viewer: Viewer, content: PageContent, path: tuple[int, ...], outer: tuple[float, ...] | None) -> None:
        raw = self.raw
        box = self._bounds(obj, outer)
        if box is None:
            return
        width = height = 0
        if raw.FPDFImageObj_GetImagePixelSize(obj, self.px_w, self.px_h):
            width, height = self.px_w.value, self.px_h.value
        filters: list[str] = []
        for index in range(min(max(raw.FPDFImageObj_GetImageFilterCount(obj), 0), 8)):
            needed = raw.FPDFImageObj_GetImageFilter(obj, index, None, 0)
            if 1 < needed < 256:
                buffer = ctypes.create_string_buffer(needed)
                raw.FPDFImageObj_GetImageFilter(obj, index, buffer, needed)
                filters.append(buffer.value.decode("latin-1"))
        mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
        content.images.append(
            ImageRecord(path, viewer.box(*box), width, height, filters, mcid, self._is_artifact(obj))
        )

    def _is_artifact(self, obj: Any) -> bool:
        raw = self.raw
        for index in range(min(max(raw.FPDFPageObj_CountMarks(obj), 0), 16)):
            mark = raw.FPDFPageObj_GetMark(obj, index)
            if not mark:
                continue
            needed = ctypes.c_ulong(0)
            buffer = (ctypes.c_ushort * 64)()
            if raw.FPDFPageObjMark_GetName(mark, buffer, 128, ctypes.byref(needed)) and needed.value <= 128:
                name = ctypes.string_at(ctypes.addressof(buffer), needed.value).decode("utf-16-le", "replace").rstrip("\x00")
                if name == "Artifact":
                    return True
        return False

    # ------------------------------------------------------------------ links

    def _links(self, page: Any, textpage: Any, viewer: Viewer) -> list[LinkRecord]:
        raw = self.raw
        links: list[LinkRecord] = []
        position = ctypes.c_int(0)
        link = raw.FPDF_LINK()
        rect = raw.FS_RECTF()
        guard = 0
        while raw.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
            guard += 1
            if guard > 5000:
                break
            action = raw.FPDFLink_GetAction(link)
            if not action or raw.FPDFAction_GetType(action) != 3:  # PDFACTION_URI
                continue
            needed = raw.FPDFAction_GetURIPath(self.doc, action, None, 0)
            if not 1 < needed < 65536:
                continue
            buffer = ctypes.create_string_buffer(needed)
            raw.FPDFAction_GetURIPath(self.doc, action, buffer, needed)
            target = buffer.value.decode("utf-8", "replace").strip()
            if not target or not raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
                continue
            left, right = sorted((rect.left, rect.right))
            bottom, top = sorted((rect.bottom, rect.top))
            text = ""
            if textpage:
                count = raw.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
                if 0 < count < 100_000:
                    chars = (ctypes.c_ushort * (count + 1))()
                    got = raw.FPDFText_GetBoundedText(textpage, left, top, right, bottom, chars, count + 1)
                    text = ctypes.string_at(ctypes.addressof(chars), max(got, 0) * 2).decode("utf-16-le", "replace")
                    text = " ".join(_clean(text).split())
            links.append(LinkRecord(target, (left, bottom, right, top), text, viewer.box(left, bottom, right, top)))
        return links


def _clean(text: str) -> str:
    if "\x02" in text:
        text = text.replace("\x02", "-")  # pdfium's mark for a hyphen that ends a line
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _CONTROL.sub("", text)


def _multiply(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    """inner then outer, both as PDF matrices (a b c d e f)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _transform_box(box: tuple[float, float, float, float], m: tuple[float, ...]) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)
