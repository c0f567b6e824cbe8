"""Find the documents to lint from the paths given on the command line."""

from __future__ import annotations

import os
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterator, Sequence

DOCUMENT_SUFFIXES = (".docx", ".pdf")
DEFAULT_INCLUDE = ("*.docx", "*.pdf")


def is_lock_file(path: Path) -> bool:
    # Word leaves "~$agenda.docx" beside an open document; it is not a document.
    return path.name.startswith("~$")


def matches(relative: str, patterns: Sequence[str]) -> bool:
    """A glob matches a path relative to the folder walked, or the name of any file or folder on it."""
    parts = relative.split("/")
    return any(fnmatch(relative, p) or any(fnmatch(part, p) for part in parts) for p in patterns)


def walk(folder: Path, include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()) -> list[Path]:
    """Documents under a folder, sorted: hidden folders, Office lock files and excluded paths skipped.

    Globs are matched case-insensitively on the name, so "*.pdf" also finds "MINUTES.PDF".
    """
    include = [p.lower() for p in include]
    exclude = [p.lower() for p in exclude]
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root).relative_to(folder).as_posix()
        prefix = "" if here == "." else here + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not matches((prefix + d).lower(), exclude))
        for name in files:
            relative = (prefix + name).lower()
            if is_lock_file(Path(name)) or not any(fnmatch(name.lower(), p) or fnmatch(relative, p) for p in include):
                continue
            if not matches(relative, exclude):
                found.append(Path(root) / name)
    return sorted(found)


def discover(paths: list[Path], include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()) -> Iterator[tuple[Path, bool]]:
    """Yield (file, named_explicitly). Folders are walked (see ``walk``); files named are always kept."""
    for path in paths:
        if path.is_dir():
            for candidate in walk(path, include, exclude):
                yield candidate, False
        else:
            yield path, True
