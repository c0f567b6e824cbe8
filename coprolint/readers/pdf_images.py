"""Pictures in a PDF: their format from the filter chain, and a loader that gets the bytes only on demand.

The loader loads the picture's page again (the reader closes each page once read; ``OpenPage``
keeps the last one a picture needed) and finds the image object by its position. A JPEG stored as such is handed over as
stored; anything else is decoded by pdfium to a bitmap and wrapped as an uncompressed BMP,
whose pixel layout (blue first, rows padded to four bytes) is pdfium's own: no compressing
here and no inflating when the picture is opened. Pictures that declare more pixels than the
limit are refused before anything is decoded.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Any, Callable

from coprolint.plain_pictures import GREY_PALETTE
from coprolint.readers.limits import Limits
from coprolint.readers.pdf_page import ImageRecord

FILTER_FORMATS = {
    "DCTDecode": "jpeg",
    "DCT": "jpeg",
    "JPXDecode": "jpx",
    "JBIG2Decode": "jbig2",
    "CCITTFaxDecode": "ccitt",
    "CCF": "ccitt",
}
MAX_RAW_BYTES = 256 * 1024 * 1024


class ImageRefused(ValueError):
    """The picture's pixels were not loaded; the message says why, in words for people."""


def image_format(filters: list[str]) -> str:
    """The stored format: the last filter that is an image codec decides (FlateDecode alone is raw pixels)."""
    for name in reversed(filters):
        if name in FILTER_FORMATS:
            return FILTER_FORMATS[name]
    return "raw"


class OpenPage:
    """The page pictures were last loaded from, kept open until another page is wanted or the
    document closes: pictures are asked for in page order, and loading the page again was most
    of the cost of extracting a picture."""

    def __init__(self, raw: Any, doc: Any) -> None:
        self.raw, self.doc = raw, doc
        self.index, self.page = -1, None

    def get(self, index: int) -> Any:
        if self.doc is None:  # the document is closed: its handle must not be touched again
            return None
        if index != self.index:
            self._release()
            page = self.raw.FPDF_LoadPage(self.doc, index)
            if not page:
                return None
            self.index, self.page = index, page
        return self.page

    def close(self) -> None:
        self._release()
        self.doc = None

    def _release(self) -> None:
        if self.page:
            self.raw.FPDF_ClosePage(self.page)
        self.index, self.page = -1, None


def make_loader(pages: OpenPage, page_index: int, record: ImageRecord, limits: Limits) -> Callable[[], bytes]:
    width, height, path, filters = record.width_px, record.height_px, record.path, list(record.filters)
    raw = pages.raw

    def load() -> bytes:
        if width * height > limits.max_image_pixels:
            raise ImageRefused(
                f"it declares {width} x {height} pixels, more than the limit of {limits.max_image_pixels:,} pixels"
            )
        if width <= 0 or height <= 0:
            raise ImageRefused("it has no pixel size")
        page = pages.get(page_index)
        if not page:
            raise ImageRefused("its page could not be loaded again")
        obj = _find(raw, page, path)
        if obj is None or raw.FPDFPageObj_GetType(obj) != 3:
            raise ImageRefused("it could not be found on its page again")
        if filters == ["DCTDecode"] or filters == ["DCT"]:
            needed = raw.FPDFImageObj_GetImageDataRaw(obj, None, 0)
            if 0 < needed <= MAX_RAW_BYTES:
                buffer = ctypes.create_string_buffer(needed)
                got = raw.FPDFImageObj_GetImageDataRaw(obj, buffer, needed)
                return buffer.raw[:got]
        return _bitmap_bmp(raw, obj)

    return load


def _find(raw: Any, page: Any, path: tuple[int, ...]) -> Any:
    obj = None
    for depth, index in enumerate(path):
        if depth == 0:
            if index >= raw.FPDFPage_CountObjects(page):
                return None
            obj = raw.FPDFPage_GetObject(page, index)
        else:
            if index >= raw.FPDFFormObj_CountObjects(obj):
                return None
            obj = raw.FPDFFormObj_GetObject(obj, index)
        if not obj:
            return None
    return obj


def _bitmap_bmp(raw: Any, obj: Any) -> bytes:
    bitmap = raw.FPDFImageObj_GetBitmap(obj)
    if not bitmap:
        raise ImageRefused("pdfium could not decode it")
    try:
        kind = raw.FPDFBitmap_GetFormat(bitmap)
        width = raw.FPDFBitmap_GetWidth(bitmap)
        height = raw.FPDFBitmap_GetHeight(bitmap)
        stride = raw.FPDFBitmap_GetStride(bitmap)
        channels = {1: 1, 2: 3, 3: 4, 4: 4}.get(kind)
        if channels is None or width <= 0 or height <= 0:
            raise ImageRefused("pdfium decoded it to an unknown pixel layout")
        pointer = raw.FPDFBitmap_GetBuffer(bitmap)
        data = ctypes.string_at(pointer, stride * height)
    finally:
        raw.FPDFBitmap_Destroy(bitmap)
    return encode_bmp(data, width, height, stride, kind)


def encode_bmp(data: bytes, width: int, height: int, stride: int, kind: int) -> bytes:
    """BMP from a pdfium bitmap: 1 grey, 2 BGR, 3 BGRx, 4 BGRA (rows ``stride`` bytes apart).

    Stored top-down (negative height) with a BITMAPV4HEADER, which carries the alpha mask a
    BGRA bitmap needs; grey gets a grey palette, which Pillow reads as an "L" picture."""
    bits = {1: 8, 2: 24, 3: 32, 4: 32}[kind]
    used = width * bits // 8
    row = (used + 3) & ~3  # BMP rows are padded to a multiple of four bytes
    if stride != row or len(data) != row * height:
        data = b"".join(data[y * stride : y * stride + used].ljust(row, b"\0") for y in range(height))
    palette = GREY_PALETTE if kind == 1 else b""
    masks = (0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000) if kind == 4 else (0, 0, 0, 0)
    offset = 14 + 108 + len(palette)
    info = struct.pack(
        "<IiiHHIIiiII4I", 108, width, -height, 1, bits, 3 if kind == 4 else 0, len(data), 0, 0,
        256 if kind == 1 else 0, 0, *masks,
    )
    info += struct.pack("<I", 0x73524742) + bytes(48)  # colour space "sRGB"; end points and gamma unused
    return b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + info + palette + data

