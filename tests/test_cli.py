"""The command line as a user and a pre-commit hook see it: output shapes, exit codes, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, TODAY, run_cli

CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"
CLEAN_PDF = FIXTURES / "clean" / "agenda-in-person.pdf"


def test_version_and_help() -> None:
    from coprolint import __version__

    result = run_cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert "check" in run_cli("--help").stdout


def test_rules_lists_every_catalogue_rule() -> None:
    from coprolint.catalog import load_catalogue

    result = run_cli("rules")
    assert result.exit_code == 0
    for rule in load_catalogue().values():
        assert rule.code in result.stdout and rule.name in result.stdout


def test_rules_json_is_machine_readable() -> None:
    rows = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"code", "name", "severity", "family", "summary"} <= set(rows[0])


def test_rule_explains_by_code_and_by_name() -> None:
    by_code = run_cli("rule", "CPL001")
    by_name = run_cli("rule", "unreadable-file")
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout
    for heading in ("Why it matters", "Source", "How to fix"):
        assert heading in by_code.stdout


def test_unknown_rule_is_a_usage_error() -> None:
    result = run_cli("rule", "CPL999")
    assert result.exit_code == 2
    assert "no rule is called" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_is_a_usage_error() -> None:
    result = run_cli("check", "no/such/agenda.docx")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert run_cli("check", "--frobnicate", str(CLEAN_DOCX)).exit_code == 2


def test_clean_agendas_exit_zero(tmp_path: Path) -> None:
    result = run_cli("check", "--today", "2026-12-01", CLEAN_DOCX, CLEAN_PDF) if _has_today() else run_cli("check", CLEAN_DOCX, CLEAN_PDF)
    assert result.exit_code == 0, result.stdout
    assert "2 files checked" in result.stdout or "All clear" in result.stdout


def _has_today() -> bool:
    return "--today" in run_cli("check", "--help").stdout


def test_text_output_is_one_finding_a_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.docx"
    bad.write_text("just some text, not a Word document")
    result = run_cli("check", bad)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{bad}:document: CPL001 error Could not read this file because it is a plain text file")
    assert "fix:" in result.stdout.splitlines()[1]
    assert "1 file could not be read" in result.stdout
    concise = run_cli("check", "--format", "concise", bad)
    assert "fix:" not in concise.stdout


def test_json_contract(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")  # truncated
    result = run_cli("check", "--format", "json", bad, CLEAN_DOCX)
    report = result.json()
    assert report["schema"] == 1
    assert set(report) >= {"coprolint", "schema", "files", "findings", "totals"}
    statuses = {Path(f["file"]).name: f for f in report["files"]}
    assert statuses["broken.pdf"]["status"] == "unreadable"
    assert statuses["broken.pdf"]["reason"]
    assert statuses["agenda-in-person.docx"]["status"] == "linted"
    assert statuses["agenda-in-person.docx"]["format"] == "docx"
    for finding in report["findings"]:
        assert {"file", "code", "name", "severity", "message", "location", "needs_review"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "suggestion")
        assert isinstance(finding["location"], dict) and "part" in finding["location"]
    unreadable = [f for f in report["findings"] if f["code"] == "CPL001"]
    assert len(unreadable) == 1 and unreadable[0]["name"] == "unreadable-file"
    assert unreadable[0]["suggestion"]
    totals = report["totals"]
    assert totals["files"] == 2 and totals["unreadable"] == 1 and totals["linted"] == 1
    assert totals["findings"] == len(report["findings"])
    assert totals["error"] == sum(f["severity"] == "error" for f in report["findings"])
    assert result.exit_code == 1


def test_fail_on_decides_the_exit_status(tmp_path: Path) -> None:
    # A DOCX named .pdf reads fine but earns a file-name-mismatch warning.
    misnamed = tmp_path / "agenda.pdf"
    shutil.copy(CLEAN_DOCX, misnamed)
    args = ["--today", "2026-12-01"] if _has_today() else []
    warned = run_cli("check", *args, "--format", "json", misnamed)
    assert [f["code"] for f in warned.json()["findings"]] == ["CPL002"]
    assert warned.exit_code == 0  # a warning does not fail at the default bar (error)
    assert run_cli("check", *args, "--fail-on", "warning", misnamed).exit_code == 1
    assert run_cli("check", *args, "--fail-on", "warning", "--ignore", "CPL002", misnamed).exit_code == 0


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    (tmp_path / "papers" / "2027").mkdir(parents=True)
    shutil.copy(CLEAN_DOCX, tmp_path / "papers" / "2027" / "agenda.docx")
    shutil.copy(CLEAN_PDF, tmp_path / "papers" / "agenda.pdf")
    (tmp_path / "papers" / "~$agenda.docx").write_bytes(b"lock")  # Word's lock file: skipped
    (tmp_path / "papers" / "notes.txt").write_text("not a document")  # other kinds: skipped
    (tmp_path / "papers" / ".hidden").mkdir()
    shutil.copy(CLEAN_DOCX, tmp_path / "papers" / ".hidden" / "old.docx")
    report = run_cli("check", "--format", "json", tmp_path / "papers").json()
    names = sorted(Path(f["file"]).name for f in report["files"])
    assert names == ["agenda.docx", "agenda.pdf"]


def test_a_bad_file_never_stops_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    report = run_cli("check", "--format", "json", empty, CLEAN_PDF).json()
    assert [f["status"] for f in report["files"]] == ["unreadable", "linted"]
    assert "empty" in report["files"][0]["reason"]


def test_an_incomplete_installation_is_one_clear_message(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pypdfium2" else real(name, *a))
    result = run_cli("check", CLEAN_PDF)
    assert result.exit_code == 2
    assert "not fully installed" in result.stderr and "pypdfium2" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_the_command_exits_quickly_with_the_same_status_and_complete_output(tmp_path: Path) -> None:
    import subprocess
    import sys

    report = tmp_path / "report.json"
    clean = FIXTURES / "clean" / "agenda-in-person.docx"
    flawed = FIXTURES / "typography" / "font-style.docx"
    for args, status in (([clean], 0), ([flawed], 1), (["--bogus"], 2), (["-o", report, "--format", "json", flawed], 1)):
        done = subprocess.run([sys.executable, "-m", "coprolint", "check", "--today", TODAY, *map(str, args)],
                              capture_output=True, text=True)
        assert done.returncode == status, (args, done.stderr)
    assert json.loads(report.read_text())["totals"]["files"] == 1  # written whole before the quick exit
    listed = subprocess.run([sys.executable, "-m", "coprolint", "check", "--today", TODAY, "--format", "json", flawed],
                            capture_output=True, text=True)
    assert json.loads(listed.stdout)["findings"]  # stdout flushed before the quick exit
