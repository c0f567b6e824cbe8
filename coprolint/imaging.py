"""Looking at picture pixels: the only module that imports Pillow, and only when a picture is opened.

Every picture is checked against the pixel limit from its header before it is decoded,
then shrunk to a thumbnail (JPEG through ``draft``, which decodes at a fraction of the
size) so that all pixel work costs about the same whatever the picture's size.
Anything that goes wrong becomes ``Inspection.problem``, a reason worded for people.
"""

from __future__ import annotations

import functools
import io
import struct
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coprolint.readers.limits import LIMITS, Limits

if TYPE_CHECKING:  # pragma: no cover
    from PIL.Image import Image as PilImage

    from coprolint.model import Image

# Drawings Pillow cannot turn into pixels. (JBIG2, CCITT and JPEG 2000 pictures in a PDF are
# decoded by the PDF reader's loader, so they are not refused here by name.)
UNREADABLE_FORMATS = {
    "emf": "it is a Windows metafile (EMF)",
    "wmf": "it is a Windows metafile (WMF)",
    "svg": "it is a vector drawing (SVG)",
}


@dataclass(slots=True)
class Inspection:
    """What was learned from one picture's pixels. ``thumbnail`` is RGB, at most limits.thumbnail_px a side."""

    problem: str | None = None  # why it could not be inspected; None when it was
    width: int = 0
    height: int = 0
    frames: int = 1
    format: str | None = None
    thumbnail: PilImage | None = field(default=None, repr=False)
    opaque_mask: PilImage | None = field(default=None, repr=False)  # "L": 255 where the picture is not transparent


def inspect(image: Image, limits: Limits = LIMITS) -> Inspection:
    """Open one picture safely and make its thumbnail; never raises for anything in the file."""
    declared = (image.format or "").lower()
    if declared in UNREADABLE_FORMATS:
        return Inspection(problem=UNREADABLE_FORMATS[declared], format=declared)
    if image.width_px and image.height_px and image.width_px * image.height_px > limits.max_image_pixels:
        return Inspection(problem=_too_big(image.width_px, image.height_px, limits), format=declared or None)
    try:
        data = image.data()
    except Exception as exc:  # a reader's loader refuses (over the limit, damaged stream, ...)
        return Inspection(problem=f"it could not be extracted ({_words(exc)})", format=declared or None)
    if not data:
        return Inspection(problem="its data is not in the file", format=declared or None)
    return inspect_bytes(data, limits)


def inspect_bytes(data: bytes, limits: Limits = LIMITS) -> Inspection:
    from PIL import Image as PIL

    from coprolint.readers.image_header import sniff_image

    head = sniff_image(data[:65536])  # the declared size, before Pillow sees the file
    if head.width and head.height and head.width * head.height > limits.max_image_pixels:
        return Inspection(problem=_too_big(head.width, head.height, limits), width=head.width, height=head.height, format=head.format)

    PIL.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on very large pictures: both mean "do not decode".
            warnings.simplefilter("error", PIL.DecompressionBombWarning)
            with PIL.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                kind = (picture.format or "").lower() or None
                if kind in ("wmf", "emf"):  # Pillow names them but can draw them only on Windows
                    return Inspection(problem="it is a Windows metafile (EMF or WMF)", format=kind)
                if width * height > limits.max_image_pixels:
                    return Inspection(problem=_too_big(width, height, limits), width=width, height=height, format=kind)
                frames = int(getattr(picture, "n_frames", 1) or 1)
                if kind == "jpeg":
                    picture.draft("RGB", (limits.thumbnail_px, limits.thumbnail_px))
                picture.seek(0)
                small = picture.copy() if picture.mode == "P" else picture
                small.thumbnail((limits.thumbnail_px, limits.thumbnail_px))
                rgb, mask = _flatten(small)
    except (PIL.DecompressionBombError, PIL.DecompressionBombWarning):
        return Inspection(problem="it declares more pixels than coprolint will decode safely")
    except PIL.UnidentifiedImageError:
        return Inspection(problem="its format is not one coprolint can read")
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError, struct.error, ZeroDivisionError) as exc:
        return Inspection(problem=f"it is damaged or incomplete ({_words(exc)})")
    return Inspection(width=width, height=height, frames=frames, format=kind, thumbnail=rgb, opaque_mask=mask)


