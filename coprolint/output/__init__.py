"""Report formats. Each format module has ``write(results, out, **options)``; this table names them.

Formats are imported only when used, so adding one costs nothing at start-up.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, TextIO

# format name -> (module under coprolint.output, keyword options passed to its write())
FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    "text": ("text", {"show_fixes": True}),
    "concise": ("text", {"show_fixes": False}),
    "json": ("json_report", {}),
    "html": ("html", {}),
    "sarif": ("sarif", {}),  # SARIF 2.1.0 for GitHub code scanning and other dashboards
    "github": ("github", {}),  # GitHub Actions annotations
    "junit": ("junit", {}),  # JUnit XML for CI test reports; gets fail_on from the run  # one self-contained page for people; pictures come from lint_file(visuals=True)
}


def full_message(finding: Any, fix_separator: str = " ") -> str:
    """A finding as one message for tools that show no separate fields: place, message and fix."""
    text = finding.message
    if finding.location.label() != "document":
        text = f"{finding.location.describe()}: {text}"
    return f"{text}{fix_separator}Fix: {finding.suggestion}" if finding.suggestion else text


def writer(name: str) -> Any:
    module, options = FORMATS[name]
    write = importlib.import_module(f"coprolint.output.{module}").write
    return lambda results, out, **extra: write(results, out, **{**options, **extra})


@contextmanager
def atomic_text_file(path: Path) -> Iterator[TextIO]:
    """Write a report beside its final place and move it there only when complete."""
    path = path.resolve()
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False)
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise
