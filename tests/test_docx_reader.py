"""The DOCX reader on real documents built by fixtures/makers/docx_reader.py.

Expected values come from how Word resolves formatting, worked out by hand from the
maker (python-docx's template: theme minor font Cambria, major font Calibri, docDefaults
11 pt, Heading 1 14 pt bold 365F91), not from what the reader printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, lint

from coprolint.model import Document, Location, Paragraph
from coprolint.readers.docx import read_docx

READER = FIXTURES / "reader"


@pytest.fixture(scope="module")
def styles() -> Document:
    return read_docx(READER / "styles.docx")


@pytest.fixture(scope="module")
def parts() -> Document:
    return read_docx(READER / "parts.docx")


@pytest.fixture(scope="module")
def images() -> Document:
    return read_docx(READER / "images.docx")


def para(doc: Document, number: int) -> Paragraph:
    found = [p for p in doc.paragraphs if p.location.paragraph == number]
    assert len(found) == 1, f"paragraph {number} appears {len(found)} times"
    return found[0]


def fmt(paragraph: Paragraph, index: int = 0) -> tuple[object, ...]:
    run = paragraph.runs[index]
    return (run.text, run.font, run.size, run.bold, run.italic, run.underline, run.caps, run.color)


# ---------------------------------------------------------------- effective formatting


def test_theme_fonts_through_doc_defaults_and_heading_styles(styles: Document) -> None:
    assert fmt(para(styles, 1)) == ("Plain body text from the theme", "Cambria", 11.0, False, False, False, False, None)
    heading = para(styles, 2)
    assert fmt(heading) == ("A heading from the major theme font", "Calibri", 14.0, True, False, False, False, "365F91")
    assert (heading.style, heading.heading_level) == ("Heading 1", 1)
    assert heading.runs[0].font_as_written == "Calibri"


def test_based_on_chains_for_paragraph_and_character_styles(styles: Document) -> None:
    assert fmt(para(styles, 3)) == ("Derived paragraph style", "Verdana", 13.0, True, False, False, False, None)
    runs = para(styles, 4).runs
    assert [(r.text, r.font, r.size, r.bold, r.italic) for r in runs] == [
        ("Before ", "Verdana", 13.0, True, False),
        ("stressed", "Tahoma", 20.0, True, True),  # Stress Big < Stress (Tahoma, italic); bold from the paragraph
        (" not bold", "Verdana", 13.0, False, False),  # w:b w:val="0" turns bold off
    ]


def test_style_loop_is_cut_not_followed_forever(styles: Document) -> None:
    assert fmt(para(styles, 5))[1:3] == ("Cambria", 15.0)


def test_direct_formatting_caps_underline_colour_highlight_shading(styles: Document) -> None:
    shout, quiet, themed = para(styles, 6).runs
    assert (shout.text, shout.font, shout.size, shout.caps, shout.underline, shout.color, shout.highlight) == (
        "Shouting", "Times New Roman", 9.5, True, True, "C00000", "FFFF00"
    )
    assert (quiet.caps, quiet.underline, quiet.color, quiet.shading, quiet.font) == (True, False, None, "D9E2F3", "Cambria")
    # A theme colour with no written value is looked up in the theme (accent2 of the template).
    assert (themed.font, themed.color) == ("Calibri", "C0504D")


def test_paragraph_alignment_spacing_outline_and_lists(styles: Document) -> None:
    assert para(styles, 1).alignment == "left"
    assert para(styles, 1).line_spacing == pytest.approx(276 / 240)  # docDefaults spacing
    justified = para(styles, 7)
    assert (justified.alignment, justified.line_spacing) == ("justify", 1.5)
    outlined = para(styles, 8)
    assert (outlined.alignment, outlined.heading_level, outlined.style) == ("center", 3, "Agenda Base")
    assert para(styles, 9).list_item and not para(styles, 1).list_item
    title = para(styles, 10)
    assert (title.style, title.heading_level, title.runs[0].size) == ("Title", None, 26.0)


def test_table_style_fonts_sit_below_paragraph_styles(styles: Document) -> None:
    cells = {(p.location.row, p.location.cell): p for p in styles.paragraphs if p.location.table == 1}
    assert fmt(cells[(1, 1)])[1:3] == ("Century Gothic", 14.0)
    assert fmt(cells[(2, 2)])[1:3] == ("Verdana", 13.0)  # Agenda Base beats the table style
    assert cells[(2, 1)].shading == "FFF2CC"
    assert cells[(2, 1)].location == Location(part="table", paragraph=13, table=1, row=2, cell=1)


def test_hidden_text_is_not_text(styles: Document) -> None:
    assert para(styles, 15).text == "Shown"
    assert "secret" not in styles.text()


def test_metadata(styles: Document) -> None:
    meta = styles.metadata
    assert (meta.author, meta.language, meta.tagged) == ("python-docx", "en-US", None)
    assert meta.producer == "Microsoft Macintosh Word"


# ---------------------------------------------------------------- where text lives


def test_reading_order_numbers_body_tables_and_text_boxes(parts: Document) -> None:
    numbered = [(p.location.paragraph, p.location.part, p.text) for p in parts.paragraphs if p.location.paragraph]
    assert [n for n, _, _ in numbered] == list(range(1, 19))
    assert numbered[:11] == [
        (1, "body", "Opening paragraph"),
        (2, "table", "Time"),
        (3, "table", "Item"),
        (4, "table", "10:00"),
        (5, "table", "Welcome"),
        (6, "table", "Inner A"),
        (7, "table", "Inner B"),
        (8, "table", ""),
        (9, "table", "After inner"),
        (10, "body", "Anchor for a box"),
        (11, "textbox", "Boxed text"),  # once, though Word wrote it in both Choice and Fallback
    ]
    assert sum(p.text == "Boxed text" for p in parts.paragraphs) == 1


def test_nested_tables_and_header_row(parts: Document) -> None:
    outer, inner = parts.tables
    assert outer.header_row and not inner.header_row
    assert outer.cells == [["Time", "Item"], ["10:00", "Welcome\nInner A\nInner B\n\nAfter inner"]]
    assert inner.cells == [["Inner A", "Inner B"]]
    assert (outer.location.table, outer.location.paragraph, inner.location.table, inner.location.paragraph) == (1, 2, 2, 6)
    assert para(parts, 6).location == Location(part="table", page=1, paragraph=6, table=2, row=1, cell=1)
    assert para(parts, 9).location.table == 1  # back in the outer cell after the nested table


def test_headers_and_footers_per_section_each_part_once(parts: Document) -> None:
    furniture = [(p.location.part, p.location.section, p.text) for p in parts.paragraphs
                 if p.location.part in ("header", "footer")]
    assert furniture == [
        ("header", 1, "Header of section one"),
        ("footer", 1, "Footer of section one"),
        ("header", 2, "Header of section two"),
    ]
    header = next(p for p in parts.paragraphs if p.location.part == "header")
    assert header.location.paragraph is None and header.location.label() == "header(s1)"


def test_footnotes_and_endnotes_without_separators(parts: Document) -> None:
    notes = [(p.location.part, p.text, p.runs[0].size) for p in parts.paragraphs if p.location.part in ("footnote", "endnote")]
    assert notes == [("footnote", "A footnote about the venue.", 9.0), ("endnote", "An endnote with sources.", 9.0)]


def test_tracked_changes_are_listed_and_deleted_text_is_not_text(parts: Document) -> None:
    changed = para(parts, 12)
    assert changed.text == "Kept bolded moved 7"  # field result kept, instruction and deletions dropped
    assert "gone" not in parts.text()
    assert "PAGE" not in parts.text()
    assert parts.tracked_changes == [changed.location] * 5  # ins, del, rPrChange, moveFrom, moveTo


def test_links_of_every_kind(parts: Document) -> None:
    assert [(link.text, link.target, link.location.paragraph) for link in parts.links] == [
        ("the papers", "https://example.org/papers", 13),
        ("the agenda", "#agenda", 13),
        ("the map", "https://example.org/map", 13),
    ]
    linked = {run.text: run.link for run in para(parts, 13).runs}
    assert linked["the map"] == "https://example.org/map" and linked["See "] is None


def test_special_characters_and_pages(parts: Document) -> None:
    assert para(parts, 15).text == "Text then\tbreak\nline-two\u00b7"
    assert [para(parts, n).location.page for n in (1, 13, 14, 15, 16, 18)] == [1, 1, 2, 2, 3, 3]
    assert parts.metadata.page_count == 3


def test_comments_with_author_and_anchor(parts: Document) -> None:
    assert len(parts.comments) == 1
    comment = parts.comments[0]
    assert (comment.author, comment.text, comment.location.paragraph) == ("Sam Jones", "Please check this date.", 16)
    assert all(p.location.part != "comment" for p in parts.paragraphs)


def test_generated_documents_have_no_page_numbers(styles: Document) -> None:
    assert all(p.location.page is None for p in styles.paragraphs)
    assert styles.metadata.page_count is None


# ---------------------------------------------------------------- images


def test_images_alt_text_title_decorative_and_sizes(images: Document) -> None:
    got = [(i.location.image, i.location.paragraph, i.format, i.width_px, i.height_px, i.display_width_pt,
            i.display_height_pt, i.frames, i.alt_text, i.decorative) for i in images.images]
    assert got == [
        (1, 2, "png", 64, 48, 96.0, 72.0, 1, "Blue square standing for the venue", False),
        (2, 3, "jpeg", 40, 30, 30.0, 22.5, 1, None, True),
        (3, 4, "png", 20, 10, 40.0, 20.0, 1, None, False),
        (4, 7, "png", 30, 30, 30.0, 30.0, 1, "Photo of the chair", False),
        (5, 8, "gif", 16, 16, 16.0, 16.0, 3, "Flashing arrow", False),
        (6, 9, "png", 64, 48, 72.0, 54.0, 1, "Old style picture of the venue", False),
        (7, 10, "png", 12, 12, 12.0, 12.0, 2, "Blinking dot", False),
    ]
    assert images.images[0].title == "Venue"
    assert images.images[3].location == Location(part="table", paragraph=7, table=1, row=1, cell=2, image=4)


def test_captions_prefer_caption_style_then_nearby_text(images: Document) -> None:
    assert images.images[2].caption == "Figure 1: the room layout"
    assert images.images[3].caption == "Chair"  # the cell before it in the same table
    assert images.images[0].caption == "Pictures for the reader tests"


def test_image_bytes_load_lazily_and_match_the_header(images: Document) -> None:
    first = images.images[0]
    data = first.data()
    assert data is not None and data.startswith(b"\x89PNG")
    assert int.from_bytes(data[16:20], "big") == first.width_px
    assert images.images[1].data()[:2] == b"\xff\xd8"  # type: ignore[index]


# ---------------------------------------------------------------- engine and speed of import


def test_clean_agenda_reads_with_arial_throughout() -> None:
    doc = read_docx(FIXTURES / "clean" / "agenda-in-person.docx")
    fonts = {run.font for p in doc.paragraphs for run in p.runs}
    assert fonts == {"Arial"}
    assert doc.tables[0].header_row
    assert [i.alt_text is not None for i in doc.images] == [True, True]
    assert doc.metadata.language == "en-GB"


def test_reader_module_imports_no_heavy_libraries() -> None:
    import subprocess

    code = (
        "import sys; from pathlib import Path; from coprolint.readers.docx import read_docx; "
        f"read_docx(Path({str(READER / 'images.docx')!r})); "
        "print(sorted(m for m in ('docx', 'PIL', 'pdfplumber', 'pypdfium2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_lints_through_the_engine() -> None:
    result = lint(READER / "parts.docx")
    assert result.status == "linted" and result.format == "docx"
    assert not [f for f in result.findings if f.code in ("CPL000", "CPL001")]


def test_reader_leaves_the_file_untouched(tmp_path: Path) -> None:
    source = READER / "parts.docx"
    before = source.read_bytes()
    read_docx(source).close()
    assert source.read_bytes() == before


# ---------------------------------------------------------------- odd but real-world markup

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _minimal_docx(path: Path, body: str) -> Path:
    """A package with only a main part (no styles, theme or properties), as some tools write."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_MAIN}"><w:body>{body}</w:body></w:document>')
    return path


