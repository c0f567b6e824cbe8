"""Limits that keep hostile or huge files from exhausting memory or time.

Checked before work is done: a ZIP part's declared size before inflating it, a
page count before walking pages, an image's pixel count before decoding it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a reader may take in from one file before refusing it."""

    max_file_bytes: int = 300 * 1024 * 1024  # a document larger than this is refused outright
    max_part_bytes: int = 256 * 1024 * 1024  # one inflated ZIP part (DOCX XML, an image)
    max_total_bytes: int = 1024 * 1024 * 1024  # all inflated parts together
    max_ratio: float = 200.0  # inflated/compressed for a large part: zip bombs run far above
    ratio_floor_bytes: int = 10 * 1024 * 1024  # parts smaller than this are never judged by ratio
    max_pages: int = 2000  # PDF pages read; beyond it the rest is skipped with a note
    max_image_pixels: int = 64_000_000  # decoding more than this is a decompression bomb
    thumbnail_px: int = 256  # pixel checks work on a thumbnail this size at most


LIMITS = Limits()
