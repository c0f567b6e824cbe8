"""Milliseconds per rule per document on the bench_batch agendas, and each against the reading floor.

    python bench/bench_rules.py              # bench/out/batch (bench_batch.py makes it)
    python bench/bench_rules.py --top 30

One warm process (bench_batch.breakdown): every check runs on half of the agendas after a
warm-up round; work shared through ctx.memo is charged to the first check that asks for it.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "bench_batch.py")
assert spec and spec.loader
bench_batch = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=bench_batch.OUT)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    paths = sorted(p for p in args.folder.iterdir() if p.suffix in (".docx", ".pdf"))
    if not paths:
        raise SystemExit(f"no agendas in {args.folder}: run bench/bench_batch.py first")
    floor_ms = bench_batch.floor_seconds(paths, 2) / len(paths) * 1000
    print(f"{len(paths)} agendas; reading floor {floor_ms:.2f} ms per document\n")
    print(f"{'':44} {'ms/doc':>7} {'x floor':>8}")
    for label, value in bench_batch.breakdown(paths, args.top):
        print(f"  {label:44} {value:7.2f} {value / floor_ms:7.2f}x")


if __name__ == "__main__":
    main()
