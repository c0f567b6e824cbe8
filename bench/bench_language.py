"""How much the plain-language rules (CPL2xx) cost, against reading the document; and what they find.

    python bench/bench_language.py                    # timing over the shared corpus agendas
    python bench/bench_language.py FILE-OR-DIR ...     # timing over your own documents
    python bench/bench_language.py --findings          # findings per rule: corpus agendas, robustness, seeds
    python bench/bench_language.py --findings --dump findings.txt

Floor: reading each document into the model (coprolint.readers.read), best of --repeat.
Measured: all five language checks on the model already read, best of --repeat, in one
warm process. The one-time cost of loading word lists and textstat's pronouncing
dictionary is printed separately, because a batch run pays it once, not per document.
Target: language checks <= 1x reading (the same order of cost).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in (".docx", ".pdf")))
        elif path.exists():
            out.append(path)
    return out


def _language_config():  # type: ignore[no-untyped-def]
    from coprolint.config import Config

    return Config(select=("CPL2",))


def timing(files: list[Path], repeat: int) -> None:
    from coprolint import readers
    from coprolint.engine import run_checks

    config = _language_config()
    start = time.perf_counter()
    from coprolint.language import acronyms, lists, readability

    lists.jargon(), lists.respectful(), lists.acronym_data()
    readability.score(["Warm the pronouncing dictionary up once."])
    acronyms.is_english_word("warm")
    warm = time.perf_counter() - start
    read_total = check_total = 0.0
    rows = []
    for path in files:
        best_read = best_check = float("inf")
        try:
            for _ in range(repeat):
                t0 = time.perf_counter()
                document, _ = readers.read(path)
                t1 = time.perf_counter()
                run_checks(document, config, str(path))
                t2 = time.perf_counter()
                document.close()
                best_read, best_check = min(best_read, t1 - t0), min(best_check, t2 - t1)
        except readers.ReadError:
            continue
        read_total += best_read
        check_total += best_check
        rows.append((best_check / best_read if best_read else 0.0, path.name, best_read, best_check))
    rows.sort(reverse=True)
    print(f"one-time start-up (word lists, textstat, pronouncing dictionary): {warm:.2f} s")
    print(f"{len(rows)} documents: reading {read_total:.2f} s, language checks {check_total:.2f} s, "
          f"ratio {check_total / read_total if read_total else 0:.2f}x (target <= 1x)")
    print("highest ratios:")
    for ratio, name, read, checks in rows[:5]:
        print(f"  {ratio:5.2f}x  read {read * 1000:7.1f} ms  checks {checks * 1000:7.1f} ms  {name}")


def findings(files: list[Path], seeds: list[Path], dump: Path | None) -> None:
    from coprolint import readers
    from coprolint.engine import run_checks
    from coprolint.language.plaintext import document_from_text

    config = _language_config()
    counts: dict[str, Counter[str]] = {"agendas": Counter(), "robustness": Counter(), "seeds": Counter()}
    lines: list[str] = []
    failures = 0
    for path in files:
        group = "agendas" if "agendas" in path.parts else "robustness"
        try:
            document, _ = readers.read(path)
        except readers.ReadError:
            continue
        except Exception as exc:  # a reader fault is not ours to measure here, but say so
            lines.append(f"{path.name}: reader failed: {type(exc).__name__}: {exc}")
            continue
        try:
            found, failed = run_checks(document, config, path.name)
        finally:
            document.close()
        failures += len(failed)
        for f in found + failed:
            counts[group][f.code] += 1
            lines.append(f"{path.name}:{f.location.label()}: {f.code} {f.message}")
    for path in seeds:
        document = document_from_text(path.read_text(encoding="utf-8", errors="replace"), path.name)
        found, failed = run_checks(document, config, path.name)
        failures += len(failed)
        for f in found + failed:
            counts["seeds"][f.code] += 1
            lines.append(f"{path.name}:{f.location.label()}: {f.code} {f.message}")
    for group, counter in counts.items():
        print(f"{group:<11} " + "  ".join(f"{code} {n}" for code, n in sorted(counter.items())))
    print(f"check failures (CPL000): {failures}")
    if dump:
        dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} findings to {dump}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--findings", action="store_true")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    if args.findings:
        files = _files(args.paths or [str(SHARED / "corpus" / "agendas"), str(SHARED / "corpus" / "robustness")])
        seeds = sorted((SHARED / "seeds").glob("*.txt")) if not args.paths else []
        findings(files, seeds, args.dump)
    else:
        timing(_files(args.paths or [str(SHARED / "corpus" / "agendas")]), args.repeat)


if __name__ == "__main__":
    main()
