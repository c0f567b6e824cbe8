"""Looking at picture pixels: the only module that imports Pillow, and only when a picture is opened.

Every picture is checked against the pixel limit from its header before it is decoded,
then shrunk to a thumbnail (JPEG through ``draft``, which decodes at a fraction of the
size) so that all pixel work costs about the same whatever the picture's size.
Anything that goes wrong becomes ``Inspection.problem``, a reason worded for people.
"""

from __future__ import annotations

import functools
import io
import math
import struct
import warnings
import zlib
from typing import TYPE_CHECKING, Any, NamedTuple

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


class Inspection:
    """What was learned from one picture's pixels. ``thumbnail`` is RGB, at most limits.thumbnail_px a side.

    A plain class with slots: making a dataclass costs a fresh process ~0.5 ms on its first picture."""

    __slots__ = ("format", "frames", "grey", "height", "opaque_mask", "problem", "thumbnail", "width")

    def __init__(
        self, problem: str | None = None, width: int = 0, height: int = 0, frames: int = 1, format: str | None = None,
        thumbnail: PilImage | None = None, opaque_mask: PilImage | None = None,
    ) -> None:
        self.problem = problem  # why it could not be inspected; None when it was
        self.width, self.height, self.frames, self.format = width, height, frames, format
        self.thumbnail = thumbnail
        self.opaque_mask = opaque_mask  # "L": 255 where the picture is not transparent
        self.grey: PilImage | None = None  # the thumbnail in grey, made by grey_thumbnail


# Bytes of one document's pictures kept to recognise a picture placed again by comparing them
# (a tenth of the cost of a checksum); pictures beyond this are recognised by length and CRC-32.
KEEP_BYTES = 32 * 1024 * 1024


class Decoded:
    """One document's inspections so far, so that a picture placed again, such as the same photo
    or logo on several pages, shares the first placement's inspection. A placement whose reader
    hands over the same loader is known to repeat before any bytes are read; other bytes are
    compared with earlier pictures of the same length. No cryptographic digest is needed (its
    library costs a fresh process ~5 ms)."""

    __slots__ = ("by_length", "by_loader", "kept")

    def __init__(self) -> None:
        self.by_loader: dict[object, Inspection] = {}
        self.by_length: dict[int, list[tuple[bytes | int, Inspection]]] = {}  # the bytes kept, or their CRC-32
        self.kept = 0

    def find(self, data: bytes) -> Inspection | None:
        crc = None
        for known, seen in self.by_length.get(len(data), ()):
            if isinstance(known, bytes):
                if known == data:
                    return seen
            else:
                crc = zlib.crc32(data) if crc is None else crc
                if known == crc:
                    return seen
        return None

    def add(self, data: bytes, seen: Inspection) -> None:
        if self.kept + len(data) <= KEEP_BYTES:
            self.kept += len(data)
            self.by_length.setdefault(len(data), []).append((data, seen))
        else:
            self.by_length.setdefault(len(data), []).append((zlib.crc32(data), seen))


def inspect(image: Image, limits: Limits = LIMITS, decoded: Decoded | None = None) -> Inspection:
    """Open one picture safely and make its thumbnail; never raises for anything in the file.
    ``decoded`` shares inspections between placements of the same picture in one document."""
    declared = (image.format or "").lower()
    if declared in UNREADABLE_FORMATS:
        return Inspection(problem=UNREADABLE_FORMATS[declared], format=declared)
    if image.width_px and image.height_px and image.width_px * image.height_px > limits.max_image_pixels:
        return Inspection(problem=_too_big(image.width_px, image.height_px, limits), format=declared or None)
    if decoded is not None and image.loader in decoded.by_loader:
        return decoded.by_loader[image.loader]
    try:
        data = image.data()
    except Exception as exc:  # a reader's loader refuses (over the limit, damaged stream, ...)
        return Inspection(problem=f"it could not be extracted ({_words(exc)})", format=declared or None)
    if not data:
        return Inspection(problem="its data is not in the file", format=declared or None)
    if decoded is None:
        return inspect_bytes(data, limits)
    seen = decoded.find(data)
    if seen is None:
        seen = inspect_bytes(data, limits)
        decoded.add(data, seen)
    if image.loader is not None:
        decoded.by_loader[image.loader] = seen
    return seen


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
            picture, kind = _open(data)
            with picture:
                width, height = picture.size
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


