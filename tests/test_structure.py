"""The structure rules (CPL5xx) on real DOCX and PDF files: each fires on its problem, quiet on the clean agendas."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, codes
from coprolint.config import Config
from coprolint.engine import lint_file

MEETING = FIXTURES / "meeting"


def found(path: Path, code: str) -> list:  # type: ignore[type-arg]
    return [f for f in lint_file(path, Config(select=("CPL5",), today=TODAY)).findings if f.code == code]


@pytest.mark.parametrize("path", sorted((FIXTURES / "clean").glob("agenda-*.*")), ids=lambda p: p.name)
def test_clean_agendas_have_sound_structure(path: Path) -> None:
    assert codes(lint_file(path, Config(select=("CPL5",)))) == []


@pytest.mark.parametrize("fmt", ("docx", "pdf"))
def test_document_title_and_language(fmt: str) -> None:
    path = MEETING / f"no-title-language.{fmt}"
    assert len(found(path, "CPL501")) == 1  # document-title
    assert len(found(path, "CPL502")) == 1  # document-language
    assert found(MEETING / f"no-map.{fmt}", "CPL501") == [] and found(MEETING / f"no-map.{fmt}", "CPL502") == []


def test_fake_headings_docx() -> None:
    fired = found(MEETING / "fake-headings.docx", "CPL503")
    assert len(fired) == 1 and fired[0].evidence["candidates"] == 5
    assert found(MEETING / "no-map.docx", "CPL503") == []  # real heading styles


def test_table_header_row_docx() -> None:
    fired = found(MEETING / "no-table-header.docx", "CPL504")
    assert len(fired) == 1 and "Time | What we will do | Who" in fired[0].message
    assert found(MEETING / "no-map.docx", "CPL504") == []


@pytest.mark.parametrize("fmt", ("docx", "pdf"))
def test_link_text(fmt: str) -> None:
    fired = found(MEETING / f"link-text.{fmt}", "CPL505")
    assert len(fired) == 2
    assert "'click here'" in fired[0].message and "bare web address of 75 characters" in fired[1].message
    assert found(MEETING / f"map-link.{fmt}", "CPL505") == []  # "Elm Tree Family Centre on OpenStreetMap"


def test_tagged_pdf() -> None:
    fired = found(MEETING / "policy-paper.pdf", "CPL506")  # fpdf2 writes no tags without tagged pictures
    assert len(fired) == 1 and fired[0].severity == "error"
    assert found(FIXTURES / "clean" / "agenda-in-person.pdf", "CPL506") == []
    assert found(MEETING / "policy-paper.docx", "CPL506") == []  # a Word document has no tags to miss
