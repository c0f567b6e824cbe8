"""The engine: read one file into the model, run the enabled checks, collect findings.

Checks register themselves with ``@check("CPL101")``; their metadata (name,
severity, explanation, fix) comes from the catalogue in ``rules/``. A check
that fails becomes an internal-error finding for that file; the other checks
and files go on.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterable

from coprolint.catalog import SEVERITY_RANK, RuleInfo, find_rule, load_catalogue
from coprolint.config import Config
from coprolint.model import DOCUMENT, Document, Location

CheckFn = Callable[[Document, "RuleContext"], None]
_CHECKS: dict[str, CheckFn] = {}

# Findings the engine itself raises (not checks): their codes in rules/catalogue/input.toml.
INTERNAL_ERROR = "CPL000"
UNREADABLE = "CPL001"
NAME_MISMATCH = "CPL002"
PARTLY_READ = "CPL003"


# A one-file run lints its checks in two halves, by rule family, in two workers at once, and
# puts the findings back together with ``merge_halves``. The halves cost a fresh process about
# the same (measured on a 2-page agenda): the word lists, readability and meeting patterns,
# which share the document's words, in one; Pillow, the pictures and the structure rules in
# the other. The engine's own notes on the file belong to "input".
HALVES = (frozenset({"input", "text", "language", "meeting"}), frozenset({"images", "structure"}))


def check(code: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function for one rule code."""

    def register(fn: CheckFn) -> CheckFn:
        if code in _CHECKS:
            raise RuntimeError(f"two checks registered for {code}")
        _CHECKS[code] = fn
        return fn

    return register


@functools.cache
def check_modules() -> tuple[ModuleType, ...]:
    """Every module in ``coprolint.checks``, imported (so that their checks register) once per
    process: listing the folder again for each document would cost more than several rules."""
    import coprolint.checks as package

    return tuple(
        importlib.import_module(f"coprolint.checks.{module.name}")
        for module in pkgutil.iter_modules(package.__path__)
        if not module.name.startswith("_")
    )


def registered_checks() -> dict[str, CheckFn]:
    check_modules()
    return _CHECKS


def warm_checks() -> None:
    """Load the catalogue and every check's data now. A check module may define ``warm() -> None``
    to load its word lists or models; batch runs call this once before forking workers, so that
    the workers share what was loaded instead of each loading it again."""
    load_catalogue()
    for module in check_modules():
        warm = getattr(module, "warm", None)
        if callable(warm):
            warm()


@dataclass(slots=True)
class Finding:
    """One problem found: which rule, where in which file, what to do about it."""

    file: str
    code: str
    name: str
    severity: str
    message: str
    location: Location = DOCUMENT
    suggestion: str | None = None
    evidence: dict[str, Any] | None = None  # what the check measured, for people and tools
    needs_review: bool = False  # a heuristic's question for a person, not a verdict
    family: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.as_dict(),
            "family": self.family,
            "needs_review": self.needs_review,
        }
        if self.suggestion:
            out["suggestion"] = self.suggestion
        if self.evidence:
            out["evidence"] = self.evidence
        return out


@dataclass(slots=True)
class FileResult:
    """What linting one file gave: its findings, or why it could not be read."""

    file: str
    format: str | None  # "docx", "pdf" or None when unreadable
    status: str  # "linted", "unreadable" or "failed" (a check broke: see the CPL000 finding)
    reason: str | None = None  # why it could not be read
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. meeting facts, when asked for
    seconds: float = 0.0  # time spent on it in this run (0 when the cache had it); not part of the JSON

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "format": self.format, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        out["counts"] = count_by_severity(self.findings)
        # Pictures for the HTML report are not part of the JSON contract.
        out.update({k: v for k, v in self.extra.items() if k != "visuals"})
        return out


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "suggestion": 0}
    for finding in findings:
        counts[finding.severity] += 1
    return counts


class RuleContext:
    """What a check sees besides the document: its options, and a way to report."""

    __slots__ = ("rule", "options", "config", "severity", "findings", "shared", "_file")

    def __init__(self, rule: RuleInfo, config: Config, file: str, shared: dict[str, Any]):
        self.rule = rule
        self.config = config
        self.options = config.options_for(rule)
        self.severity = config.severity_of(rule)
        self.findings: list[Finding] = []
        self.shared = shared  # per-document memo shared by all checks (see ``memo``)
        self._file = file

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """Compute something once per document for every check that needs it."""
        if key not in self.shared:
            self.shared[key] = factory()
        return self.shared[key]

    def report(
        self,
        message: str,
        location: Location = DOCUMENT,
        suggestion: str | None = None,
        evidence: dict[str, Any] | None = None,
        needs_review: bool = False,
    ) -> None:
        # A heuristic that is unsure asks a person; it never raises an error on a guess.
        severity = "suggestion" if needs_review else self.severity
        self.findings.append(
            Finding(
                file=self._file,
                code=self.rule.code,
                name=self.rule.name,
                severity=severity,
                message=message,
                location=location,
                suggestion=suggestion if suggestion is not None else self.rule.fix,
                evidence=evidence,
                needs_review=needs_review,
                family=self.rule.family,
            )
        )


def engine_finding(file: str, code: str, message: str, config: Config, suggestion: str | None = None) -> Finding | None:
    """A finding raised by the engine itself; None when the user turned that rule off."""
    rule = find_rule(code)
    assert rule is not None, code
    if not config.enabled(rule):
        return None
    return Finding(
        file=file,
        code=rule.code,
        name=rule.name,
        severity=config.severity_of(rule),
        message=message,
        suggestion=suggestion or rule.fix,
        family=rule.family,
    )


