"""CPL503 and CPL504 on tagged PDFs exported by LibreOffice (fixtures/makers/structure_pdf.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, TODAY
from coprolint.config import Config
from coprolint.engine import lint_file

STRUCTURE = FIXTURES / "structure"


def found(path: Path, code: str) -> list:  # type: ignore[type-arg]
    return [f for f in lint_file(path, Config(select=("CPL5",), today=TODAY)).findings if f.code == code]


def test_tagged_agenda_is_quiet() -> None:
    # H1/H2 heading tags and TH cells in the first table row: nothing structural to report.
    result = lint_file(STRUCTURE / "tagged-agenda.pdf", Config(select=("CPL5",), today=TODAY))
    assert result.findings == []


def test_fake_headings_pdf_fires_at_the_first_bold_line() -> None:
    fired = found(STRUCTURE / "fake-headings.pdf", "CPL503")
    assert len(fired) == 1
    # The title and the three section titles are bold P paragraphs; the table's bold header
    # row is TH cells, not a paragraph, so it is not counted.
    assert fired[0].evidence["candidates"] == 4
    assert fired[0].evidence["examples"] == ["Parents' Forum meeting", "Where we will meet", "What we will do"]
    location = fired[0].location
    assert (location.part, location.page, location.line) == ("body", 1, 1)
    assert "no heading tags" in fired[0].message


def test_fake_headings_quiet_when_pdf_tags_only_pictures_or_nothing() -> None:
    # fpdf2 tags only pictures: the clean agenda's bold-looking lines are not judged.
    assert found(FIXTURES / "clean" / "agenda-in-person.pdf", "CPL503") == []
    # No tags at all (the tagged-pdf rule reports it instead).
    paper = FIXTURES / "meeting" / "policy-paper.pdf"
    assert found(paper, "CPL503") == [] and len(found(paper, "CPL506")) == 1


def test_table_without_header_row_pdf_fires_with_the_real_first_row() -> None:
    fired = found(STRUCTURE / "no-table-header.pdf", "CPL504")
    assert len(fired) == 1
    assert "Table 1 (6 rows)" in fired[0].message and "'Time | What we will do | Who'" in fired[0].message
    assert fired[0].evidence == {"rows": 6, "columns": 3, "first_row": "Time | What we will do | Who"}
    location = fired[0].location
    assert (location.part, location.page, location.table) == ("table", 1, 1)
    assert found(STRUCTURE / "no-table-header.pdf", "CPL503") == []  # its headings are real


def test_table_cells_on_one_line_are_read_cell_by_cell() -> None:
    # LibreOffice draws each row on one line: the reader still gives every TD/TH its own text.
    from coprolint.readers import read

    for name, header in (("tagged-agenda", True), ("no-table-header", False)):
        document, _ = read(STRUCTURE / f"{name}.pdf")
        try:
            assert len(document.tables) == 1
            table = document.tables[0]
            assert table.header_row is header
            assert table.cells[0] == ["Time", "What we will do", "Who"]
            assert table.cells[1] == ["10:00", "Welcome and introductions", "Ayesha Khan"]
            assert len(table.cells) == 6
        finally:
            document.close()
