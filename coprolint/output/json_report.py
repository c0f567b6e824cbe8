"""The JSON report: a stable contract for other tools (documented in the README).

Top level: ``{"coprolint": version, "schema": 1, "files": [...], "findings": [...], "totals": {...}}``.
Additions keep the schema number; removals or changes of meaning raise it.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from coprolint import __version__
from coprolint.engine import FileResult, count_by_severity

SCHEMA_VERSION = 1


def build(results: list[FileResult]) -> dict[str, Any]:
    findings = [f for r in results for f in r.findings]
    counts = count_by_severity(findings)
    return {
        "coprolint": __version__,
        "schema": SCHEMA_VERSION,
        "files": [r.as_dict() for r in results],
        "findings": [f.as_dict() for f in findings],
        "totals": {
            "files": len(results),
            "linted": sum(1 for r in results if r.status != "unreadable"),
            "unreadable": sum(1 for r in results if r.status == "unreadable"),
            "findings": len(findings),
            **counts,
        },
    }


def write(results: list[FileResult], out: TextIO) -> None:
    out.write(readable(build(results)) + "\n")  # one write: json.dump hands over many small pieces


def readable(report: dict[str, Any]) -> str:
    """The report with a line for each top-level field and for each file and finding.

    As easy to read and to grep as full indentation, and several times faster to write:
    indentation makes Python's json module use its pure-Python encoder, which took most
    of the time of a run whose results all came from the cache."""
    compact = json.JSONEncoder(ensure_ascii=False).encode
    fields = []
    for key, value in report.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + compact(item) for item in value)
            fields.append(f"  {compact(key)}: [\n{items}\n  ]")
        else:
            fields.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(fields) + "\n}"
