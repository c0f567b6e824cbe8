"""Real documents written by others (../shared/corpus): coprolint must never crash on any of them.

Each file is either linted or reported as unreadable with a reason; no traceback, no internal
error. The corpus is read in one process here; batch runs with workers are tested elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from coprolint.config import Config
from coprolint.engine import lint_file

SUFFIXES = {".docx", ".pdf", ".doc", ".docm", ".dotx", ".odt", ".rtf"}


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and (p.suffix.lower() in SUFFIXES or p.parent.name == "other"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not beside the project ({CORPUS})")
def test_every_corpus_document_is_linted_or_clearly_unreadable() -> None:
    files = corpus_files()
    assert len(files) > 300
    problems: list[str] = []
    statuses: dict[str, int] = {}
    for path in files:
        result = lint_file(path, Config())
        statuses[result.status] = statuses.get(result.status, 0) + 1
        if result.status == "failed":
            problems.append(f"{path.name}: " + "; ".join(f.message for f in result.findings if f.code == "CPL000"))
        elif result.status == "unreadable" and not result.reason:
            problems.append(f"{path.name}: unreadable without a reason")
    assert not problems, "\n".join(problems)
    assert statuses.get("linted", 0) > len(files) * 0.6, statuses
