"""Batch throughput against the reading floor: all rules, one and two workers, cold and cached, start-up.

    python bench/bench_batch.py                 # 200 generated agendas (100 DOCX, 100 PDF, 1-26 pages, with pictures)
    python bench/bench_batch.py --count 400     # more
    python bench/bench_batch.py --fresh         # generate the agendas again (they are kept in bench/out/batch)

Every coprolint figure is a fresh `coprolint check` process over the whole folder, as a user
runs it, so start-up and warm-up are included (spread over the documents). Measured:

- floor: the reading floors of bench_read_docx.py (zipfile + lxml, styles resolved) and
  bench_read_pdf.py (pdfium objects and text), in this process;
- all rules with --jobs 1 and --jobs 2, without the cache (cold), each round right after a
  floor measurement, best of --repeat rounds;
- the same folder twice with the cache: the first run fills it, the second reads from it;
- start-up: one 2-page DOCX through a fresh `coprolint check --no-cache` against `coprolint --version`,
  run in turn, best of --startup-repeat each.

coprolint's bytecode is compiled first, as pip does when it installs a package.

Targets (issue 6): all rules <= 3x the floor per document; --jobs 2 >= 1.7x --jobs 1; a cached
re-run >= 20x faster than a cold one; the 2-page start-up < 3x --version. Machines differ and
other work on the machine skews timings: compare ratios, on a quiet machine.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "batch"
TODAY = "2026-12-01"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))


def _bench_module(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- the agendas

PARAGRAPHS = [
    "We will look at the plans for the new carers' café and ask what you think of them.",
    "There will be time for questions after each item, and a break with tea and coffee.",
    "Please tell us before the day if you need a quiet space, a hearing loop or an interpreter.",
    "The Integrated Care Board will share how it plans to leverage stakeholder synergies going forward.",  # jargon, acronym
    "Sam Jones will take notes, and we will send them to everyone within two weeks of the meeting.",
]


def _pages(index: int, count: int) -> int:
    return 1 + (index * 25) // max(count - 1, 1)


def make_docx(path: Path, index: int, pages: int) -> None:
    from makers.common import add_picture, add_table, docx_base, map_picture, portrait_picture

    font = "Times New Roman" if index % 5 == 0 else "Arial"  # some documents break the font rule
    doc = docx_base(font, 12, title=f"Carers' Voice Group meeting {index}")
    doc.add_heading(f"Carers' Voice Group meeting {index}", level=1)
    doc.add_paragraph("Thursday 14 January 2027, 10:00 to 13:00, Room 2, Oak House, 12 Station Road, Walsall WS1 1AA")
    add_picture(doc, map_picture(), 300, "Map showing how to find Oak House" if index % 4 else None)
    for page in range(pages):
        doc.add_heading(f"Item {page + 1}: what we will talk about", level=2)
        for n in range(6):
            doc.add_paragraph(PARAGRAPHS[(page + n) % len(PARAGRAPHS)] + " " + PARAGRAPHS[(page + 2 * n) % len(PARAGRAPHS)])
        add_table(doc, [["Time", "What we will do", "Who"]] + [[f"{10 + r}:00", f"Part {r} of item {page + 1}", "Priya Shah"] for r in range(5)])
        if page % 4 == 1:
            add_picture(doc, portrait_picture(), 120, "Photo of Priya Shah, who will chair the meeting")
    doc.save(path)


def make_pdf(path: Path, index: int, pages: int) -> None:
    from makers.common import PdfBlock, map_picture, portrait_picture, write_pdf

    blocks = [
        PdfBlock("heading1", f"Carers' Voice Group meeting {index}"),
        PdfBlock("para", "Thursday 14 January 2027, 10:00 to 13:00, Room 2, Oak House, 12 Station Road, Walsall WS1 1AA"),
        PdfBlock("image", image=map_picture(), alt="Map showing how to find Oak House" if index % 4 else None, width_pt=300),
    ]
    for page in range(pages):
        blocks.append(PdfBlock("heading2", f"Item {page + 1}: what we will talk about"))
        for n in range(5):
            blocks.append(PdfBlock("para", PARAGRAPHS[(page + n) % len(PARAGRAPHS)] + " " + PARAGRAPHS[(page + 2 * n) % len(PARAGRAPHS)]))
        blocks.append(PdfBlock("table", rows=[["Time", "What we will do", "Who"]] + [[f"{10 + r}:00", f"Part {r}", "Priya Shah"] for r in range(4)]))
        if page % 4 == 1:
            blocks.append(PdfBlock("image", image=portrait_picture(), alt="Photo of Priya Shah", width_pt=120))
    write_pdf(path, blocks, font="Carlito" if index % 3 else "Liberation Sans", title=f"Carers' Voice Group meeting {index}")


def generate(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    half = count // 2
    for index in range(count):
        kind = "docx" if index % 2 == 0 else "pdf"
        pages = _pages(index // 2, half)
        path = folder / f"agenda-{index + 1:03d}-{pages:02d}p.{kind}"
        if not path.exists():
            (make_docx if kind == "docx" else make_pdf)(path, index, pages)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- measures


def floor_seconds(paths: list[Path], repeat: int) -> float:
    """Both readers' floors over the folder: the least any reader of these files could cost."""
    docx_floor = _bench_module("bench_read_docx").floor_read
    pdf_floor = _bench_module("bench_read_pdf").floor
    docx = [p for p in paths if p.suffix == ".docx"]
    pdf = [p for p in paths if p.suffix == ".pdf"]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for path in docx:
            docx_floor(path)
        pdf_floor(pdf, True)
        best = min(best, time.perf_counter() - started)
    return best


