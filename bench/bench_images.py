"""Cost of the image rules per picture: decoding to a thumbnail, then each pixel measure.

    python bench/bench_images.py [FOLDER]   # default: the real pictures in fixtures/images/pictures

Prints milliseconds per picture for each step and the ratio of the whole image work to
reading the picture's bytes (the floor: nothing can be faster than getting the data).
"total" is what the rules spend with the default options: the cheap screens always, the full
vivid share and the collage cut only for pictures the screens do not rule out.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coprolint.imaging import could_be_collage, find_collage, inspect_bytes, saturated_share, saturated_share_at_most

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
        bound = timed(lambda: saturated_share_at_most(seen, 150, 130))
        share = timed(lambda: saturated_share(seen, 150, 130))
        screen = timed(lambda: could_be_collage(seen, 4))
        collage = timed(lambda: find_collage(seen))
        total = decode + bound + screen
        total += share if saturated_share_at_most(seen, 150, 130) >= 0.5 else 0.0
        total += collage if could_be_collage(seen, 4) else 0.0
        rows.append((path.name, seen.width, seen.height, floor, decode, bound, share, screen, collage, total))
    print(f"{'picture':32} {'pixels':>11} {'read':>6} {'decode':>7} {'bound':>6} {'vivid':>6} {'screen':>6} "
          f"{'collage':>7} {'total':>6} {'ratio':>6}")
    for name, w, h, floor, decode, bound, share, screen, collage, total in rows:
        print(f"{name[:32]:32} {w:>5}x{h:<5} {floor:6.2f} {decode:7.2f} {bound:6.2f} {share:6.2f} {screen:6.2f} "
              f"{collage:7.2f} {total:6.2f} {total / max(floor, 1e-3):6.0f}x")
    if rows:
        totals = [r[-1] for r in rows]
        print(f"\n{len(rows)} pictures: mean {sum(totals) / len(totals):.1f} ms, max {max(totals):.1f} ms per picture "
              f"(decode + screens + the full measures the screens leave)")

if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures" / "images" / "pictures")
