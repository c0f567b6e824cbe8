"""Rule metadata and rule data, read from the plain files in ``rules/``.

Every rule's code, name, severity, explanation, source and fix live in
``rules/catalogue/*.toml`` so that people can read and edit them without
touching code. This module is cheap to import: no heavy libraries.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coprolint.stored import parsed_toml

SEVERITIES = ("error", "warning", "suggestion")
SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}

# Guidance areas, in the order a report shows them.
FAMILIES = {
    "input": "Reading the file",
    "text": "Text that everyone can read",
    "language": "Plain language",
    "images": "Images and colour",
    "meeting": "The meeting itself",
    "structure": "Document structure",
}


def data_dir() -> Path:
    """The rule data folder: inside the installed package, or ``rules/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_rules", here.parent / "rules"):
        if (candidate / "catalogue").is_dir():
            return candidate
    raise FileNotFoundError("coprolint's rule data (rules/catalogue) is missing from this installation")


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One rule's entry in the catalogue: its code, name, severity, explanation, source and fix."""

    code: str
    name: str
    severity: str
    family: str
    summary: str
    explanation: str
    source: str
    fix: str
    example: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    def matches(self, selector: str) -> bool:
        """A selector is a code, a code prefix ("CPL1") or a rule name."""
        selector = selector.strip()
        return self.code.startswith(selector.upper()) or self.name == selector.lower()


class CatalogueError(ValueError):
    pass


_REQUIRED = ("code", "name", "severity", "family", "summary", "explanation", "source", "fix")


@functools.cache
def load_catalogue() -> dict[str, RuleInfo]:
    """All rules by code, in code order."""
    rules: dict[str, RuleInfo] = {}
    names: set[str] = set()
    for path in sorted((data_dir() / "catalogue").glob("*.toml")):
        data = parsed_toml(path)
        for entry in data.get("rule", []):
            missing = [key for key in _REQUIRED if not entry.get(key)]
            if missing:
                raise CatalogueError(f"{path.name}: rule {entry.get('code', '?')} lacks {', '.join(missing)}")
            if entry["severity"] not in SEVERITIES:
                raise CatalogueError(f"{path.name}: rule {entry['code']} has unknown severity {entry['severity']!r}")
            if entry["family"] not in FAMILIES:
                raise CatalogueError(f"{path.name}: rule {entry['code']} has unknown family {entry['family']!r}")
            if entry["code"] in rules or entry["name"] in names:
                raise CatalogueError(f"{path.name}: rule {entry['code']} ({entry['name']}) is defined twice")
            names.add(entry["name"])
            rules[entry["code"]] = RuleInfo(
                code=entry["code"],
                name=entry["name"],
                severity=entry["severity"],
                family=entry["family"],
                summary=entry["summary"].strip(),
                explanation=" ".join(entry["explanation"].split()),
                source=entry["source"].strip(),
                fix=" ".join(entry["fix"].split()),
                example=entry.get("example", "").strip("\n"),
                options=dict(entry.get("options", {})),
            )
    return dict(sorted(rules.items()))


def find_rule(key: str) -> RuleInfo | None:
    catalogue = load_catalogue()
    if key.upper() in catalogue:
        return catalogue[key.upper()]
    for rule in catalogue.values():
        if rule.name == key.lower():
            return rule
    return None


@functools.cache
def load_data(name: str) -> dict[str, Any]:
    """A TOML data file from ``rules/`` (e.g. ``fonts.toml``), parsed once per process."""
    return parsed_toml(data_dir() / name)
