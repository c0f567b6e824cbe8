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
import struct
from codecs import utf_16_le_decode
from functools import cache, partial
from typing import Any, Callable

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


# Plain classes, not dataclasses: making a dataclass costs up to a millisecond at import, which a
# process reading one PDF pays in full.


class FontInfo:
    __slots__ = ("family", "written", "bold", "italic")

    def __init__(self, family: str | None, written: str | None, bold: bool, italic: bool):
        self.family, self.written, self.bold, self.italic = family, written, bold, italic


class ImageRecord:
    __slots__ = ("path", "bbox", "width_px", "height_px", "filters", "mcid", "artifact")

    def __init__(self, path: tuple[int, ...], bbox: tuple[float, float, float, float], width_px: int, height_px: int,
                 filters: list[str], mcid: int, artifact: bool):
        self.path = path  # object indices from the page down through forms
        self.bbox, self.width_px, self.height_px = bbox, width_px, height_px
        self.filters, self.mcid, self.artifact = filters, mcid, artifact


class LinkRecord:
    __slots__ = ("target", "rect", "text", "bbox")

    def __init__(self, target: str, rect: tuple[float, float, float, float], text: str, bbox: tuple[float, float, float, float]):
        self.target, self.text, self.bbox = target, text, bbox
        self.rect = rect  # page space: left, bottom, right, top


Edges = list[tuple[float, float, float]]  # vertical rules: x, top, bottom


class PageContent:
    __slots__ = ("pieces", "images", "links", "edges", "text_chars", "truncated")

    def __init__(self) -> None:
        self.pieces: list[Piece] = []  # tuples in Piece's field order
        self.images: list[ImageRecord] = []
        self.links: list[LinkRecord] = []
        # The page's vertical rules, worked out only when a line asks (few lines have a gap a rule
        # could explain, and pages draw many paths): call it while the page is still loaded.
        self.edges: Callable[[], Edges] = list
        self.text_chars = 0
        self.truncated = False


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
        if self.rotation == 0:  # nearly every page: no point() calls (a page has dozens of rules and boxes)
            x0, y0, x1, y1 = left - self.left, self.top - bottom, right - self.left, self.top - top
        else:
            x0, y0 = self.point(left, bottom)
            x1, y1 = self.point(right, top)
        # min() and max() of two, spelt out: the same answers (ties and NaN included), without the calls.
        return (x1 if x1 < x0 else x0), (y1 if y1 < y0 else y0), (x1 if x1 > x0 else x0), (y1 if y1 > y0 else y0)


def font_info(raw: Any, address: int | None, cache: dict[int, FontInfo]) -> FontInfo:
    """What a font handle (given as its address) says about family, weight and slant; cached by address."""
    key = address or 0
    info = cache.get(key)
    if info is not None:
        return info
    written: str | None = None
    font = ctypes.cast(key, raw.FPDF_FONT)
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

_P = ctypes.c_void_p