def breakdown(paths: list[Path], top: int = 12) -> list[tuple[str, float]]:
    """In this process, warm: ms per document spent reading and in each rule, over a sample."""
    from coprolint import readers
    from coprolint.catalog import load_catalogue
    from coprolint.config import Config
    from coprolint.engine import RuleContext, registered_checks, warm_checks

    warm_checks()
    catalogue, checks, config = load_catalogue(), registered_checks(), Config(today=TODAY)
    spent: dict[str, float] = {}
    sample = paths[::4] + paths[1::4]
    for round_ in range(2):  # the first round loads what checks load lazily; only the second counts
        for path in sample:
            started = time.perf_counter()
            document, _ = readers.read(path)
            label = f"reading {path.suffix[1:].upper()}"
            spent[label] = spent.get(label, 0.0) + (time.perf_counter() - started) * round_
            shared: dict[str, object] = {}
            for code, fn in sorted(checks.items()):
                started = time.perf_counter()
                fn(document, RuleContext(catalogue[code], config, str(path), shared))
                label = f"{code} {catalogue[code].name}"
                spent[label] = spent.get(label, 0.0) + (time.perf_counter() - started) * round_
            document.close()
    per_doc = sorted(((label, seconds / len(sample) * 1000) for label, seconds in spent.items()), key=lambda x: -x[1])
    return per_doc[:top] + [("all reading and rules", sum(v for _, v in per_doc))]


def isolation_cost(paths: list[Path]) -> tuple[float, float]:
    """Seconds for the folder linted in this process, and through one worker process (--jobs 1), both warm."""
    from coprolint import batch
    from coprolint.config import Config
    from coprolint.engine import lint_file

    config = Config(today=TODAY)
    jobs = [batch.Job(i, p, str(p), config, p.stat().st_size) for i, p in enumerate(paths)]
    batch.warm(jobs)
    started = time.perf_counter()
    for path in paths:
        lint_file(path, config)
    in_process = time.perf_counter() - started
    started = time.perf_counter()
    batch.lint_jobs(jobs, 1, use_cache=False, progress_enabled=False)
    return in_process, time.perf_counter() - started


def coprolint(*args: str, env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "coprolint", *args], capture_output=True, text=True, env=env)
    took = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"coprolint {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took


