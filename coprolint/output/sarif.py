"""SARIF 2.1.0, the format GitHub code scanning and other dashboards read.

Rule metadata (summary, why it matters, the guidance it comes from, how to fix it) goes in
``tool.driver.rules`` so a dashboard can explain each finding. Documents have no source lines,
so every result points at line 1 of its file; the place inside the document is in the message
and in ``logicalLocations``. Fingerprints come from the baseline's, which ignore paragraph and
page numbers, so an alert survives unrelated edits.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from coprolint import __version__
from coprolint.baseline import fingerprint
from coprolint.catalog import RuleInfo, load_catalogue
from coprolint.engine import FileResult, Finding
from coprolint.output import full_message

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}


def artifact_location(file: str) -> dict[str, str]:
    """A URI relative to the current folder (what code scanning expects), else an absolute file: URI."""
    absolute = Path(file).resolve()
    try:
        relative = absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _rule(rule: RuleInfo) -> dict[str, Any]:
    text = f"{rule.summary}.\n\nWhy it matters: {rule.explanation}\n\nSource: {rule.source}\n\nHow to fix: {rule.fix}"
    markdown = (f"**{rule.summary}**\n\n**Why it matters**  \n{rule.explanation}\n\n**Source**  \n{rule.source}\n\n"
                f"**How to fix**  \n{rule.fix}")
    if rule.example:
        text += f"\n\nExample:\n{rule.example}"
        markdown += f"\n\n**Example**\n\n```\n{rule.example}\n```"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["accessibility", rule.family], "family": rule.family},
    }


def _result(finding: Finding, rule_index: int, artifact_index: int, occurrence: int) -> dict[str, Any]:
    place = finding.location
    text = full_message(finding)
    fp = fingerprint(finding)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {**artifact_location(finding.file), "index": artifact_index},
                "region": {"startLine": 1},
            },
            "logicalLocations": [{"name": place.label(), "kind": "element",
                                  "fullyQualifiedName": f"{finding.file}#{place.label()}"}],
        }],
        # Our own fingerprint, so code scanning does not try to hash "lines" of a binary file.
        "partialFingerprints": {"coprolint/v1": f"{fp}:{occurrence}", "primaryLocationLineHash": f"{fp}:{occurrence}"},
        "properties": {"location": place.as_dict(), "needsReview": finding.needs_review, "severity": finding.severity},
    }
    if finding.evidence:
        result["properties"]["evidence"] = finding.evidence
    return result


def build(results: list[FileResult]) -> dict[str, Any]:
    catalogue = load_catalogue()
    rules = list(catalogue.values())
    rule_index = {rule.code: i for i, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for index, file_result in enumerate(results):
        artifact: dict[str, Any] = {"location": artifact_location(file_result.file), "roles": ["analysisTarget"]}
        if file_result.format in ("docx", "pdf"):
            artifact["mimeType"] = {
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "pdf": "application/pdf",
            }[file_result.format]
        artifacts.append(artifact)
        seen: Counter[str] = Counter()
        for finding in file_result.findings:
            fp = fingerprint(finding)
            seen[fp] += 1
            sarif_results.append(_result(finding, rule_index[finding.code], index, seen[fp]))
        if file_result.status == "failed":
            notifications.append({
                "level": "error",
                "message": {"text": f"coprolint failed on part of {file_result.file}: {file_result.reason}"},
                "locations": [{"physicalLocation": {"artifactLocation": {**artifact_location(file_result.file), "index": index}}}],
            })
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "coprolint",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(rule) for rule in rules],
        }},
        "artifacts": artifacts,
        "results": sarif_results,
        "invocations": [{
            "executionSuccessful": not notifications,
            "toolExecutionNotifications": notifications,
            "workingDirectory": {"uri": Path.cwd().resolve().as_uri() + "/"},
        }],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(results: list[FileResult], out: TextIO) -> None:
    out.write(json.dumps(build(results), indent=2, ensure_ascii=False) + "\n")  # one write, as in json_report
