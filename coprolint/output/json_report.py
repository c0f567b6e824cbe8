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
    json.dump(build(results), out, indent=2, ensure_ascii=False)
    out.write("\n")
