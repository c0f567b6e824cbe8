"""Fix one Word document: read it first, refuse what could not be fully read, apply the fixes,
check that the result reads back, and only then put it in place (atomically, after a backup
when replacing the original)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coprolint.catalog import find_rule
from coprolint.checks.typography import join_words
from coprolint.config import Config
from coprolint.model import Document

if TYPE_CHECKING:  # pragma: no cover
    from coprolint.engine import Finding
    from coprolint.fixers.package import DocxPackage

KINDS = ("fonts", "sizes", "alignment", "acronyms", "title")
# Each kind of fix runs only where its rule found something, so a document the linter passes
# is left as it is, and the fix and the check agree on what needs fixing.
RULE_OF = {"fonts": "font-not-approved", "sizes": "text-too-small", "alignment": "justified-text",
           "acronyms": "undefined-acronym", "title": "document-title"}
PDF_REFUSAL = (
    "PDFs cannot be fixed this way: a PDF is a print of its source. Fix the source document "
    "(the Word file it was made from; `coprolint fix` repairs DOCX files), then export the PDF again."
)


class FixRefused(Exception):
    """Nothing was written; the message says why, in words for people."""


@dataclass(frozen=True, slots=True)
class FixOptions:
    font: str = "Arial"
    kinds: tuple[str, ...] = KINDS


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # one of KINDS
    line: str  # what was changed, with counts and places, for people
    changed: bool = True  # False: a note on what could not be fixed


def backup_path(path: Path) -> Path:
    """agenda.docx.bak, or agenda.docx.bak2, ... when an earlier backup is there."""
    candidate = path.with_name(path.name + ".bak")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak{number}")
        number += 1
    return candidate


def _read_fully(path: Path, config: Config) -> tuple[Document, list[Finding]]:
    """The document model and its findings, or FixRefused when any part of the file could not be read or checked."""
    from coprolint import readers
    from coprolint.engine import run_checks

    try:
        kind = readers.sniff(path)
    except OSError as exc:
        raise FixRefused(f"Could not open {path}: {exc.strerror or exc}.") from None
    if kind == "pdf":
        raise FixRefused(PDF_REFUSAL)
    try:
        document, _ = readers.read(path)
    except readers.ReadError as exc:
        raise FixRefused(f"Could not read this file because {exc.reason}. Nothing was changed.") from None
    except Exception as exc:  # a reader fault: never edit what was not understood
        raise FixRefused(f"coprolint failed while reading this file ({type(exc).__name__}: {exc}); nothing was changed.") from None
    if document.format != "docx":
        document.close()
        raise FixRefused(PDF_REFUSAL)
    if document.notes:
        document.close()
        raise FixRefused("Part of this file could not be read (" + "; ".join(note.rstrip(". ") for note in document.notes) + "), so coprolint will not change it.")
    findings, failures = run_checks(document, config, str(path))
    if failures:
        document.close()
        raise FixRefused(f"coprolint could not check all of this file ({failures[0].message}), so it will not change it.")
    return document, findings


def fix_file(source: Path, target: Path, config: Config, options: FixOptions, backup: Path | None = None) -> list[Change]:
    """Fix ``source`` into ``target`` (which may be ``source`` itself, with ``backup`` set).

    Returns what changed, and notes on what could not be; the file is written only when
    something changed."""
    from coprolint.fixers.package import DocxPackage, PackageError

    document, findings = _read_fully(source, config)
    try:
        try:
            package = DocxPackage(source)
        except PackageError as exc:
            raise FixRefused(f"coprolint will not change this file because {exc}.") from None
        changes = _apply(package, document, findings, config, options)
    finally:
        document.close()
    if any(change.changed for change in changes):
        _write(package, target, config, backup)
    return changes


def _apply(package: DocxPackage, document: Document, findings: list[Finding], config: Config, options: FixOptions) -> list[Change]:
    from coprolint.fixers.alignment import fix_alignment
    from coprolint.fixers.fonts import FontPolicy, fix_fonts
    from coprolint.fixers.sizes import SizePolicy, fix_sizes
    from coprolint.fixers.title import fix_title

    flagged = {finding.name for finding in findings}
    kinds = [kind for kind in options.kinds if RULE_OF[kind] in flagged]
    changes: list[Change] = []
    if "fonts" in kinds:
        fonts = fix_fonts(package, FontPolicy(options.font, config.extra_fonts, config.strict_fonts))
        if fonts:
            replaced, count, places = fonts
            changes.append(Change("fonts", f"Fonts: replaced {replaced} with {options.font} in {_places(count)} ({places.words()})."))
    if "sizes" in kinds:
        rule = find_rule("text-too-small")
        bars = config.options_for(rule) if rule else {"min-size": 12, "furniture-min-size": 10}
        policy = SizePolicy(float(bars["min-size"]), float(bars["furniture-min-size"]))
        sizes = fix_sizes(package, policy)
        if sizes:
            count, places, found, furniture = sizes
            small = join_words([f"{size:g}" for size in found[:6]]) + " pt"
            bars = f"{policy.body_pt:g} pt"
            if furniture:
                bars += f" ({policy.furniture_pt:g} pt in headers, footers and notes)"
            changes.append(Change("sizes", f"Text size: raised {small} text to {bars} in {_places(count)} ({places.words()})."))
    if "alignment" in kinds:
        alignment = fix_alignment(package)
        if alignment:
            count, places = alignment
            changes.append(Change("alignment", f"Justified text: left-aligned {_places(count)} ({places.words()})."))
    if "acronyms" in kinds:
        from coprolint.fixers.acronyms import fix_acronyms

        done, notes = fix_acronyms(package, findings, config)
        changes.extend(Change("acronyms", line) for line in done)
        changes.extend(Change("acronyms", line, changed=False) for line in notes)
    if "title" in kinds:
        title = fix_title(package, document)
        if title:
            text, heading = title
            changes.append(Change("title", f'Title: set the document title to "{text}" (from the heading in {heading.location.describe()}).'))
        else:
            changes.append(Change("title", "Title: not set, because the document has no heading to take it from; "
                                  "give it a title in Word under File > Info > Properties.", changed=False))
    return changes


def _places(count: int) -> str:
    return f"{count} place{'s' if count != 1 else ''}"


def _write(package: DocxPackage, target: Path, config: Config, backup: Path | None) -> None:
    """Save beside the target, make sure the result reads back in full, then move it into place."""
    target = target.resolve()
    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.stem}.", suffix=".docx", delete=False)
    handle.close()
    temp = Path(handle.name)
    try:
        package.save(temp)
        try:
            _read_fully(temp, config)[0].close()
        except FixRefused as exc:
            raise FixRefused(f"The fixed document did not read back cleanly, so nothing was written ({exc})") from None
        if backup is not None:
            shutil.copy2(target, backup)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