def _open(data: bytes) -> tuple[Any, str | None]:
    """The picture opened by Pillow, and its format. A plain PNG (most DOCX pictures) or the PDF
    reader's BMP is decoded without any of Pillow's format readers (see plain_pictures); other
    PNGs and BMPs, JPEGs and GIFs go straight to their format's reader: ``Image.open`` first
    imports five format readers, about 10 ms of a one-document run. Anything the direct reader
    refuses goes through ``Image.open``, so a damaged file is judged exactly as before."""
    from PIL import Image as PIL

    from coprolint.plain_pictures import PNG_SIGNATURE, plain_bmp, plain_png

    if data.startswith(PNG_SIGNATURE):
        plain, kind = plain_png(data), "png"
    elif data.startswith(b"BM"):
        plain, kind = plain_bmp(data), "bmp"
    elif data.startswith(b"\xff\xd8\xff") or data[:6] in (b"GIF87a", b"GIF89a"):  # their readers' own tests
        plain, kind = None, "jpeg" if data[0] == 0xFF else "gif"
    else:
        return _named(PIL.open(io.BytesIO(data)))
    if plain is not None:
        return plain, kind
    try:
        picture = _reader(kind)(io.BytesIO(data))
    except Exception:
        return _named(PIL.open(io.BytesIO(data)))
    width, height = picture.size
    if kind in ("jpeg", "gif") and max(1, width) * max(1, height) > PIL.MAX_IMAGE_PIXELS:
        # Image.open checks the size its reader found before handing the picture over. A PNG's or
        # BMP's size needs no check here: inspect_bytes checked sniff_image's reading of the same
        # header, which is never smaller (an old 12-byte BMP header reads far larger there).
        raise PIL.DecompressionBombError(f"{width} x {height} pixels")
    return _named(picture)


def _reader(kind: str) -> Any:
    """The reader Image.open would pick for a file of this kind, imported alone."""
    if kind == "png":
        from PIL.PngImagePlugin import PngImageFile

        return PngImageFile
    if kind == "bmp":
        from PIL.BmpImagePlugin import BmpImageFile

        return BmpImageFile
    if kind == "jpeg":  # the function Image.open calls: it may hand over an MPO
        from PIL.JpegImagePlugin import jpeg_factory

        return jpeg_factory
    from PIL.GifImagePlugin import GifImageFile

    return GifImageFile


def _named(picture: Any) -> tuple[Any, str | None]:
    return picture, (picture.format or "").lower() or None


def _flatten(picture: Any) -> tuple[Any, Any]:
    """RGB pixels and an opacity mask; transparent areas are laid on white, as on a page."""
    from PIL import Image as PIL

    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        mask = _at_least(rgba.getchannel("A"), 128)
        white = PIL.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white, mask
    if picture.mode == "CMYK":
        return picture.convert("RGB"), None
    return picture.convert("RGB"), None


def _at_least(channel: Any, limit: int) -> Any:
    """An "L" mask: 255 where the channel's 0-255 value is at least ``limit``, else 0."""
    return channel.point(_at_least_table(limit))


@functools.cache
def _at_least_table(limit: int) -> tuple[int, ...]:
    """The lookup table for ``_at_least``, built once per limit (a function would be called
    256 times on every use). Pillow still rounds each entry on every call, so callers keep
    the number of thresholds per picture small."""
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
    from PIL import ImageChops

    thumb = inspection.thumbnail
    if thumb is None:
        return 0.0
    _, sat, val = thumb.convert("HSV").split()
    strong = _at_least(sat, min_s)
    opaque = inspection.opaque_mask
    if opaque is not None:
        strong = ImageChops.darker(strong, opaque)  # 255 only where saturated and opaque
    total = _count(opaque) if opaque is not None else thumb.width * thumb.height
    vivid = sum(val.histogram(mask=strong)[max(min_v, 0):])  # bright, among the saturated
    return vivid / total if total else 0.0


