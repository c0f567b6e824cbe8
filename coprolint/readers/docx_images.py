"""Pictures in a DOCX: DrawingML (inline and floating) and VML, with alt text and a lazy loader.

Only the first bytes of each picture are inflated here, to learn its pixel size; the
full bytes are read again from the package only when a check asks for them.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable

from lxml import etree

from coprolint.model import Image, Location, Paragraph
from coprolint.readers import docx_names as n
from coprolint.readers.docx_body import BOX_OR_FALLBACK, inside
from coprolint.readers.image_header import sniff_image
from coprolint.readers.ooxml_zip import Package, PartError, Relationship

EMU_PER_PT = 12700
_HEAD = 4096
_LONG_HEAD = 256 * 1024  # JPEG frame headers can sit behind large EXIF or colour-profile blocks
_KEEP_WHOLE = 64 * 1024  # pictures up to this size are read from the package once, whole
_EXTENSIONS = {
    "png": "png", "jpg": "jpeg", "jpeg": "jpeg", "jpe": "jpeg", "jfif": "jpeg", "gif": "gif", "webp": "webp",
    "emf": "emf", "wmf": "wmf", "tif": "tiff", "tiff": "tiff", "bmp": "bmp", "dib": "bmp", "svg": "svg",
    "emz": "emf", "wmz": "wmf",
}
_VML_LENGTH = re.compile(r"(width|height)\s*:\s*([0-9.]+)\s*(pt|px|in|cm|mm)?", re.IGNORECASE)
_UNIT_PT = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, None: 1.0}
CAPTION_CHARS = 200
Header = tuple[str | None, int | None, int | None, int | None]  # format, width, height, frames


class ImageMaker:
    """Turns drawing elements into model images for one document."""

    def __init__(self, package: Package, images: list[Image]):
        self.package = package
        self.images = images
        self.rels: dict[str, Relationship] = {}
        self.placed: list[tuple[Image, int]] = []  # image and index of its paragraph, for captions
        # Per picture part: what its header says, and one loader shared by every placement of it,
        # so a picture placed again is not sniffed again and checks can tell it repeats unread.
        self.parts: dict[str, tuple[Header | None, Callable[[], bytes]]] = {}
        self.paragraph_index: Callable[[], int] = lambda: -1

    def add(self, element: etree._Element, link: str | None, location: Location) -> None:
        if element.tag == n.DRAWING:
            self._drawingml(element, location)
        else:
            self._vml(element, location)

    def _drawingml(self, drawing: etree._Element, location: Location) -> None:
        for frame in drawing:  # wp:inline or wp:anchor
            doc_pr = frame.find(n.DOC_PR)
            extent = frame.find(n.EXTENT)
            blips = [b for b in frame.iter(n.BLIP) if not inside(b, frame, BOX_OR_FALLBACK)]
            for blip in blips:
                alt, title = _attr(doc_pr, "descr"), _attr(doc_pr, "title")
                if len(blips) > 1:  # a group: each picture may carry its own description
                    own = _own_properties(blip, frame)
                    if own is not None and own.get("descr"):
                        alt, title = own.get("descr"), own.get("title") or title
                width = height = None
                if extent is not None and len(blips) == 1:
                    width, height = _emu(extent.get("cx")), _emu(extent.get("cy"))
                rid = blip.get(n.R_EMBED) or blip.get(n.R_LINK)
                self._make(rid, location, alt, title, _decorative(doc_pr), width, height,
                           _attr(doc_pr, "name"), linked=blip.get(n.R_EMBED) is None)

    def _vml(self, element: etree._Element, location: Location) -> None:
        for data in element.iter(n.IMAGEDATA):
            if inside(data, element, BOX_OR_FALLBACK):
                continue
            shape = data.getparent()
            alt = shape.get("alt") if shape is not None else None
            title = data.get(n.O + "title")
            width = height = None
            if shape is not None:
                for dim, value, unit in _VML_LENGTH.findall(shape.get("style", "")):
                    size = float(value) * _UNIT_PT.get(unit.lower() or None, 1.0)
                    if dim.lower() == "width":
                        width = size
                    else:
                        height = size
            rid = data.get(n.R_ID) or data.get(n.R + "pict") or data.get(n.R_LINK)
            name = shape.get("id", "") if shape is not None else ""
            self._make(rid, location, alt or None, title or None, False, width, height, name, linked=False)

    def _make(self, rid: str | None, location: Location, alt: str | None, title: str | None, decorative: bool,
              width: float | None, height: float | None, name: str | None, linked: bool) -> None:
        rel = self.rels.get(rid or "")
        number = len(self.images) + 1
        image = Image(
            location=Location(
                part=location.part, page=location.page, paragraph=location.paragraph, section=location.section,
                table=location.table, row=location.row, cell=location.cell, image=number,
            ),
            name=name or "",
            alt_text=alt,
            title=title,
            decorative=decorative,
            display_width_pt=width,
            display_height_pt=height,
        )
        if rel is not None and not rel.external and not linked:
            part = rel.target
            image.name = image.name or posixpath.basename(part)
            image.format = _EXTENSIONS.get(posixpath.splitext(part)[1].lstrip(".").lower())
            if part not in self.parts:
                self.parts[part] = self._picture(part)
            header, image.loader = self.parts[part]
            if header is not None:
                image.format = header[0] or image.format
                image.width_px, image.height_px, image.frames = header[1:]
        elif rel is not None:
            image.name = image.name or rel.target
        self.images.append(image)
        self.placed.append((image, self.paragraph_index()))

    def _picture(self, part: str) -> tuple[Header | None, Callable[[], bytes]]:
        """What the picture's first bytes say, and its loader. A small picture is read whole once:
        its header is sniffed from those bytes and its loader hands them over, where the part was
        otherwise opened and inflated twice (for the header, then when a check decodes it)."""
        size = self.package.size(part)
        if size is not None and size <= _KEEP_WHOLE:
            try:
                data: bytes | None = self.package.read(part)
            except PartError:
                data = None  # judged below exactly as before, from reads of its first bytes
            if data is not None and len(data) == size:
                whole = data
                return _header(lambda head: whole[:head], size), lambda: whole
        return _header(lambda head: self.package.read(part, head=head), size), _loader(self.package, part)


def _header(read: Callable[[int], bytes], size: int | None) -> Header | None:
    """Format, pixel size and frames from the first bytes of the picture (``read(n)`` gives the first
    n bytes); None for missing or damaged parts."""
    if size is None:
        return None
    try:
        head = read(_HEAD)
        info = sniff_image(head, whole=size <= len(head))
        if not info.complete and size > len(head):
            head = read(_LONG_HEAD)
            info = sniff_image(head, whole=size <= len(head))
    except PartError:
        return None
    return info.format, info.width, info.height, info.frames


def add_captions(placed: list[tuple[Image, int]], paragraphs: list[Paragraph]) -> None:
    """A caption-style paragraph next to the picture, else the picture's own text, else the nearest text."""
    for image, index in placed:
        if not 0 <= index < len(paragraphs):
            continue
        part = paragraphs[index].location.part
        near = [i for i in (index + 1, index - 1) if 0 <= i < len(paragraphs) and paragraphs[i].location.part == part]
        caption = next((paragraphs[i].text for i in near if (paragraphs[i].style or "").lower() == "caption"
                        and paragraphs[i].text.strip()), None)
        if caption is None and paragraphs[index].text.strip():
            caption = paragraphs[index].text
        for distance in (1, 2):
            if caption is not None:
                break
            for i in (index - distance, index + distance):
                if 0 <= i < len(paragraphs) and paragraphs[i].location.part == part and paragraphs[i].text.strip():
                    caption = paragraphs[i].text
                    break
        if caption is not None:
            caption = " ".join(caption.split())
            image.caption = caption if len(caption) <= CAPTION_CHARS else caption[: CAPTION_CHARS - 1] + "…"


def _loader(package: Package, part: str) -> Callable[[], bytes]:
    """Reads the picture's bytes on demand from the package, open until the document is closed."""
    return lambda: package.read(part)


def _attr(element: etree._Element | None, name: str) -> str | None:
    if element is None:
        return None
    value = element.get(name)
    return value if value else None


def _emu(value: str | None) -> float | None:
    try:
        return round(int(value or "") / EMU_PER_PT, 2)
    except ValueError:
        return None


def _decorative(doc_pr: etree._Element | None) -> bool:
    """Office marks a decorative picture with an extension element named 'decorative' (val 1)."""
    if doc_pr is None:
        return False
    for el in doc_pr.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}decorative"):
            return (el.get("val") or "").lower() in ("1", "true", "on")
    return False


def _own_properties(blip: etree._Element, stop: etree._Element) -> etree._Element | None:
    for ancestor in blip.iterancestors():
        if ancestor is stop:
            return None
        if ancestor.tag == n.PIC + "pic":
            return ancestor.find(f"{n.PIC}nvPicPr/{n.PIC_C_NV_PR}")
    return None
