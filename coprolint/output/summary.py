"""The summary under a text report of several files: what was read, what was found, where most.

A comms team scanning a shared drive reads this first: how many documents were checked,
which could not be read and why, which rules fire most, and which documents need work first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TextIO

from coprolint.engine import FileResult

SHOWN_UNREADABLE = 20
SHOWN_WORST = 5
SEVERITY_WORDS = (("error", "error", "errors"), ("warning", "warning", "warnings"),
                  ("suggestion", "suggestion", "suggestions"))


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{counter[key]} {one if counter[key] == 1 else many}"
                     for key, one, many in SEVERITY_WORDS if counter[key])


def write_details(results: list[FileResult], out: TextIO) -> None:
    unreadable = [r for r in results if r.status == "unreadable"]
    failed = [r for r in results if r.status == "failed"]
    out.write(f"\nSummary: {len(results)} files, {len(results) - len(unreadable)} read")
    out.write(f", {len(unreadable)} could not be read" if unreadable else "")
    out.write(f", {len(failed)} only partly checked (coprolint failed on them)" if failed else "")
    out.write("\n")
    if unreadable:
        out.write("Could not be read:\n")
        for result in unreadable[:SHOWN_UNREADABLE]:
            out.write(f"  {result.file}: {result.reason}\n")
        if len(unreadable) > SHOWN_UNREADABLE:
            out.write(f"  ... and {len(unreadable) - SHOWN_UNREADABLE} more\n")
    by_rule: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for result in results:
        for finding in result.findings:
            by_rule[(finding.code, finding.name)][finding.severity] += 1
    if by_rule:
        out.write("Findings by rule:\n")
        width = max(len(name) for _, name in by_rule)
        for (code, name), counter in sorted(by_rule.items()):
            out.write(f"  {code}  {name:<{width}}  {_counts(counter)}\n")
    worst = sorted(((sum(f.severity == "error" for f in r.findings), r.file) for r in results), key=lambda x: (-x[0], x[1]))
    worst = [(count, file) for count, file in worst if count][:SHOWN_WORST]
    if worst:
        out.write("Most errors:\n")
        width = len(str(worst[0][0]))
        for count, file in worst:
            out.write(f"  {count:>{width}} {'error ' if count == 1 else 'errors'}  {file}\n")