def test_broken_field_does_not_hide_later_text(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>'
        "<w:p><w:r><w:t>Still here</w:t></w:r></w:p>"
    )
    doc = read_docx(_minimal_docx(tmp_path / "field.docx", body))
    assert [p.text for p in doc.paragraphs] == ["", "Still here"]


def test_without_styles_word_defaults_apply(tmp_path: Path) -> None:
    doc = read_docx(_minimal_docx(tmp_path / "bare.docx", "<w:p><w:r><w:t>Bare</w:t></w:r></w:p>"))
    run = doc.paragraphs[0].runs[0]
    assert (run.font, run.size, doc.paragraphs[0].style) == ("Times New Roman", 10.0, None)
    assert doc.metadata.title is None and doc.notes == []


# ---------------------------------------------------------------- shortcuts against the plain way


def _plain_paragraph_look(walker, pstyle, own):  # type: ignore[no-untyped-def]
    """What every paragraph worked out for itself before looks were kept per paragraph style."""
    props = walker.styles.paragraph_props(pstyle)
    if own:
        props = {**props, **own}
    return (walker.styles.name(pstyle) if pstyle else None, props.get("heading") or props.get("outline"),
            props.get("alignment") or "left", props.get("shading"), bool(props.get("list_item")),
            props.get("line_spacing"))


@pytest.mark.parametrize("name", ["styles.docx", "parts.docx"])
def test_paragraph_looks_kept_per_style_match_working_each_out(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from coprolint.readers.docx_body import Walker

    kept = read_docx(READER / name)
    monkeypatch.setattr(Walker, "_paragraph_look", _plain_paragraph_look)
    plain = read_docx(READER / name)
    assert kept.paragraphs == plain.paragraphs and kept.tables == plain.tables
    assert len({p.style for p in kept.paragraphs}) > 2  # several styles, some paragraphs with their own settings
    if name == "styles.docx":
        assert any(p.alignment != "left" for p in kept.paragraphs)
