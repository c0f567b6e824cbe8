"""Baselines: old findings are recorded once, later runs report only new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, TODAY, run_cli
from coprolint.baseline import Baseline, fingerprint
from coprolint.engine import FileResult, Finding
from coprolint.model import Location

CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"
BAD_DOCX = FIXTURES / "images" / "missing-alt-text.docx"  # CPL306 and meeting findings
WORSE_DOCX = FIXTURES / "typography" / "font-times.docx"  # a font error besides


def finding(message: str, paragraph: int, code: str = "CPL101", part: str = "body") -> Finding:
    return Finding("a.docx", code, "font-not-approved", "error", message, Location(part=part, paragraph=paragraph))


def test_fingerprints_ignore_places_and_numbers_but_not_words() -> None:
    a = finding('Font "Times New Roman" covers 1,240 characters', 12)
    moved = finding('Font "Times New Roman" covers 1,310 characters', 15)
    other = finding('Font "Comic Sans MS" covers 1,240 characters', 12)
    assert fingerprint(a) == fingerprint(moved)
    assert fingerprint(a) != fingerprint(other)
    assert fingerprint(a) != fingerprint(finding(a.message, 12, code="CPL102"))
    assert fingerprint(a) != fingerprint(finding(a.message, 12, part="footer"))


def test_each_recorded_finding_hides_only_as_many_as_were_recorded(tmp_path: Path) -> None:
    baseline = Baseline(tmp_path / "baseline.json")
    (tmp_path / "a.docx").write_bytes(b"x")
    old = FileResult(str(tmp_path / "a.docx"), "docx", "linted", findings=[finding("Font X", 3)])
    assert baseline.update([old]) == 1
    new = FileResult(str(tmp_path / "a.docx"), "docx", "linted", findings=[finding("Font X", 4), finding("Font X", 9)])
    baseline.apply([new])
    assert [f.location.paragraph for f in new.findings] == [9] and baseline.hidden == 1


def test_a_legacy_folder_adopts_a_baseline_and_then_sees_only_new_problems(tmp_path: Path) -> None:
    docs = tmp_path / "policies"
    docs.mkdir()
    shutil.copy(BAD_DOCX, docs / "old.docx")
    shutil.copy(CLEAN_DOCX, docs / "fine.docx")
    baseline = tmp_path / "coprolint-baseline.json"
    before = run_cli("check", "--today", TODAY, docs)
    assert before.exit_code == 1

    made = run_cli("check", "--today", TODAY, "--format", "json", "--baseline", baseline, "--update-baseline", docs)
    assert made.exit_code == 0 and made.json()["findings"] == []
    data = json.loads(baseline.read_text())
    assert list(data["files"]) == ["policies/old.docx"]  # relative to the baseline, clean files left out
    assert any(entry["code"] == "CPL306" for entry in data["files"]["policies/old.docx"].values())

    again = run_cli("check", "--today", TODAY, "--format", "json", "--baseline", baseline, docs)
    assert again.exit_code == 0 and again.json()["findings"] == []
    assert "hidden by" in again.stderr

    # A new document with the same old problem, and a new problem in the old one: both reported.
    shutil.copy(BAD_DOCX, docs / "new.docx")
    shutil.copy(WORSE_DOCX, docs / "old.docx")
    later = run_cli("check", "--today", TODAY, "--format", "json", "--baseline", baseline, docs)
    files = {Path(f["file"]).name for f in later.json()["findings"]}
    assert "new.docx" in files and "old.docx" in files
    assert any(f["code"] == "CPL101" for f in later.json()["findings"] if f["file"].endswith("old.docx"))
    assert later.exit_code == 1


def test_update_prunes_documents_that_are_gone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(BAD_DOCX, docs / "a.docx")
    shutil.copy(BAD_DOCX, docs / "b.docx")
    baseline = tmp_path / "baseline.json"
    run_cli("check", "--today", TODAY, "--baseline", baseline, "--update-baseline", docs)
    (docs / "b.docx").unlink()
    run_cli("check", "--today", TODAY, "--baseline", baseline, "--update-baseline", docs / "a.docx")
    assert list(json.loads(baseline.read_text())["files"]) == ["docs/a.docx"]


def test_baseline_mistakes_are_usage_errors(tmp_path: Path) -> None:
    missing = run_cli("check", "--baseline", tmp_path / "none.json", CLEAN_DOCX)
    assert missing.exit_code == 2 and "--update-baseline" in missing.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{oops")
    result = run_cli("check", "--baseline", broken, CLEAN_DOCX)
    assert result.exit_code == 2 and "cannot be read as a baseline" in result.stderr and "Traceback" not in result.stderr
    assert run_cli("check", "--update-baseline", CLEAN_DOCX).exit_code == 2
