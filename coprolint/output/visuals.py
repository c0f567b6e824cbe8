"""Pictures for the HTML report, made while the document is still open.

After the checks, ``capture`` makes a small thumbnail of each flagged image and, for PDFs,
a small render of each page with flagged places, with those places outlined and numbered.
Everything is stored as plain data (data: URIs, numbers, lists) so that it survives worker
processes and the cache as JSON, and so the report needs no file beside it.

Pillow and pypdfium2 are imported only here, only when pictures are asked for.
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from coprolint.engine import Finding
    from coprolint.model import Document, Image

# The key under FileResult.extra; the JSON report leaves it out (it is for the HTML report).
VISUALS_KEY = "visuals"
PAGE_WIDTH_PX = 400  # page renders: wide enough to see the layout, small enough to keep reports light
THUMBNAIL_PX = 200  # longest side of an image thumbnail
MAX_PAGES = 6  # page renders per document; later flagged pages are described in words only
MAX_IMAGES = 40  # thumbnails per document
OUTLINE = (176, 0, 96)  # dark magenta: stands out on most pages and is not a text colour
OUTLINE_WIDTH = 3
PAGE_QUALITY = 60  # JPEG quality of page renders: text stays legible, files stay small


def bbox_key(bbox: Iterable[float]) -> str:
    """A stable key for one flagged place, the same whether the finding came from memory or a cache."""
    return ",".join(f"{round(float(v))}" for v in bbox)


def capture(document: Document, findings: list[Finding]) -> dict[str, Any]:
    """Thumbnails and page renders for the places ``findings`` point at. Never raises."""
    images: dict[str, dict[str, Any]] = {}
    pages: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    numbers = sorted({f.location.image for f in findings if f.location.image is not None})
    by_number = {image.location.image: image for image in document.images if image.location.image is not None}
    for number in numbers[:MAX_IMAGES]:
        image = by_number.get(number)
        if image is None:
            continue
        try:
            picture = _image_thumbnail(image)
        except Exception as exc:  # a picture that cannot be shown is described in words instead
            notes.append(f"image {number}: {type(exc).__name__}")
            picture = None
        if picture is None and document.format == "pdf" and image.location.bbox and image.location.page:
            picture = _pdf_crop(document.path, image.location.page, image.location.bbox)
        if picture is not None:
            picture["alt_text"] = image.alt_text
            picture["decorative"] = image.decorative
            images[str(number)] = picture
    if document.format == "pdf":
        try:
            pages = _pdf_pages(document, findings)
        except Exception as exc:  # the report still lists every finding in words
            notes.append(f"pages: {type(exc).__name__}")
    out: dict[str, Any] = {"images": images, "pages": pages}
    if notes:
        out["notes"] = notes
    return out


# ---------------------------------------------------------------- encoding


def data_uri(picture: Any, photo: bool, quality: int = 72) -> str:
    """A Pillow picture as a data: URI: JPEG for photos and page renders, PNG for flat artwork."""
    buffer = io.BytesIO()
    if photo:
        picture.convert("RGB").save(buffer, format="JPEG", quality=quality, optimize=True)
        kind = "jpeg"
    else:
        picture.save(buffer, format="PNG", optimize=True)
        kind = "png"
    return f"data:image/{kind};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


def _many_colours(picture: Any) -> bool:
    """Photos have thousands of colours; diagrams and logos have few and compress better as PNG."""
    return picture.convert("RGB").getcolors(maxcolors=4096) is None


def _shrink(picture: Any, longest: int) -> Any:
    picture = picture.copy()
    picture.thumbnail((longest, longest))
    return picture


# ---------------------------------------------------------------- images


def _image_thumbnail(image: Image) -> dict[str, Any] | None:
    from coprolint.imaging import inspect

    inspection = inspect(image)  # the same safe path the image checks use: limits, bombs, damage
    if inspection.thumbnail is None:
        return None
    small = _shrink(inspection.thumbnail, THUMBNAIL_PX)
    return {
        "src": data_uri(small, photo=_many_colours(small)),
        "width": small.width,
        "height": small.height,
        "frames": inspection.frames,
    }


def _pdf_crop(path: str, page_number: int, bbox: tuple[float, float, float, float]) -> dict[str, Any] | None:
    """The flagged area of a PDF page, for pictures whose pixels the reader could not hand over."""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(path)
    except Exception:
        return None
    try:
        page = pdf[page_number - 1]
        width = page.get_width()
        x0, top, x1, bottom = bbox
        box_width = max(1.0, x1 - x0)
        scale = min(2.0, THUMBNAIL_PX / box_width)
        rendered = page.render(scale=scale).to_pil()
        crop = rendered.crop(tuple(int(round(v * scale)) for v in (max(0, x0), max(0, top), min(width, x1), bottom)))
        if crop.width < 2 or crop.height < 2:
            return None
        small = _shrink(crop, THUMBNAIL_PX)
        return {"src": data_uri(small, photo=True), "width": small.width, "height": small.height, "frames": 1}
    except Exception:
        return None
    finally:
        pdf.close()


# ---------------------------------------------------------------- PDF pages


def _flagged_pages(findings: list[Finding]) -> dict[int, list[tuple[float, float, float, float]]]:
    """Pages with something to show, in page order, each with its distinct flagged boxes."""
    pages: dict[int, list[tuple[float, float, float, float]]] = {}
    for finding in findings:
        location = finding.location
        if location.page is None:
            continue
        boxes = pages.setdefault(location.page, [])
        if location.bbox is not None and bbox_key(location.bbox) not in {bbox_key(b) for b in boxes}:
            boxes.append(location.bbox)
    return dict(sorted(pages.items()))


def _pdf_pages(document: Document, findings: list[Finding]) -> dict[str, dict[str, Any]]:
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    flagged = _flagged_pages(findings)
    if not flagged:
        return {}
    out: dict[str, dict[str, Any]] = {}
    pdf = pdfium.PdfDocument(document.path)
    try:
        total = len(pdf)
        for number, boxes in list(flagged.items())[:MAX_PAGES]:
            if not 1 <= number <= total:
                continue
            page = pdf[number - 1]
            width_pt = page.get_width()
            scale = PAGE_WIDTH_PX / width_pt if width_pt > 0 else 0.5
            picture = page.render(scale=scale).to_pil().convert("RGB")
            draw = ImageDraw.Draw(picture)
            marks = []
            for index, bbox in enumerate(boxes, start=1):
                x0, top, x1, bottom = (v * scale for v in bbox)
                pad = OUTLINE_WIDTH
                draw.rectangle((x0 - pad, top - pad, x1 + pad, bottom + pad), outline=OUTLINE, width=OUTLINE_WIDTH)
                _number_tag(draw, index, x0 - pad, top - pad, picture.width)
                marks.append({"n": index, "key": bbox_key(bbox)})
            out[str(number)] = {
                "src": data_uri(picture, photo=True, quality=PAGE_QUALITY),
                "width": picture.width,
                "height": picture.height,
                "marks": marks,
            }
    finally:
        pdf.close()
    return out


def _number_tag(draw: Any, number: int, x: float, y: float, page_width: int) -> None:
    """A white number on a dark tab at the top-left of an outline, so each place can be named in words."""
    from PIL import ImageFont

    try:
        font = ImageFont.load_default(size=13)
    except TypeError:  # Pillow without FreeType: the small bitmap font
        font = ImageFont.load_default()
    text = str(number)
    left, top_, right, bottom = draw.textbbox((0, 0), text, font=font)
    width, height = right - left + 6, bottom - top_ + 4
    x = min(max(0.0, x), page_width - width)
    y = max(0.0, y - height)
    draw.rectangle((x, y, x + width, y + height), fill=OUTLINE)
    draw.text((x + 3 - left, y + 2 - top_), text, fill=(255, 255, 255), font=font)
