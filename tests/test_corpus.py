"""Real documents written by others (../shared/corpus): coprolint must never crash on any of them.

The whole corpus goes through ONE batch run, with the worker pool a folder scan uses (time
and memory limits, two workers): each file is either linted or reported as unreadable with a
reason; no traceback, no internal error, no worker stopped, no hang.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import CORPUS
from coprolint import batch

SUFFIXES = {".docx", ".pdf", ".doc", ".docm", ".dotx", ".odt", ".rtf"}
LIMIT = 120  # seconds for one file: far beyond any corpus file, short of a hang


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and (p.suffix.lower() in SUFFIXES or p.parent.name == "other"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not beside the project ({CORPUS})")
def test_every_corpus_document_is_linted_or_clearly_unreadable(capsys: pytest.CaptureFixture[str]) -> None:
    files = corpus_files()
    assert len(files) > 300
    request = batch.CheckRequest(files, overrides={"timeout": LIMIT}, jobs=2, use_cache=False, progress=False)
    began = time.monotonic()
    results, _ = batch.lint_jobs(batch.plan(request), request.jobs, use_cache=False, progress_enabled=False)
    took = time.monotonic() - began
    assert [r.file for r in results] == [str(p) for p in files]  # every file, in the order given
    problems: list[str] = []
    statuses: dict[str, int] = {}
    for path, result in zip(files, results):
        statuses[result.status] = statuses.get(result.status, 0) + 1
        if result.status == "failed":
            problems.append(f"{path.name}: " + "; ".join(f.message for f in result.findings if f.code == "CPL000"))
        elif result.status == "unreadable":
            if not result.reason:
                problems.append(f"{path.name}: unreadable without a reason")
            elif result.reason.startswith(("checking it took", "reading it needed")):
                problems.append(f"{path.name}: {result.reason}")
        elif result.status != "linted":
            problems.append(f"{path.name}: status {result.status}")
    assert not problems, "\n".join(problems)
    assert statuses.get("linted", 0) > len(files) * 0.6, statuses
    with capsys.disabled():
        print(f"\ncorpus: {len(files)} files in {took:.0f} s with 2 workers: {statuses}")