def _flatten(picture: Any) -> tuple[Any, Any]:
    """RGB pixels and an opacity mask; transparent areas are laid on white, as on a page."""
    from PIL import Image as PIL

    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        mask = rgba.getchannel("A").point(_at_least(128))
        white = PIL.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white, mask
    if picture.mode == "CMYK":
        return picture.convert("RGB"), None
    return picture.convert("RGB"), None


@functools.cache
def _at_least(limit: float) -> tuple[int, ...]:
    """A lookup table for Image.point: 255 where a 0-255 value is at least ``limit``, else 0.

    Built once per limit; handing Pillow a function instead makes it call that function
    256 times on every use, which cost more than the pixel work on small thumbnails."""
    return tuple(255 if value >= limit else 0 for value in range(256))


def _too_big(width: int, height: int, limits: Limits) -> str:
    return (
        f"it is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels), over the "
        f"{limits.max_image_pixels / 1e6:.0f} megapixel limit coprolint decodes safely"
    )


def _words(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "..."


# ---------------------------------------------------------------- measures


def saturated_share(inspection: Inspection, min_s: int, min_v: int) -> float:
    """Share of opaque pixels that are both strongly saturated and bright (HSV, 0-255 scales)."""
    thumb = inspection.thumbnail
    if thumb is None:
        return 0.0
    hue, sat, val = thumb.convert("HSV").split()
    vivid = _both(sat.point(_at_least(min_s)), val.point(_at_least(min_v)))
    total = thumb.width * thumb.height
    if inspection.opaque_mask is not None:
        vivid = _both(vivid, inspection.opaque_mask)
        total = _count(inspection.opaque_mask)
    return _count(vivid) / total if total else 0.0


def _both(first: Any, second: Any) -> Any:
    from PIL import ImageChops

    return ImageChops.multiply(first, second)


def _count(mask: Any) -> int:
    """Pixels at 255 in an "L" mask."""
    return int(mask.histogram()[255])


# ---------------------------------------------------------------- collages


@dataclass(slots=True)
class Collage:
    tiles: int  # photo-like tiles found between straight lines
    lines: int  # straight full-length gaps or joins used to cut them
    grid: list[tuple[int, int, int, int]]  # the tiles, thumbnail pixels (x0, y0, x1, y1)


# Tuning for the collage detector; all in thumbnail pixels or 0-255 channel units.
UNIFORM_DEVIATION = 12  # a gap row/column: almost no pixel strays further than this from its mean
SEAM_DIFFERENCE = 40  # a join: neighbouring rows differ by more than this ...
SEAM_SHARE = 0.6  # ... along this share of their length, and far less either side
MAX_GUTTER_SHARE = 0.25  # gaps between photos; a wider flat band is page or plain background
MIN_TILE_SHARE = 0.12  # a tile spans at least this share of its parent's side
MIN_TILE_AREA = 0.04  # a photo in a collage covers at least this share of the whole picture
EDGE_MARGIN = 0.08  # lines this close to an edge are borders, not joins


def find_collage(inspection: Inspection, max_depth: int = 3) -> Collage:
    """Cut the thumbnail along straight full-length gaps and joins, again inside each piece,
    and count the pieces that look like photos (broad spread of tones, no dominant flat colour)."""
    thumb = inspection.thumbnail
    if thumb is None or min(thumb.size) < 48:
        return Collage(0, 0, [])
    leaves: list[tuple[int, int, int, int]] = []
    lines = _cut(thumb, (0, 0, thumb.width, thumb.height), max_depth, leaves)
    least = MIN_TILE_AREA * thumb.width * thumb.height
    photos = [
        box for box in leaves
        if min(box[2] - box[0], box[3] - box[1]) >= 16 and (box[2] - box[0]) * (box[3] - box[1]) >= least
        and _photo_like(thumb.crop(box))
    ]
    return Collage(len(photos) if len(leaves) > 1 else 0, lines, photos)


def _cut(thumb: Any, box: tuple[int, int, int, int], depth: int, leaves: list[tuple[int, int, int, int]]) -> int:
    x0, y0, x1, y1 = box
    if depth == 0 or x1 - x0 < 24 or y1 - y0 < 24:
        leaves.append(box)
        return 0
    piece = thumb.crop(box)
    rows = _pieces(piece, horizontal=True)
    cols = _pieces(piece, horizontal=False)
    if len(rows) <= 1 and len(cols) <= 1:
        leaves.append(box)
        return 0
    lines = 0
    if len(rows) >= len(cols):
        lines += len(rows) - 1
        for a, b in rows:
            lines += _cut(thumb, (x0, y0 + a, x1, y0 + b), depth - 1, leaves)
    else:
        lines += len(cols) - 1
        for a, b in cols:
            lines += _cut(thumb, (x0 + a, y0, x0 + b, y1), depth - 1, leaves)
    return lines


def _pieces(piece: Any, horizontal: bool) -> list[tuple[int, int]]:
    """Spans between full-length separators across ``piece`` (rows when horizontal)."""
    from PIL import Image as PIL

    if not horizontal:  # columns become rows, in the same order
        piece = piece.transpose(PIL.Transpose.TRANSPOSE)
    uniform, jumps = _row_profiles(piece)
    length = len(uniform)
    separators: list[tuple[int, int]] = []  # [start, end) of each gap or join
    i = 0
    while i < length:
        if uniform[i]:
            j = i
            while j < length and uniform[j]:
                j += 1
            if j - i <= max(2, int(MAX_GUTTER_SHARE * length)) and i > 0 and j < length:
                separators.append((i, j))
            i = j
            continue
        if i < len(jumps) and jumps[i] >= SEAM_SHARE:
            before = jumps[i - 1] if i > 0 else 0.0
            after = jumps[i + 1] if i + 1 < len(jumps) else 0.0
            if max(before, after) <= jumps[i] / 2 and not uniform[min(i + 1, length - 1)]:
                separators.append((i + 1, i + 1))
        i += 1
    margin = max(2, int(EDGE_MARGIN * length))
    separators = [s for s in separators if s[0] >= margin and s[1] <= length - margin]
    spans: list[tuple[int, int]] = []
    start = 0
    for a, b in separators:
        if a - start >= MIN_TILE_SHARE * length:
            spans.append((start, a))
            start = b
    if length - start >= MIN_TILE_SHARE * length:
        spans.append((start, length))
    elif spans:
        spans[-1] = (spans[-1][0], length)
    return spans if len(spans) > 1 else [(0, length)]


def _row_profiles(piece: Any) -> tuple[list[bool], list[float]]:
    """Per row: is it one flat colour; and what share of it changes sharply into the next row.

    Done with whole-image Pillow operations (no per-pixel Python), so a 256-pixel thumbnail
    costs a few milliseconds."""
    from PIL import Image as PIL
    from PIL import ImageChops

    width, height = piece.size
    means = piece.resize((1, height), PIL.Resampling.BOX).resize((width, height), PIL.Resampling.NEAREST)
    off = _channel_max(ImageChops.difference(piece, means)).point(_at_least(UNIFORM_DEVIATION + 1))
    off_share = off.resize((1, height), PIL.Resampling.BOX).tobytes()
    uniform = [v / 255 <= 0.02 for v in off_share]
    if height < 2:
        return uniform, []
    step = ImageChops.difference(piece.crop((0, 0, width, height - 1)), piece.crop((0, 1, width, height)))
    sharp = _channel_max(step).point(_at_least(SEAM_DIFFERENCE + 1))
    jumps = [v / 255 for v in sharp.resize((1, height - 1), PIL.Resampling.BOX).tobytes()]
    return uniform, jumps


def _channel_max(rgb: Any) -> Any:
    from PIL import ImageChops

    r, g, b = rgb.split()
    return ImageChops.lighter(ImageChops.lighter(r, g), b)


def _photo_like(tile: Any) -> bool:
    """A photo has a broad spread of tones; text, charts, maps and logos sit on one flat colour."""
    from PIL import ImageStat

    grey = tile.convert("L")
    total = grey.width * grey.height
    if total < 400:
        return False
    histogram = grey.histogram()
    bins = [sum(histogram[k : k + 16]) / total for k in range(0, 256, 16)]
    return max(bins) < 0.45 and sum(1 for b in bins if b >= 0.03) >= 6 and ImageStat.Stat(grey).stddev[0] >= 25
