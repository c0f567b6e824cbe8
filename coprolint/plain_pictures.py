"""The two commonest picture layouts decoded straight into Pillow images, without its format readers.

A one-document run paid ~7 ms importing Pillow's PNG reader (and what it imports: fractions,
decimal, the palette module) and ~3 ms for its BMP reader, to decode pictures that need
none of their options. Here a PNG of 8-bit grey or colour, with or without alpha, made of
nothing but the chunks listed below, and the uncompressed BMPs the PDF reader hands over,
go to Pillow's own "zip" and "raw" pixel decoders with the settings its readers would pick,
so the pixels are the same. Anything else, and anything that looks damaged, returns None and
is left to Pillow's readers, so their verdict on odd or broken files stands unchanged.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from PIL.Image import Image as PilImage

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# (bit depth, colour type) -> Pillow mode; each is stored in the file in its mode's own layout.
_PNG_MODES = {(8, 0): "L", (8, 2): "RGB", (8, 4): "LA", (8, 6): "RGBA"}
# Ancillary chunks Pillow's reader takes in without a check that could fail, at the one
# length the PNG specification gives them. Text, colour profiles, transparency, palettes
# and animation are not here: their handling can refuse a file or change its pixels.
_PLAIN_CHUNKS = {b"gAMA": 4, b"sRGB": 1, b"pHYs": 9, b"cHRM": 32}
# The palette of the 256 greys in order (BGRx), as the PDF reader writes it for a grey bitmap.
GREY_PALETTE = bytes(value for level in range(256) for value in (level, level, level, 0))


def plain_png(data: bytes) -> PilImage | None:
    """The pixels of a plain, intact, non-interlaced 8-bit PNG; None for any other file."""
    if not data.startswith(PNG_SIGNATURE) or len(data) < 45 or data[8:16] != b"\x00\x00\x00\rIHDR":
        return None
    width, height, depth, colour, compression, filtering, interlace = struct.unpack_from(">IIBBBBB", data, 16)
    mode = _PNG_MODES.get((depth, colour))
    if mode is None or compression or filtering or interlace or not width or not height or not _crc_ok(data, 8, 13):
        return None
    pieces: list[memoryview] = []
    view = memoryview(data)
    pos, after_pixels = 33, False
    while True:
        if pos + 12 > len(data):
            return None  # no IEND: cut short
        length, kind = struct.unpack_from(">I4s", data, pos)
        if pos + 12 + length > len(data):
            return None
        if kind == b"IEND":
            break
        if kind == b"IDAT":
            if after_pixels:
                return None  # pixel data split by another chunk: not a plain file
            pieces.append(view[pos + 8 : pos + 8 + length])
        elif _PLAIN_CHUNKS.get(kind) != length or (not pieces and not _crc_ok(data, pos, length)):
            return None  # Pillow checks the checksums of the chunks before the pixels only
        elif pieces:
            after_pixels = True
        pos += 12 + length
    if not pieces:
        return None
    return _decode(mode, (width, height), b"".join(pieces), "zip", (mode,))


def plain_bmp(data: bytes) -> PilImage | None:
    """The pixels of a BMP laid out as the PDF reader writes them (top-down, BITMAPV4HEADER:
    8-bit grey palette, 24-bit BGR, 32-bit BGRx, or 32-bit BGRA by bit masks); None otherwise."""
    if len(data) < 122 or data[:2] != b"BM":
        return None
    size, offset, header = struct.unpack_from("<I4xII", data, 2)
    width, height, planes, bits, compression, stored, _, _, colours = struct.unpack_from("<iiHHIIiiI", data, 18)
    if size != len(data) or header != 108 or planes != 1 or width <= 0 or not -(1 << 24) < height < 0:
        return None  # Pillow takes a height as top-down by its top byte: keep to heights it reads so
    height = -height
    row = ((width * bits + 31) >> 3) & ~3
    if stored != row * height or offset + stored != len(data):
        return None
    masks = struct.unpack_from("<4I", data, 54)
    if (bits, compression) == (8, 0):
        if colours != 256 or offset != 122 + 1024 or data[122:offset] != GREY_PALETTE:
            return None
        mode, raw = "L", "L"  # a palette of the 256 greys in order: Pillow reads it as grey
    elif (bits, compression) == (24, 0) and offset == 122:
        mode, raw = "RGB", "BGR"
    elif (bits, compression) == (32, 0) and offset == 122:
        mode, raw = "RGB", "BGRX"
    elif (bits, compression) == (32, 3) and offset == 122 and masks == (0xFF0000, 0xFF00, 0xFF, 0xFF000000):
        mode, raw = "RGBA", "BGRA"
    else:
        return None
    return _decode(mode, (width, height), memoryview(data)[offset:], "raw", (raw, row, 1))


def _decode(mode: str, size: tuple[int, int], pixels: bytes | memoryview, decoder: str, args: tuple[object, ...]) -> PilImage | None:
    """Pillow's decoder run over the pixel data; None when it finds the data short or broken.
    The image starts unfilled (``Image.frombytes`` would first paint it black): the decoder
    writes every pixel, or fails."""
    from PIL import Image as PIL

    try:
        picture = PIL.new(mode, size, None)
        picture.frombytes(pixels, decoder, args)
    except (ValueError, OSError, MemoryError):
        return None
    return picture


def _crc_ok(data: bytes, pos: int, length: int) -> bool:
    """Whether the PNG chunk at ``pos`` (``length`` bytes of data) matches its checksum."""
    return zlib.crc32(data[pos + 4 : pos + 8 + length]) == struct.unpack_from(">I", data, pos + 8 + length)[0]