class Calls:
    """The pdfium calls made for every object on a page, bound again to take and give plain addresses.

    The functions pdfium() gives (pdf_lib's, or pypdfium2's bindings, which wrap every handle in a
    new pointer object) check each pointer argument's type and give up the interpreter lock around
    each call; on pages of short text objects that costs more than pdfium's own work. These
    prototypes call the same C functions and keep the lock: object handles stay ints, and results
    land in scratch arrays read with one unpacking.

    Most are bound with no argument types at all, and take only ready-made arguments (``arg()``):
    with argument types, ctypes converts each argument through a Python-level call on every call,
    which cost about half of the call; a handle converted once serves all of an object's calls,
    and the scratch addresses are converted once here.
    """

    def __init__(self, raw: Any):
        def address(name: str) -> int:
            return ctypes.cast(getattr(raw, name), ctypes.c_void_p).value  # type: ignore[return-value]

        def bind(name: str, restype: Any, *argtypes: Any) -> Any:
            # PYFUNCTYPE keeps the interpreter lock: these calls are too short to be worth giving
            # it up and taking it back around each (about a sixth of what ctypes adds to a call).
            return _prototype(restype, *argtypes)(address(name))

        def bare(name: str, restype: Any) -> Any:
            # No argument types: every argument must be an arg() (or a small int for a C int).
            function = _prototype(restype)(address(name))
            function.argtypes = None
            return function

        c_int, c_ulong = ctypes.c_int, ctypes.c_ulong
        self.form_object = bind("FPDFFormObj_GetObject", _P, _P, c_ulong)
        self.form_count = bind("FPDFFormObj_CountObjects", c_int, _P)
        # Taking arg()s: (page, int index); (object); (object, box x4); (object, matrix); (text
        # object, text page, buffer, length); (object, size); (object, rgba x4).
        self.page_object = bare("FPDFPage_GetObject", _P)
        self.kind = bare("FPDFPageObj_GetType", c_int)
        self.bounds = bare("FPDFPageObj_GetBounds", c_int)
        self.matrix = bare("FPDFPageObj_GetMatrix", c_int)
        self.text = bare("FPDFTextObj_GetText", c_ulong)
        self.font_size = bare("FPDFTextObj_GetFontSize", c_int)
        self.render_mode = bare("FPDFTextObj_GetTextRenderMode", c_int)
        self.fill = bare("FPDFPageObj_GetFillColor", c_int)
        self.font = bare("FPDFTextObj_GetFont", _P)
        self.mcid = bare("FPDFPageObj_GetMarkedContentID", c_int)
        # Scratch space, one block read back with one struct unpacking (cheaper than a ctypes value
        # each): four floats (a box), six (a matrix: a b c d e f, the layout of FS_MATRIX), one (a
        # size), four unsigned ints (a colour).
        self.scratch = ctypes.create_string_buffer(SCRATCH.size)
        base = ctypes.addressof(self.scratch)
        self.box_at = (arg(base), arg(base + 4), arg(base + 8), arg(base + 12))
        self.m_at = arg(base + 16)
        self.size_at = arg(base + 40)
        self.rgba_at = (arg(base + 44), arg(base + 48), arg(base + 52), arg(base + 56))

    def box(self) -> tuple[float, float, float, float]:
        return BOX.unpack_from(self.scratch)  # type: ignore[return-value]

    def matrix_values(self) -> tuple[float, ...]:
        return MATRIX.unpack_from(self.scratch, 16)


@cache
def _prototype(restype: Any, *argtypes: Any) -> Any:
    """A function type, made once per process: PYFUNCTYPE makes a new class on every call (ctypes
    caches only CFUNCTYPE's), and the dozen the walker binds cost about a million instructions
    for every document."""
    return ctypes.PYFUNCTYPE(restype, *argtypes)


# A pointer-sized argument made once, for the calls bound without argument types: for an int
# address (a handle or a buffer), what ctypes itself makes of it when a parameter is a c_void_p.
arg = ctypes.c_void_p.from_param
length_arg = ctypes.c_ulong.from_param  # an unsigned long length, likewise


SCRATCH = struct.Struct("=11f4I")  # box, matrix, size, colour: everything a text object is asked
BOX = struct.Struct("=4f")
MATRIX = struct.Struct("=6f")