def run_checks(document: Document, config: Config, file: str,
               shared: dict[str, Any] | None = None,
               families: frozenset[str] | None = None) -> tuple[list[Finding], list[Finding]]:
    """Run every enabled check (or those of some rule families): (findings, internal errors).
    ``shared`` receives what checks memoised."""
    checks = registered_checks()
    shared = {} if shared is None else shared
    findings: list[Finding] = []
    failures: list[Finding] = []
    for code, rule in load_catalogue().items():
        fn = checks.get(code)
        if fn is None or not config.enabled(rule) or (families is not None and rule.family not in families):
            continue
        context = RuleContext(rule, config, file, shared)
        try:
            fn(document, context)
        except Exception as exc:  # one broken check must not stop the others
            failure = engine_finding(
                file,
                INTERNAL_ERROR,
                f"coprolint failed while running {code} ({rule.name}): {type(exc).__name__}: {exc}",
                Config(),
                suggestion="Please report this with the document if you can share it.",
            )
            assert failure is not None
            failures.append(failure)
            continue
        findings.extend(context.findings)
    findings.sort(key=_reading_order)
    return findings, failures


def _reading_order(finding: Finding) -> tuple[int, int, int, int, str]:
    loc = finding.location
    return (loc.page or 0, loc.paragraph or 0, loc.line or 0, loc.image or 0, finding.code)


def lint_file(path: Path, config: Config, display: str | None = None, visuals: bool = False,
              facts: bool = False, families: frozenset[str] | None = None) -> FileResult:
    """Read and check one file. Never raises for anything the file contains.

    ``visuals``: also make thumbnails and page renders of flagged places for the HTML report
    (in ``extra["visuals"]``), while the document is still open. ``facts``: add the meeting
    facts the document states (``extra["meeting"]``), reusing what the meeting checks found.
    ``families``: only the checks of these rule families (see ``HALVES``); the engine's own
    notes on the file come with the "input" family."""
    from coprolint import readers  # readers pull in the heavy libraries: only when a file is read

    file = display or str(path)
    try:
        document, mismatches = readers.read(path)
    except readers.ReadError as exc:
        result = FileResult(file=file, format=exc.format, status="unreadable", reason=exc.reason)
        finding = engine_finding(file, UNREADABLE, f"Could not read this file because {exc.reason}", config, exc.suggestion)
        if finding:
            result.findings.append(finding)
        return result
    except Exception as exc:  # a reader bug: this file fails, the run goes on
        failure = engine_finding(
            file,
            INTERNAL_ERROR,
            f"coprolint failed while reading this file: {type(exc).__name__}: {exc}",
            Config(),
            suggestion="Please report this with the document if you can share it.",
        )
        assert failure is not None
        return FileResult(file=file, format=None, status="failed", reason=str(exc), findings=[failure])

    result = FileResult(file=file, format=document.format, status="linted")
    try:
        about_file = families is None or "input" in families
        for note in mismatches if about_file else ():
            finding = engine_finding(file, NAME_MISMATCH, note, config)
            if finding:
                result.findings.append(finding)
        for note in document.notes if about_file else ():
            finding = engine_finding(file, PARTLY_READ, note, config)
            if finding:
                result.findings.append(finding)
        shared: dict[str, Any] = {}
        findings, failures = run_checks(document, config, file, shared, families)
        result.findings.extend(findings)
        if facts:
            failures.extend(_add_facts(result, document, shared))
        if failures:
            result.status = "failed"
            result.findings.extend(failures)
        if visuals and result.findings:
            from coprolint.output.visuals import VISUALS_KEY, capture

            result.extra[VISUALS_KEY] = capture(document, result.findings)
    finally:
        document.close()
    return result


def merge_halves(first: FileResult, second: FileResult) -> FileResult:
    """One file's result from its two halves (see ``HALVES``), as ``lint_file`` gives it whole.

    A half that could not read or finish the file (the reader refused it, its worker crashed or
    ran out of time or memory) speaks for the whole file, as one worker would have."""
    for half in (first, second):
        if half.status == "unreadable" or half.format is None:
            return half
    findings = [f for half in (first, second) for f in half.findings]
    about_file = [f for f in findings if f.code in (NAME_MISMATCH, PARTLY_READ)]
    failures = [f for f in findings if f.code == INTERNAL_ERROR]
    checked = [f for f in findings if f.code not in (NAME_MISMATCH, PARTLY_READ, INTERNAL_ERROR)]
    checked.sort(key=_reading_order)  # ties keep code order, as in one run: each code comes from one half
    return FileResult(file=first.file, format=first.format, status="failed" if failures else "linted",
                      reason=first.reason, findings=about_file + checked + failures,
                      extra={**first.extra, **second.extra}, seconds=max(first.seconds, second.seconds))


def _add_facts(result: FileResult, document: Document, shared: dict[str, Any]) -> list[Finding]:
    """The meeting facts for ``--facts``: taken from the checks' memo, or worked out if no meeting rule ran."""
    from coprolint.meeting.facts import FACTS_MEMO, extract

    try:
        result.extra["meeting"] = (shared.get(FACTS_MEMO) or extract(document)).as_dict()
    except Exception as exc:  # the facts are an extra: the findings stand without them
        failure = engine_finding(result.file, INTERNAL_ERROR, "coprolint failed while listing the meeting facts: "
                                 f"{type(exc).__name__}: {exc}", Config())
        return [failure] if failure else []
    return []


def fails(findings: Iterable[Finding], fail_on: str) -> bool:
    bar = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= bar for f in findings)
