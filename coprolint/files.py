"""Find the documents to lint from the paths given on the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

DOCUMENT_SUFFIXES = (".docx", ".pdf")


def is_lock_file(path: Path) -> bool:
    # Word leaves "~$agenda.docx" beside an open document; it is not a document.
    return path.name.startswith("~$")


def discover(paths: list[Path]) -> Iterator[tuple[Path, bool]]:
    """Yield (file, named_explicitly). Folders are walked for .docx and .pdf, skipping hidden folders."""
    for path in paths:
        if path.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in DOCUMENT_SUFFIXES and not is_lock_file(candidate):
                        found.append(candidate)
            for candidate in sorted(found):
                yield candidate, False
        else:
            yield path, True
