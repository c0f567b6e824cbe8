"""JUnit XML, which most CI servers show as a test report: one test case per document.

A document fails when it has a finding at or above its ``fail-on`` severity (as the exit
status does); findings below that bar are listed in the case's output. A file that coprolint
itself failed on is an ``error`` rather than a failure. A case's time is how long that document
took in this run (0 when it came from the cache).
"""

from __future__ import annotations

from typing import Mapping, TextIO
from xml.etree import ElementTree as ET

from coprolint.catalog import SEVERITY_RANK
from coprolint.engine import FileResult, Finding


def _line(finding: Finding) -> str:
    review = " (needs review)" if finding.needs_review else ""
    text = f"{finding.location.label()}: {finding.code} {finding.severity}{review} {finding.message}"
    return text + (f"\n    fix: {finding.suggestion}" if finding.suggestion else "")


def build(results: list[FileResult], fail_on: str | Mapping[str, str] = "error") -> ET.Element:
    suites = ET.Element("testsuites", name="coprolint")
    suite = ET.SubElement(suites, "testsuite", name="coprolint")
    failures = errors = 0
    for result in results:
        bar = SEVERITY_RANK[fail_on if isinstance(fail_on, str) else fail_on.get(result.file, "error")]
        case = ET.SubElement(suite, "testcase", name=result.file, classname=f"coprolint.{result.format or 'unknown'}",
                             file=result.file, time=f"{result.seconds:.3f}")
        failing = [f for f in result.findings if SEVERITY_RANK[f.severity] >= bar]
        if result.status == "failed":
            errors += 1
            element = ET.SubElement(case, "error", message=result.reason or "coprolint failed on this file",
                                    type="CPL000")
            element.text = "\n".join(_line(f) for f in result.findings if f.code == "CPL000")
        elif failing:
            failures += 1
            first = failing[0]
            summary = f"{len(failing)} finding{'s' if len(failing) != 1 else ''}: {first.code} {first.message}"
            element = ET.SubElement(case, "failure", message=summary, type=first.code)
            element.text = "\n".join(_line(f) for f in failing)
        others = [f for f in result.findings if f not in failing and f.code != "CPL000"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    counts = {"tests": len(results), "failures": failures, "errors": errors, "skipped": 0}
    for element in (suites, suite):
        for key, value in counts.items():
            element.set(key, str(value))
    return suites


def write(results: list[FileResult], out: TextIO, fail_on: str | Mapping[str, str] = "error") -> None:
    tree = ET.ElementTree(build(results, fail_on))
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    tree.write(out, encoding="unicode")
    out.write("\n")
