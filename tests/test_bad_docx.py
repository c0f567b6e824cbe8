"""Broken, mislabelled and hostile .docx files (fixtures/makers/bad_docx.py): one clear finding each, no
traceback, and the other files in the same run are still checked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import FIXTURES, run_cli

from coprolint.readers import ReadError
from coprolint.readers.docx import read_docx
from coprolint.readers.limits import LIMITS

BAD = FIXTURES / "bad"
CLEAN = FIXTURES / "clean" / "agenda-in-person.docx"

# File name -> words the reason must contain, so that a person knows what went wrong.
UNREADABLE = {
    "truncated.docx": "damaged or incomplete",
    "empty.docx": "empty",
    "text.docx": "plain text file",
    "bomb-declared.docx": "zip bomb",
    "bomb-ratio.docx": "zip bomb",
    "billion-laughs.docx": "XML entities",
    "external-entity.docx": "XML entities",
    "malformed.docx": "not well-formed XML",
    "no-document.docx": "no main text part",
    "spreadsheet.docx": "Excel workbook",
    "encrypted.docx": "password",
}


@pytest.fixture(scope="module")
def report() -> dict:
    paths = [BAD / name for name in UNREADABLE] + [BAD / "pdf-named.docx", CLEAN]
    run = run_cli("check", "--format", "json", *paths)
    assert run.exit_code == 1
    assert "Traceback" not in run.stdout + run.stderr
    return run.json()


def _findings(report: dict, name: str) -> list[dict]:
    return [f for f in report["findings"] if f["file"].endswith("/" + name)]


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_each_bad_file_is_one_clear_unreadable_finding(report: dict, name: str) -> None:
    findings = _findings(report, name)
    assert [f["code"] for f in findings] == ["CPL001"]
    assert findings[0]["message"].startswith("Could not read this file because ")
    assert UNREADABLE[name] in findings[0]["message"]
    status = next(f for f in report["files"] if f["file"].endswith("/" + name))
    assert status["status"] == "unreadable" and UNREADABLE[name] in status["reason"]


def test_a_pdf_named_docx_is_read_as_pdf_with_a_warning(report: dict) -> None:
    status = next(f for f in report["files"] if f["file"].endswith("/pdf-named.docx"))
    assert (status["status"], status["format"]) == ("linted", "pdf")
    codes = [f["code"] for f in _findings(report, "pdf-named.docx")]
    assert "CPL002" in codes and "CPL001" not in codes


def test_other_files_in_the_run_are_still_linted(report: dict) -> None:
    status = next(f for f in report["files"] if f["file"].endswith("/agenda-in-person.docx"))
    assert status["status"] == "linted"
    assert report["totals"]["unreadable"] == len(UNREADABLE)


def test_text_output_has_one_line_per_bad_file_and_exit_code_1() -> None:
    run = run_cli("check", "--format", "concise", BAD / "truncated.docx", BAD / "external-entity.docx")
    assert run.exit_code == 1
    lines = [line for line in run.stdout.splitlines() if ": CPL001 " in line]
    assert len(lines) == 2 and "Traceback" not in run.stdout + run.stderr


def test_zip_bomb_is_refused_before_inflating() -> None:
    # A small real package fails a tighter per-part limit on its declared size alone.
    tight = replace(LIMITS, max_part_bytes=1000)
    with pytest.raises(ReadError, match="zip bomb"):
        read_docx(FIXTURES / "reader" / "styles.docx", tight)


def test_external_entity_is_never_fetched() -> None:
    # conftest blocks the network: a fetch would fail with NetworkBlocked instead of ReadError.
    with pytest.raises(ReadError, match="DOCTYPE"):
        read_docx(BAD / "external-entity.docx")


def test_damaged_secondary_part_is_a_note_not_a_failure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    source = FIXTURES / "reader" / "parts.docx"
    target = tmp_path / "broken-header.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/footnotes.xml":
                data = data[: len(data) // 2]
            dst.writestr(info.filename, data)
    doc = read_docx(target)
    assert any("footnotes" in note for note in doc.notes)
    assert not [p for p in doc.paragraphs if p.location.part == "footnote"]
    assert any(p.text == "Opening paragraph" for p in doc.paragraphs)
