"""`coprolint fix`: fixed documents lose the findings that were fixed, gain none, still open and
render; files that could not be fully read, and PDFs, are never touched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY, codes, lint, run_cli

AGENDA = FIXTURES / "fix" / "agenda-to-fix.docx"
FIXED_CODES = {"CPL101", "CPL102", "CPL106", "CPL501"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The agenda fixed once for the whole module: (fixed file, what the command printed)."""
    out = tmp_path_factory.mktemp("fix") / "fixed.docx"
    run = run_cli("fix", AGENDA, "-o", out)
    assert run.exit_code == 0, run.stderr
    return out, run.stdout


def test_the_agenda_has_the_problems_the_fixer_repairs() -> None:
    found = codes(lint(AGENDA, today=TODAY))
    assert FIXED_CODES <= set(found)
    assert found.count("CPL202") == 3  # ICB, CQC and PCN


def test_fixed_findings_are_gone_and_none_are_new(fixed: tuple[Path, str]) -> None:
    before = lint(AGENDA, today=TODAY)
    after = lint(fixed[0], today=TODAY)
    assert after.status == "linted"
    assert not FIXED_CODES & set(codes(after))
    assert set(codes(after)) <= set(codes(before))
    assert not [f for f in after.findings if f.severity == "error"]
    # Only the acronym whose first use is a plural is left for a person.
    left = [f.evidence["acronym"] for f in after.findings if f.code == "CPL202"]
    assert left == ["PCN"]


def test_it_prints_one_line_per_kind_of_change_with_places(fixed: tuple[Path, str]) -> None:
    lines = fixed[1].splitlines()
    fonts = next(line for line in lines if line.startswith("Fonts:"))
    assert '"Times New Roman"' in fonts and '"Comic Sans MS"' in fonts and '"Georgia"' in fonts
    assert "with Arial" in fonts and "the footer" in fonts and '"Normal"' in fonts
    sizes = next(line for line in lines if line.startswith("Text size:"))
    assert "8" in sizes and "9" in sizes and "paragraph 8" in sizes and "the footer" in sizes
    assert "Justified text: left-aligned 1 place (paragraph 3)." in lines
    acronyms = next(line for line in lines if line.startswith("Acronyms: spelt out"))
    assert '"Integrated Care Board (ICB)"' in acronyms and '"Care Quality Commission (CQC)"' in acronyms
    assert any(line.startswith("Acronyms not spelt out") and "PCN" in line for line in lines)
    assert "Title: set the document title to \"Carers' Voice Group meeting\" (from the heading in paragraph 1)." in lines
    assert any(line.startswith("Wrote ") for line in lines)


def test_fixed_document_reopens_with_python_docx(fixed: tuple[Path, str]) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document(str(fixed[0]))
    assert document.core_properties.title == "Carers' Voice Group meeting"
    assert document.styles["Normal"].font.name == "Arial"
    paragraphs = document.paragraphs
    assert paragraphs[2].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert paragraphs[3].text == (
        "People from the Integrated Care Board (ICB) and the Care Quality Commission (CQC) will listen and "
        "answer questions. The ICB funds the café."
    )
    small = [run for p in paragraphs for run in p.runs if run.text.startswith("Parking is free")]
    assert small and small[0].font.size.pt == 12
    footer = document.sections[0].footer.paragraphs[0].runs[-1]
    assert footer.font.name == "Arial" and footer.font.size.pt == 10


def test_every_other_part_is_kept(fixed: tuple[Path, str]) -> None:
    with zipfile.ZipFile(AGENDA) as before, zipfile.ZipFile(fixed[0]) as after:
        assert before.namelist() == after.namelist()
        for name in before.namelist():
            if name.startswith("word/media/") or name.endswith(".rels"):
                assert before.read(name) == after.read(name), name


def test_output_leaves_the_original_alone(tmp_path: Path) -> None:
    source = tmp_path / "agenda.docx"
    shutil.copy2(AGENDA, source)
    before = digest(source)
    run = run_cli("fix", source, "-o", tmp_path / "out.docx")
    assert run.exit_code == 0
    assert digest(source) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.docx", "out.docx"]


def test_in_place_keeps_a_backup_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "agenda.docx"
    shutil.copy2(AGENDA, source)
    original = digest(source)
    run = run_cli("fix", source, "--in-place")
    assert run.exit_code == 0, run.stderr
    backup = tmp_path / "agenda.docx.bak"
    assert digest(backup) == original
    assert digest(source) != original
    assert "CPL101" not in codes(lint(source))
    again = run_cli("fix", source, "--in-place")
    assert again.exit_code == 0
    assert "Nothing to fix" in again.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agenda.docx", "agenda.docx.bak"]


@pytest.mark.parametrize(
    "name, code",
    [
        ("font-times", "CPL101"),
        ("font-style", "CPL101"),
        ("font-theme", "CPL101"),
        ("font-header", "CPL101"),
        ("font-table", "CPL101"),
        ("small-text", "CPL102"),
        ("justified", "CPL106"),
    ],
)
def test_each_typography_fixture_is_fixed(tmp_path: Path, name: str, code: str) -> None:
    source = FIXTURES / "typography" / f"{name}.docx"
    assert code in codes(lint(source))
    out = tmp_path / "fixed.docx"
    run = run_cli("fix", source, "-o", out)
    assert run.exit_code == 0, run.stderr
    result = lint(out)
    assert code not in codes(result)
    assert set(codes(result)) <= set(codes(lint(source)))


