"""The one-line-per-finding report, like a code linter, with a short summary."""

from __future__ import annotations

from typing import TextIO

from coprolint.engine import FileResult, count_by_severity


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def write(results: list[FileResult], out: TextIO, show_fixes: bool = True, color: bool = False) -> None:
    styles = {"error": "\x1b[31m", "warning": "\x1b[33m", "suggestion": "\x1b[36m"}
    for result in results:
        for finding in result.findings:
            severity = finding.severity
            if color:
                severity = f"{styles[severity]}{severity}\x1b[0m"
            review = " (needs review)" if finding.needs_review else ""
            out.write(f"{finding.file}:{finding.location.label()}: {finding.code} {severity}{review} {finding.message}\n")
            if show_fixes and finding.suggestion:
                out.write(f"    fix: {finding.suggestion}\n")
    write_summary(results, out)


def write_summary(results: list[FileResult], out: TextIO) -> None:
    findings = [f for r in results for f in r.findings]
    counts = count_by_severity(findings)
    with_findings = sum(1 for r in results if r.findings)
    unreadable = [r for r in results if r.status == "unreadable"]
    if not findings:
        out.write(f"All clear: {_plural(len(results), 'file')} checked, nothing found.\n")
        return
    if len(results) > 1:
        from coprolint.output.summary import write_details

        write_details(results, out)
    out.write(
        f"{_plural(len(results), 'file')} checked: "
        f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
        f"{_plural(counts['suggestion'], 'suggestion')} in {_plural(with_findings, 'file')}."
    )
    if unreadable:
        out.write(f" {_plural(len(unreadable), 'file')} could not be read.")
    out.write("\n")
