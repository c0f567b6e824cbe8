"""Broken, hostile and mislabelled PDFs (built by fixtures/makers/bad_pdf.py): one clear finding
each, the right exit code, and never a traceback."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_cli
from coprolint.readers.limits import LIMITS, Limits
from coprolint.readers.pdf import read_pdf
from coprolint.readers.pdf_images import ImageRefused

BAD = FIXTURES / "bad"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("truncated.pdf", "it is damaged or incomplete"),
        ("header-only.pdf", "it is damaged or incomplete"),
        ("zero-pages.pdf", "it has no pages"),
        ("notes.pdf", "it is a plain text file although it is named .pdf"),
        ("password.pdf", "it is protected by a password"),
    ],
)
def test_unreadable_pdf_gives_one_clear_cpl001(name: str, reason: str) -> None:
    run = run_cli("check", "--format", "json", BAD / name)
    assert run.exit_code == 1, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    report = run.json()
    (file,) = report["files"]
    assert file["status"] == "unreadable"
    assert file["reason"].startswith(reason)
    findings = [f for f in report["findings"] if f["file"].endswith(name)]
    assert [f["code"] for f in findings] == ["CPL001"]
    assert findings[0]["message"] == f"Could not read this file because {file['reason']}"


def test_password_finding_says_what_to_do() -> None:
    run = run_cli("check", "--format", "json", BAD / "password.pdf")
    (finding,) = run.json()["findings"]
    assert "password" in finding["suggestion"].lower()


def test_unreadable_file_does_not_stop_the_others() -> None:
    run = run_cli("check", "--format", "json", BAD / "truncated.pdf", FIXTURES / "clean" / "agenda-in-person.pdf")
    statuses = {f["file"].rsplit("/", 1)[-1]: f["status"] for f in run.json()["files"]}
    assert statuses == {"truncated.pdf": "unreadable", "agenda-in-person.pdf": "linted"}
    assert run.exit_code == 1


def test_owner_password_only_pdf_reads_like_any_other() -> None:
    document = read_pdf(BAD / "owner-password-only.pdf", LIMITS)
    try:
        assert document.paragraphs[0].text == "Agenda for the carers' group."
        assert document.metadata.title == "Bad input"
    finally:
        document.close()
    run = run_cli("check", "--format", "json", "--ignore", "CPL506", BAD / "owner-password-only.pdf")
    report = run.json()
    assert report["files"][0]["status"] == "linted"
    assert "CPL001" not in [f["code"] for f in report["findings"]]


def test_docx_named_pdf_is_read_as_docx_with_a_name_warning() -> None:
    run = run_cli("check", "--format", "json", "--select", "CPL001,CPL002", BAD / "word-document.pdf")
    report = run.json()
    assert report["files"][0]["status"] == "linted" and report["files"][0]["format"] == "docx"
    assert [f["code"] for f in report["findings"]] == ["CPL002"]
    assert run.exit_code == 0  # a warning does not fail the run at the default fail-on=error


def test_huge_declared_image_is_refused_without_decoding() -> None:
    document = read_pdf(BAD / "huge-image.pdf", LIMITS)
    try:
        (image,) = document.images
        assert (image.width_px, image.height_px) == (100_000, 100_000)
        with pytest.raises(ImageRefused, match="100000 x 100000"):
            image.data()
        assert document.paragraphs[0].text == "A picture that claims to be enormous."
        assert document.paragraphs[0].runs[0].font == "Helvetica"
    finally:
        document.close()
    run = run_cli("check", "--format", "json", BAD / "huge-image.pdf")
    assert run.json()["files"][0]["status"] == "linted"
    assert "Traceback" not in run.stdout + run.stderr


def test_page_limit_reads_the_first_pages_and_says_how_many_were_skipped() -> None:
    document = read_pdf(FIXTURES / "reader" / "agenda.pdf", Limits(max_pages=1))
    try:
        assert [p.number for p in document.pages] == [1]
        assert document.metadata.page_count == 2
        assert document.notes == ["This PDF has 2 pages; only the first 1 were checked and 1 were skipped."]
        assert all(p.location.page == 1 for p in document.paragraphs)
    finally:
        document.close()