def saturated_share_at_most(inspection: Inspection, min_s: int, min_v: int) -> float:
    """A cheap upper bound of ``saturated_share``, to skip the HSV conversion for muted pictures.

    A pixel with saturation >= min_s and value >= min_v has a chroma (largest minus smallest
    channel, as HSV computes it) of at least min_s * min_v / 255: count the pixels that have."""
    from PIL import ImageChops

    thumb = inspection.thumbnail
    if thumb is None:
        return 0.0
    red, green, blue = thumb.split()
    chroma = ImageChops.difference(
        ImageChops.lighter(ImageChops.lighter(red, green), blue), ImageChops.darker(ImageChops.darker(red, green), blue)
    )
    least = math.floor(max(min_s, 0) * max(min_v, 0) / 255 - 0.01)  # a hair low: HSV rounds in floats
    opaque = inspection.opaque_mask
    total = _count(opaque) if opaque is not None else thumb.width * thumb.height
    return sum(chroma.histogram(mask=opaque)[max(least, 0):]) / total if total else 0.0


def _count(mask: Any) -> int:
    """Pixels at 255 in an "L" mask."""
    return int(mask.histogram()[255])


# ---------------------------------------------------------------- collages


class Collage(NamedTuple):
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
PHOTO_MIN_PIXELS = 400  # a photo-like tile has at least this many pixels ...
PHOTO_BIN_SHARE = 0.03  # ... and at least PHOTO_MIN_BINS of its 16 grey bands hold this share each
PHOTO_MIN_BINS = 6

Box = tuple[int, int, int, int]
Profile = tuple[list[bool], list[float]]  # per row: is it flat; share changing sharply into the next


def could_be_collage(inspection: Inspection, min_tiles: int) -> bool:
    """False when the picture's tones alone show it cannot hold ``min_tiles`` photo-like tiles.

    Tiles do not overlap, each covers at least a minimum area, and each needs PHOTO_MIN_BINS grey
    bands holding PHOTO_BIN_SHARE of it: so a band of the whole picture can serve only as many
    tiles as it has pixels for. Flat drawings (maps, logos, text) fail this in one histogram."""
    if min_tiles <= 0:
        return True
    thumb = inspection.thumbnail
    if thumb is None or min(thumb.size) < 48:
        return False
    smallest = max(MIN_TILE_AREA * thumb.width * thumb.height, PHOTO_MIN_PIXELS)
    histogram = grey_thumbnail(inspection).histogram()
    served = 0
    for k in range(0, 256, 16):
        served += min(min_tiles, int(sum(histogram[k : k + 16]) / (PHOTO_BIN_SHARE * smallest) + 1e-6))
    return served >= PHOTO_MIN_BINS * min_tiles


def grey_thumbnail(inspection: Inspection) -> Any:
    """The thumbnail in grey, made once for the collage screen and the collage cut."""
    if inspection.grey is None and inspection.thumbnail is not None:
        inspection.grey = inspection.thumbnail.convert("L")
    return inspection.grey


def find_collage(inspection: Inspection, max_depth: int = 3) -> Collage:
    """Cut the thumbnail along straight full-length gaps and joins, again inside each piece,
    and count the pieces that look like photos (broad spread of tones, no dominant flat colour)."""
    thumb = inspection.thumbnail
    if thumb is None or min(thumb.size) < 48:
        return Collage(0, 0, [])
    leaves: list[Box] = []
    lines = _Cutter(thumb).cut((0, 0, thumb.width, thumb.height), max_depth, leaves)
    if len(leaves) <= 1:
        return Collage(0, 0, [])
    grey = grey_thumbnail(inspection)
    least = MIN_TILE_AREA * thumb.width * thumb.height
    photos = [
        box for box in leaves
        if min(box[2] - box[0], box[3] - box[1]) >= 16 and (box[2] - box[0]) * (box[3] - box[1]) >= least
        and _photo_like(grey.crop(box))
    ]
    return Collage(len(photos), lines, photos)


