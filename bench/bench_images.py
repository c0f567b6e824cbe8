"""Cost of the image rules per picture: decoding to a thumbnail, then each pixel measure.

    python bench/bench_images.py [FOLDER]   # default: the real pictures in fixtures/images/pictures

Prints milliseconds per picture for each step and the ratio of the whole image work to
reading the picture's bytes (the floor: nothing can be faster than getting the data).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coprolint.imaging import find_collage, inspect_bytes, saturated_share

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main(folder: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"))
    rows = []
    for path in files:
        data = path.read_bytes()
        floor = timed(lambda: path.read_bytes())
        seen = inspect_bytes(data)
        if seen.problem:
            continue
        decode = timed(lambda: inspect_bytes(data))
        share = timed(lambda: saturated_share(seen, 150, 130))
        collage = timed(lambda: find_collage(seen))
        rows.append((path.name, seen.width, seen.height, floor, decode, share, collage))
    print(f"{'picture':40} {'pixels':>11} {'read':>7} {'decode':>7} {'vivid':>7} {'collage':>8} {'total':>7} {'ratio':>7}")
    for name, w, h, floor, decode, share, collage in rows:
        total = decode + share + collage
        print(f"{name[:40]:40} {w:>5}x{h:<5} {floor:7.2f} {decode:7.2f} {share:7.2f} {collage:8.2f} {total:7.2f} {total / max(floor, 1e-3):7.0f}x")
    if rows:
        totals = [r[4] + r[5] + r[6] for r in rows]
        print(f"\n{len(rows)} pictures: mean {sum(totals) / len(totals):.1f} ms, max {max(totals):.1f} ms per picture "
              f"(decode + vivid share + collage)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures" / "images" / "pictures")