def best_of(repeat: int, *args: str, env: dict[str, str] | None = None) -> float:
    return min(coprolint(*args, env=env) for _ in range(repeat))


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs for each measure")
    parser.add_argument("--startup-repeat", type=int, default=15, help="best of this many runs for each start-up measure")
    parser.add_argument("--fresh", action="store_true", help="generate the agendas again")
    parser.add_argument("--folder", type=Path, default=OUT)
    args = parser.parse_args()

    if args.fresh and args.folder.exists():
        shutil.rmtree(args.folder)
    # Bytecode as an installed coprolint has it (pip compiles at install time): without this, a
    # checkout run with PYTHONDONTWRITEBYTECODE set recompiles every edited module in each process.
    compileall.compile_dir(ROOT / "coprolint", quiet=1)
    started = time.perf_counter()
    paths = generate(args.folder, args.count)
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} agendas ({sum(p.suffix == '.docx' for p in paths)} DOCX, {sum(p.suffix == '.pdf' for p in paths)} PDF, "
          f"1-26 pages, {size:.1f} MB) ready in {time.perf_counter() - started:.1f} s in {args.folder}")
    n = len(paths)
    report = tempfile.mkdtemp(prefix="coprolint-bench-")
    out = str(Path(report) / "report.json")
    common = ["check", "--today", TODAY, "--format", "json", "--output", out, "--no-progress"]
    folder = str(args.folder)

    # Each round measures the floor and both cold runs back to back, and each figure is the best
    # of its rounds: the speed of a shared machine drifts by tens of percent within minutes, and
    # a floor measured at the start of the run cannot be compared with folders linted later.
    rounds = [(floor_seconds(paths, 1),
               coprolint(*common, "--no-cache", "--jobs", "1", folder),
               coprolint(*common, "--no-cache", "--jobs", "2", folder)) for _ in range(args.repeat)]
    floor, cold1, cold2 = (min(r[i] for r in rounds) for i in range(3))
    cache_dir = Path(report) / "cache"
    env = {**os.environ, "COPROLINT_CACHE_DIR": str(cache_dir)}
    filling = coprolint(*common, "--jobs", "2", folder, env=env)  # cold, and writes the cache
    cached = best_of(max(args.repeat, 3), *common, "--jobs", "2", folder, env=env)

    # Start-up: the three commands in turn, best of --startup-repeat each, for the same reason.
    two_page = next(p for p in paths if p.suffix == ".docx" and p.name.endswith("-02p.docx"))
    starts = [(coprolint("--version"),
               coprolint("check", "--today", TODAY, "--no-cache", str(two_page)),
               coprolint("check", "--today", TODAY, str(two_page), env=env)) for _ in range(args.startup_repeat)]
    version, startup, startup_cached = (min(s[i] for s in starts) for i in range(3))
    shutil.rmtree(report, ignore_errors=True)

    ms = lambda seconds: seconds / n * 1000  # noqa: E731
    print(f"\n{'measure':44} {'total s':>8} {'ms/doc':>8} {'docs/s':>8}")
    for label, seconds in (("reading floor (DOCX + PDF floors, in-process)", floor),
                           ("all rules, --jobs 1, cold", cold1), ("all rules, --jobs 2, cold", cold2),
                           ("all rules, --jobs 2, cold, filling the cache", filling),
                           ("all rules, --jobs 2, from the cache", cached)):
        print(f"{label:44} {seconds:8.2f} {ms(seconds):8.1f} {n / seconds:8.1f}")
    print(f"\n{'start-up (fresh process)':44} {'seconds':>8}")
    print(f"{'coprolint --version':44} {version:8.3f}")
    print(f"{'check one 2-page DOCX, no cache':44} {startup:8.3f}")
    print(f"{'check one 2-page DOCX, cached':44} {startup_cached:8.3f}")

    print("\nratios against the targets")
    rows = [
        ("all rules (--jobs 1) / reading floor", cold1 / floor, "<= 3x", cold1 / floor <= 3),
        ("all rules (--jobs 2) / reading floor", cold2 / floor, "(for reference)", True),
        ("--jobs 2 speed-up over --jobs 1", cold1 / cold2, ">= 1.7x", cold1 / cold2 >= 1.7),
        ("cached re-run speed-up over cold (--jobs 2)", filling / cached, ">= 20x", filling / cached >= 20),
        ("2-page DOCX check / --version", startup / version, "< 3x", startup / version < 3),
        ("2-page DOCX check, cached / --version", startup_cached / version, "(for reference)", True),
    ]
    for label, ratio, target, ok in rows:
        print(f"  {label:44} {ratio:7.2f}x  target {target:16} {verdict(ok) if target[0] in '<>' else ''}")
    here, isolated = isolation_cost(paths)
    print(f"\nisolation: in this process {ms(here):.1f} ms/doc, through one worker process {ms(isolated):.1f} ms/doc "
          f"({(isolated / here - 1) * 100:+.0f}%)")
    print("\nwhere the time goes (one warm process, ms per document, averaged over both formats)")
    for label, value in breakdown(paths):
        print(f"  {label:44} {value:7.1f}")
    try:
        load = os.getloadavg()[0]
        print(f"\nload average during the run: {load:.1f} on {os.cpu_count()} cores (a busy machine lowers the speed-ups)")
    except OSError:
        pass


if __name__ == "__main__":
    main()
