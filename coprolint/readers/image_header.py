"""Pixel size, format and frame count of an image from its first bytes, without decoding it.

Readers call this on the head of an embedded picture (a few KB) so that the model knows
an image's size cheaply; decoding pixels is left to the checks that need them.
"""

from __future__ import annotations

import struct
from typing import NamedTuple


class ImageHeader(NamedTuple):
    """What a picture's first bytes say: its format, size and frame count. A named tuple, not a
    dataclass: the DOCX reader imports this on every run, and making a dataclass costs ~1 ms."""

    format: str | None = None
    width: int | None = None
    height: int | None = None
    frames: int | None = None  # None when the head does not tell
    complete: bool = True  # False when a longer head might tell more (JPEG size after big metadata)


# JPEG start-of-frame markers (baseline, progressive, lossless...), not DHT/JPG/DAC.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def sniff_image(head: bytes, whole: bool = False) -> ImageHeader:
    """What the head says; ``whole`` when ``head`` is the entire file (frame counts can be exact)."""
    try:
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(head)
        if head.startswith(b"\xff\xd8"):
            return _jpeg(head)
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return _gif(head, whole)
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return _webp(head, whole)
        if head[:2] == b"BM" and len(head) >= 26:
            # The oldest BMP header (12 bytes, OS/2 and Windows 2) keeps the size in two 16-bit
            # fields; every later one in two signed 32-bit fields.
            layout = "<HH" if struct.unpack_from("<I", head, 14)[0] == 12 else "<ii"
            width, height = struct.unpack_from(layout, head, 18)
            return ImageHeader("bmp", abs(width), abs(height), 1)
        if head[:4] in (b"II*\x00", b"MM\x00*"):
            return ImageHeader("tiff")
        if head[:4] == b"\xd7\xcd\xc6\x9a" or head[:4] == b"\x01\x00\x09\x00" or head[:4] == b"\x02\x00\x09\x00":
            return ImageHeader("wmf")
        if head[:4] == b"\x01\x00\x00\x00" and head[40:44] == b" EMF":
            return ImageHeader("emf")
        stripped = head.lstrip()[:256].lower()
        if stripped.startswith(b"<svg") or (stripped.startswith(b"<?xml") and b"<svg" in head[:1024].lower()):
            return ImageHeader("svg")
    except struct.error:
        pass
    return ImageHeader()


def _png(head: bytes) -> ImageHeader:
    if len(head) < 24 or head[12:16] != b"IHDR":
        return ImageHeader("png", complete=False)
    width, height = struct.unpack_from(">II", head, 16)
    # An animated PNG announces itself with acTL before the first IDAT.
    pos = 8
    while pos + 8 <= len(head):
        length, kind = struct.unpack_from(">I4s", head, pos)
        if kind == b"acTL" and pos + 12 <= len(head):
            return ImageHeader("png", width, height, struct.unpack_from(">I", head, pos + 8)[0])
        if kind in (b"IDAT", b"IEND"):
            return ImageHeader("png", width, height, 1)
        pos += 12 + length
    return ImageHeader("png", width, height, None, complete=False)


def _jpeg(head: bytes) -> ImageHeader:
    pos = 2
    while pos + 4 <= len(head):
        if head[pos] != 0xFF:
            pos += 1  # tolerate padding between segments
            continue
        marker = head[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack_from(">H", head, pos + 2)[0]
        if marker in _SOF:
            if pos + 9 > len(head):
                break
            height, width = struct.unpack_from(">HH", head, pos + 5)
            return ImageHeader("jpeg", width, height, 1)
        if marker == 0xDA:  # start of scan without a frame header: give up
            return ImageHeader("jpeg", frames=1)
        pos += 2 + length
    return ImageHeader("jpeg", frames=1, complete=False)


def _gif(head: bytes, whole: bool) -> ImageHeader:
    width, height = struct.unpack_from("<HH", head, 6)
    if not whole:
        return ImageHeader("gif", width, height, None, complete=False)
    # Walk the blocks and count image descriptors: more than one is an animation.
    flags = head[10]
    pos = 13 + (3 * (2 ** ((flags & 7) + 1)) if flags & 0x80 else 0)
    frames = 0
    while pos < len(head):
        block = head[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            pos += 2
        elif block == 0x2C:  # image descriptor, optional local colour table, LZW size, sub-blocks
            frames += 1
            local = head[pos + 9]
            pos += 10 + (3 * (2 ** ((local & 7) + 1)) if local & 0x80 else 0) + 1
        else:
            break
        while pos < len(head) and head[pos]:
            pos += head[pos] + 1
        pos += 1
    return ImageHeader("gif", width, height, frames or None)


def _webp(head: bytes, whole: bool) -> ImageHeader:
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:
        animated = bool(head[20] & 0x02)
        width = 1 + int.from_bytes(head[24:27], "little")
        height = 1 + int.from_bytes(head[27:30], "little")
        if not animated:
            return ImageHeader("webp", width, height, 1)
        return ImageHeader("webp", width, height, _count_webp_frames(head) if whole else None, complete=whole)
    if chunk == b"VP8 " and len(head) >= 30:
        width, height = struct.unpack_from("<HH", head, 26)
        return ImageHeader("webp", width & 0x3FFF, height & 0x3FFF, 1)
    if chunk == b"VP8L" and len(head) >= 25:
        bits = int.from_bytes(head[21:25], "little")
        return ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 1)
    return ImageHeader("webp", complete=False)


def _count_webp_frames(data: bytes) -> int | None:
    pos, frames = 12, 0
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if kind == b"ANMF":
            frames += 1
        pos += 8 + size + (size & 1)
    return frames or None
