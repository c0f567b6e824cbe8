"""Baselines: record the findings a folder has today, and report only new ones from then on.

The file is JSON, meant to be committed beside the documents. For each document (its path
relative to the baseline file) it lists fingerprints with a count, like ESLint's suppressions
file. A fingerprint is the rule code, the part of the document and the message with its
numbers masked: it does not include paragraph or page numbers, so adding a paragraph above
an old problem does not make it new. Each fingerprint hides at most as many findings as it
counts, so a second copy of an old problem is reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from coprolint.engine import INTERNAL_ERROR, FileResult, Finding

FORMAT = 1
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class BaselineError(ValueError):
    """The baseline file is missing or is not one coprolint wrote."""


def fingerprint(finding: Finding) -> str:
    message = _NUMBER.sub("#", " ".join(finding.message.split()).lower())
    text = f"{finding.code}\n{finding.location.part}\n{message}"
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _key(file: str, root: Path) -> str:
    """A document's name in the baseline: relative to the baseline's folder when it is inside it."""
    path = Path(file).resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class Baseline:
    path: Path
    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # file -> fingerprint -> entry
    hidden: int = 0
    stale: int = 0  # recorded findings that no longer occur in the files checked

    @property
    def root(self) -> Path:
        return self.path.resolve().parent

    def apply(self, results: Iterable[FileResult]) -> None:
        """Drop findings the baseline records, up to each fingerprint's count."""
        for result in results:
            recorded = self.entries.get(_key(result.file, self.root))
            if not recorded:
                continue
            left = Counter({fp: int(entry.get("count", 1)) for fp, entry in recorded.items()})
            kept: list[Finding] = []
            for finding in result.findings:
                fp = fingerprint(finding)
                if finding.code != INTERNAL_ERROR and left[fp] > 0:
                    left[fp] -= 1
                    self.hidden += 1
                else:
                    kept.append(finding)
            result.findings = kept
            self.stale += sum(left.values())

    def update(self, results: Iterable[FileResult]) -> int:
        """Record these results (replacing what was recorded for their files); returns findings recorded."""
        recorded = 0
        for result in results:
            key = _key(result.file, self.root)
            entries: dict[str, dict[str, Any]] = {}
            for finding in result.findings:
                if finding.code == INTERNAL_ERROR:
                    continue  # coprolint's own faults are never accepted as normal
                entry = entries.setdefault(fingerprint(finding), {"code": finding.code, "message": finding.message, "count": 0})
                entry["count"] += 1
                recorded += 1
            if entries:
                self.entries[key] = entries
            else:
                self.entries.pop(key, None)
        # Documents that have gone from the disk leave the baseline too.
        for key in [k for k in self.entries if not (self.root / k).exists()]:
            del self.entries[key]
        return recorded

    def as_dict(self) -> dict[str, Any]:
        files = {
            key: dict(sorted(value.items(), key=lambda item: (item[1]["code"], item[0])))
            for key, value in sorted(self.entries.items())
        }
        return {"coprolint-baseline": FORMAT, "files": files}

    def save(self) -> None:
        from coprolint.output import atomic_text_file

        with atomic_text_file(self.path) as handle:
            handle.write(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")


def load(path: Path, must_exist: bool = True) -> Baseline:
    if not path.exists():
        if must_exist:
            raise BaselineError(f"{path} does not exist; create it with --update-baseline")
        return Baseline(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path} cannot be read as a baseline ({exc})") from None
    if not isinstance(data, dict) or data.get("coprolint-baseline") != FORMAT or not isinstance(data.get("files"), dict):
        raise BaselineError(f"{path} is not a coprolint baseline (version {FORMAT})")
    entries: dict[str, dict[str, dict[str, Any]]] = {}
    for key, value in data["files"].items():
        if isinstance(value, dict):
            entries[key] = {fp: entry for fp, entry in value.items() if isinstance(entry, dict)}
    return Baseline(path, entries)


def describe(baseline: Baseline) -> str | None:
    """A line for standard error about what the baseline did, or None when it did nothing."""
    bits = []
    if baseline.hidden:
        bits.append(f"{baseline.hidden} known finding{'s' if baseline.hidden != 1 else ''} hidden by {os.path.relpath(baseline.path)}")
    if baseline.stale:
        bits.append(f"{baseline.stale} recorded finding{'s' if baseline.stale != 1 else ''} no longer occur "
                    "(--update-baseline removes them)")
    return "; ".join(bits) or None