class PageWalker:
    """Reads one loaded page; holds the ctypes scratch space so each object costs few allocations."""

    def __init__(self, raw: Any, doc: Any, font_cache: dict[int, FontInfo]):
        self.raw = raw
        self.doc = doc
        self.fonts = font_cache
        self.calls = Calls(raw)
        self.text_buffer = (ctypes.c_ushort * TEXT_BUFFER_CHARS)()
        self.text_at = arg(ctypes.addressof(self.text_buffer))
        self.text_length = length_arg(TEXT_BUFFER_CHARS * 2)
        self.text_bytes = memoryview(self.text_buffer).cast("B")  # decoded in place, without a copy through string_at
        self.px_w, self.px_h = ctypes.c_uint(), ctypes.c_uint()
        self.styles: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # one shared tuple per look: runs compare fast
        # Sizes as reported, by size as drawn: a document uses few sizes, and round(x, 2) costs several
        # times a dictionary lookup (it rounds through decimal digits to be exact).
        self.rounded: dict[float, float] = {}
        self.by_mcid: dict[int, Any] = {}  # the structure elements of the page being read, by marked-content id

    def read(self, page: Any, textpage: Any, viewer: Viewer, by_mcid: dict[int, Any]) -> PageContent:
        """The page's content; pieces are grouped by the structure element (``by_mcid``) they belong to."""
        content = PageContent()
        if textpage:
            content.text_chars = max(self.raw.FPDFText_CountChars(textpage), 0)
        content.links = self._links(page, textpage, viewer)
        paths: list[tuple[int, tuple[float, ...] | None]] = []
        self.by_mcid = by_mcid
        # Handles go to the object calls as ready-made arguments: no conversion per call.
        textpage_at = arg(ctypes.cast(textpage, ctypes.c_void_p).value) if textpage else None
        self._walk(page, None, textpage_at, viewer, content, (), None, 0, [0], paths)
        if paths:
            content.edges = partial(self._edges, paths, viewer)
        return content

    # ------------------------------------------------------------------ objects

    def _walk(self, page: Any, form: Any, textpage: Any, viewer: Viewer, content: PageContent, path: tuple[int, ...],
              outer: tuple[float, ...] | None, depth: int, seen: list[int], paths: list[tuple[int, tuple[float, ...] | None]]) -> None:
        calls = self.calls
        count = calls.form_count(form) if form is not None else self.raw.FPDFPage_CountObjects(page)
        # A form's objects are got with the typed binding (forms are few); the page's with an arg().
        get_object, get_kind = (calls.form_object, calls.kind) if form is not None else (calls.page_object, calls.kind)
        parent = form if form is not None else arg(ctypes.cast(page, ctypes.c_void_p).value)
        for index in range(max(count, 0)):
            seen[0] += 1
            if seen[0] > MAX_OBJECTS:
                content.truncated = True
                return
            obj = get_object(parent, index)  # an address (int), or None
            if not obj:
                continue
            handle = arg(obj)  # for all of this object's calls
            kind = get_kind(handle)
            if kind == 1:  # FPDF_PAGEOBJ_TEXT
                self._text(handle, textpage, viewer, content, outer)
            elif kind == 3:  # FPDF_PAGEOBJ_IMAGE
                self._image(obj, viewer, content, path + (index,), outer)
            elif kind == 2:  # FPDF_PAGEOBJ_PATH: perhaps a cell border, looked at only if a line asks
                paths.append((obj, outer))
            elif kind == 5 and depth < MAX_FORM_DEPTH:  # FPDF_PAGEOBJ_FORM
                calls.matrix(handle, calls.m_at)
                here = calls.matrix_values()
                combined = here if outer is None else _multiply(here, outer)
                self._walk(page, obj, textpage, viewer, content, path + (index,), combined, depth + 1, seen, paths)

    def _bounds(self, obj: int, outer: tuple[float, ...] | None) -> tuple[float, float, float, float] | None:
        calls = self.calls
        if not calls.bounds(arg(obj), *calls.box_at):
            return None
        box = calls.box()
        if outer is not None:
            box = _transform_box(box, outer)
        if not math.isfinite(box[0] + box[1] + box[2] + box[3]):  # a sum of floats is finite only when each is
            return None
        return box

    def _text(self, obj: Any, textpage: Any, viewer: Viewer, content: PageContent, outer: tuple[float, ...] | None) -> None:
        calls = self.calls
        if not textpage:
            return
        needed = calls.text(obj, textpage, self.text_at, self.text_length)
        if needed <= 2:
            return
        if needed > TEXT_BUFFER_CHARS * 2:
            if needed > 4_000_000:
                return
            buffer = (ctypes.c_ushort * (needed // 2 + 1))()
            needed = calls.text(obj, textpage, arg(ctypes.addressof(buffer)), length_arg(needed))
            text = ctypes.string_at(ctypes.addressof(buffer), needed - 2).decode("utf-16-le", "replace")
        else:
            # The codec function itself: naming "utf-16-le" to str() looks the codec up on every call.
            text = utf_16_le_decode(self.text_bytes[: needed - 2], "replace", True)[0]
        if not text.isprintable():
            text = _clean(text)
        if not text or text.isspace():
            return
        box_at, rgba_at = calls.box_at, calls.rgba_at
        if not calls.bounds(obj, box_at[0], box_at[1], box_at[2], box_at[3]):
            return
        calls.matrix(obj, calls.m_at)
        calls.font_size(obj, calls.size_at)
        filled = calls.fill(obj, rgba_at[0], rgba_at[1], rgba_at[2], rgba_at[3])
        left, low, right, high, a, b, c, d, e, f, size, r, g, bl, _alpha = SCRATCH.unpack_from(calls.scratch)
        if outer is not None:
            left, low, right, high = _transform_box((left, low, right, high), outer)
            a, b, c, d, e, f = _multiply((a, b, c, d, e, f), outer)
        if not -1e7 < left + low + right + high < 1e7:  # also false for NaN
            return
        size = abs(size) * math.hypot(c, d)
        if viewer.rotation == 0:
            x0, top, x1, bottom = left - viewer.left, viewer.top - high, right - viewer.left, viewer.top - low
            origin, baseline = e - viewer.left, viewer.top - f
        else:
            x0, top, x1, bottom = viewer.box(left, low, right, high)
            origin, baseline = None, viewer.point(e, f)[1]
        if 0.5 <= size <= 2000:
            size_for_layout = size
            size_value: float | None = self.rounded.get(size)
            if size_value is None:
                size_value = self.rounded[size] = round(size, 2)
        else:  # absurd or missing size (broken font): lay out by the box, report no size
            size_for_layout = max(bottom - top, 1.0)
            size_value = None
        if not (top - size_for_layout <= baseline <= bottom + size_for_layout):
            baseline = bottom  # rotated or skewed text: fall back on the box
        invisible = calls.render_mode(obj) in INVISIBLE_MODES
        if filled:
            r, g, bl = r & 255, g & 255, bl & 255
        else:
            r = g = bl = 0
        font = calls.font(obj)  # an address: the font cache is keyed by it
        key = (font, size_value, r, g, bl, invisible)
        style = self.styles.get(key)
        if style is None:
            info = font_info(self.raw, font, self.fonts) if font else NO_FONT
            if invisible:
                # Nobody sees this text (an OCR layer under a scan): it is read, but its look means nothing.
                style = (None, info.written, None, False, False, None)
            else:
                style = (info.family, info.written, size_value, info.bold, info.italic, "%02X%02X%02X" % (r, g, bl))
            self.styles[key] = style
        group = None
        if self.by_mcid:  # an untagged page has no elements to group by
            element = self.by_mcid.get(calls.mcid(obj))
            if element is not None:
                group = element.key
        link = None
        if content.links:
            cx, cy = (left + right) / 2, (low + high) / 2
            for record in content.links:
                l_left, l_low, l_right, l_high = record.rect
                if l_left - 1 <= cx <= l_right + 1 and l_low - 1 <= cy <= l_high + 1:
                    link = record.target
                    break
        content.pieces.append((text, x0, x1, top, bottom, baseline, size_for_layout, style, group, link, False, origin))

    def _edges(self, paths: list[tuple[int, tuple[float, ...] | None]], viewer: Viewer) -> Edges:
        """Vertical rules and box sides, which separate table cells on a line of text."""
        edges: Edges = []
        for obj, outer in paths:
            if len(edges) >= MAX_EDGES:
                break
            box = self._bounds(obj, outer)
            if box is None:
                continue
            x0, top, x1, bottom = viewer.box(*box)
            if bottom - top < 4:
                continue
            if x1 - x0 <= 3:
                edges.append(((x0 + x1) / 2, top, bottom))
            else:
                edges.append((x0, top, bottom))
                edges.append((x1, top, bottom))
        return edges

    def _image(self, obj: int, viewer: Viewer, content: PageContent, path: tuple[int, ...], outer: tuple[float, ...] | None) -> None:
        raw = self.raw
        box = self._bounds(obj, outer)
        if box is None:
            return
        obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)  # the bindings below want their own pointer type
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