class _Cutter:
    """Cuts one thumbnail. The sharp steps between neighbouring rows and columns are found once
    for the whole thumbnail; a piece cut off across rows keeps its parent's row profile (same
    pixels in each row), so only its column profile is measured again, and the other way round."""

    def __init__(self, thumb: Any) -> None:
        from PIL import ImageChops

        self.thumb = thumb
        width, height = thumb.size
        down = ImageChops.difference(thumb.crop((0, 0, width, height - 1)), thumb.crop((0, 1, width, height)))
        across = ImageChops.difference(thumb.crop((0, 0, width - 1, height)), thumb.crop((1, 0, width, height)))
        self.steps_down = _any_over(down, SEAM_DIFFERENCE)  # row y to row y + 1
        self.steps_across = _any_over(across, SEAM_DIFFERENCE)  # column x to column x + 1

    def cut(self, box: Box, depth: int, leaves: list[Box], rows: Profile | None = None, cols: Profile | None = None) -> int:
        x0, y0, x1, y1 = box
        if depth == 0 or x1 - x0 < 24 or y1 - y0 < 24:
            leaves.append(box)
            return 0
        rows = rows if rows is not None else self.profile(box, across_rows=True)
        cols = cols if cols is not None else self.profile(box, across_rows=False)
        row_spans, col_spans = _spans(*rows), _spans(*cols)
        if len(row_spans) <= 1 and len(col_spans) <= 1:
            leaves.append(box)
            return 0
        lines = 0
        if len(row_spans) >= len(col_spans):
            lines += len(row_spans) - 1
            for a, b in row_spans:
                lines += self.cut((x0, y0 + a, x1, y0 + b), depth - 1, leaves, rows=(rows[0][a:b], rows[1][a : b - 1]))
        else:
            lines += len(col_spans) - 1
            for a, b in col_spans:
                lines += self.cut((x0 + a, y0, x0 + b, y1), depth - 1, leaves, cols=(cols[0][a:b], cols[1][a : b - 1]))
        return lines

    def profile(self, box: Box, across_rows: bool) -> Profile:
        """Per row (or column) of the box: is it one flat colour; what share of it changes sharply
        into the next. Whole-image Pillow operations only, no per-pixel Python."""
        from PIL import Image as PIL
        from PIL import ImageChops

        x0, y0, x1, y1 = box
        width, height = x1 - x0, y1 - y0
        line = (1, height) if across_rows else (width, 1)  # each row (column) averaged to one pixel
        piece = _part(self.thumb, box)
        means = piece.resize(line, PIL.Resampling.BOX).resize((width, height), PIL.Resampling.NEAREST)
        off = _any_over(ImageChops.difference(piece, means), UNIFORM_DEVIATION)
        uniform = [v / 255 <= 0.02 for v in _line(off.resize(line, PIL.Resampling.BOX))]
        if across_rows:
            steps, step_line = _part(self.steps_down, (x0, y0, x1, y1 - 1)), (1, height - 1)
        else:
            steps, step_line = _part(self.steps_across, (x0, y0, x1 - 1, y1)), (width - 1, 1)
        jumps = [v / 255 for v in _line(steps.resize(step_line, PIL.Resampling.BOX))]
        return uniform, jumps


def _line(image: Any) -> list[int]:
    """The values of a one-pixel-wide or one-pixel-high "L" image, in order. Read through pixel
    access: ``tobytes`` imports Pillow's file-reading base module (~1 ms of a fresh process)."""
    pixels = image.load()
    if image.width == 1:
        return [pixels[0, y] for y in range(image.height)]
    return [pixels[x, 0] for x in range(image.width)]


def _part(image: Any, box: Box) -> Any:
    """The box's pixels; the image itself when the box is all of it (a crop would copy it)."""
    return image if box == (0, 0, image.width, image.height) else image.crop(box)


def _spans(uniform: list[bool], jumps: list[float]) -> list[tuple[int, int]]:
    """Spans between full-length separators: runs of flat rows (gaps) or sharp joins."""
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


def _any_over(difference: Any, limit: int) -> Any:
    """An "L" mask: 255 where any channel of an RGB difference exceeds ``limit``."""
    from PIL import ImageChops

    red, green, blue = difference.split()
    return _at_least(ImageChops.lighter(ImageChops.lighter(red, green), blue), limit + 1)


def _photo_like(grey: Any) -> bool:
    """A photo has a broad spread of tones; text, charts, maps and logos sit on one flat colour."""
    total = grey.width * grey.height
    if total < PHOTO_MIN_PIXELS:
        return False
    histogram = grey.histogram()
    bins = [sum(histogram[k : k + 16]) / total for k in range(0, 256, 16)]
    return (
        max(bins) < 0.45 and sum(1 for b in bins if b >= PHOTO_BIN_SHARE) >= PHOTO_MIN_BINS
        and _deviation(histogram, total) >= 25
    )


def _deviation(histogram: list[int], total: int) -> float:
    """Standard deviation of the grey levels from the histogram already at hand; the same integer
    sums and float steps as Pillow's ImageStat (which would count the pixels again), so the
    cut-off falls in the same place."""
    level_sum = sum(level * count for level, count in enumerate(histogram))
    square_sum = sum(level**2 * count for level, count in enumerate(histogram))
    return math.sqrt((square_sum - level_sum**2 / total) / total)