def test_theme_fonts_are_replaced(tmp_path: Path) -> None:
    out = tmp_path / "fixed.docx"
    assert run_cli("fix", FIXTURES / "typography" / "font-theme.docx", "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        theme = archive.read("word/theme/theme1.xml").decode()
    assert 'typeface="Cambria"' not in theme
    assert '<a:latin typeface="Arial"' in theme


def test_profile_sets_the_size_bar(tmp_path: Path) -> None:
    out = tmp_path / "large.docx"
    run = run_cli("fix", AGENDA, "-o", out, "--profile", "large-print", "--only", "sizes")
    assert run.exit_code == 0, run.stderr
    assert "to 16 pt (12 pt in headers, footers and notes)" in run.stdout
    assert "CPL102" in codes(lint(AGENDA, profile="large-print"))
    assert "CPL102" not in codes(lint(out, profile="large-print"))
    assert "CPL101" in codes(lint(out))  # --only: the fonts were left alone


def test_font_option(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "verdana.docx"
    assert run_cli("fix", AGENDA, "-o", out, "--font", "verdana").exit_code == 0
    assert docx.Document(str(out)).styles["Normal"].font.name == "Verdana"
    refused = run_cli("fix", AGENDA, "-o", tmp_path / "comic.docx", "--font", "Comic Sans MS")
    assert refused.exit_code == 2 and "not one of the clear fonts" in refused.stderr
    assert not (tmp_path / "comic.docx").exists()


def test_clean_agenda_has_nothing_to_fix(tmp_path: Path) -> None:
    run = run_cli("fix", FIXTURES / "clean" / "agenda-in-person.docx", "-o", tmp_path / "out.docx")
    assert run.exit_code == 0
    assert "Nothing to fix" in run.stdout
    assert not (tmp_path / "out.docx").exists()


def test_pdf_is_refused_with_a_pointer_to_the_source(tmp_path: Path) -> None:
    run = run_cli("fix", FIXTURES / "typography" / "justified.pdf", "-o", tmp_path / "out.pdf")
    assert run.exit_code == 2
    assert "PDFs cannot be fixed" in run.stderr and "source document" in run.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("bad", ["bad/truncated.docx", "bad/encrypted.docx", "bad/empty.docx", "fix/partly-read.docx"])
def test_files_that_cannot_be_fully_read_are_never_touched(tmp_path: Path, bad: str) -> None:
    source = tmp_path / Path(bad).name
    shutil.copy2(FIXTURES / bad, source)
    before = digest(source)
    run = run_cli("fix", source, "--in-place")
    assert run.exit_code == 2
    assert "Traceback" not in run.stderr
    assert "could not be read" in run.stderr.lower() or "could not read" in run.stderr.lower()
    assert digest(source) == before
    assert [p.name for p in tmp_path.iterdir()] == [source.name]


def test_usage_mistakes(tmp_path: Path) -> None:
    assert run_cli("fix", AGENDA).exit_code == 2
    assert run_cli("fix", AGENDA, "-o", tmp_path / "a.docx", "--in-place").exit_code == 2
    same = run_cli("fix", AGENDA, "-o", AGENDA)
    assert same.exit_code == 2 and "--in-place" in same.stderr
    assert run_cli("fix", AGENDA, "-o", tmp_path / "a.docx", "--only", "colours").exit_code == 2
    other = run_cli("fix", AGENDA, "-o", tmp_path / "a.docm")
    assert other.exit_code == 2 and "ending" in other.stderr
    assert not list(tmp_path.iterdir())


def test_paragraph_numbers_match_the_reader() -> None:
    """The fixer names places with the reader's numbers, so its output and the findings agree."""
    from lxml import etree

    from coprolint.fixers.places import number_paragraphs
    from coprolint.readers import read

    for path in (AGENDA, FIXTURES / "clean" / "agenda-in-person.docx", FIXTURES / "typography" / "font-table.docx"):
        document, _ = read(path)
        try:
            model = {p.location.paragraph: p for p in document.paragraphs if p.location.paragraph is not None}
        finally:
            document.close()
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        numbered = number_paragraphs(body)
        assert sorted(loc.paragraph for loc in numbered.values()) == sorted(model)
        for element, location in numbered.items():
            text = "".join(t.text or "" for t in element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
            assert text == model[location.paragraph].text, (path.name, location.paragraph)
            assert location.table == model[location.paragraph].location.table


def test_fixed_document_converts_with_libreoffice(fixed: tuple[Path, str], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer to run this test")
    profile = tmp_path / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(fixed[0])],
        check=True, capture_output=True, timeout=180,
    )
    pdf = tmp_path / "fixed.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    result = lint(pdf, today=TODAY)
    assert result.status == "linted"
    # LibreOffice sets Arial in its metric twin, Liberation Sans: still a clear font.
    assert "CPL101" not in codes(result)
    assert "CPL102" not in codes(result)
