"""The PDF reader against fixtures whose every font, size, colour and position is set by
fixtures/makers/pdf_reader.py, plus the line and paragraph rules on hand-placed pieces."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import FIXTURES, lint
from coprolint.model import Document
from coprolint.readers.limits import LIMITS, Limits
from coprolint.readers.pdf import read_pdf
from coprolint.readers.pdf_images import ImageRefused, encode_bmp, image_format
from coprolint.readers.pdf_layout import Piece, build_blocks, build_lines

READER = FIXTURES / "reader"


@pytest.fixture(scope="module")
def fonts() -> Document:
    document = read_pdf(READER / "fonts.pdf", LIMITS)
    yield document
    document.close()


@pytest.fixture(scope="module")
def agenda() -> Document:
    document = read_pdf(READER / "agenda.pdf", LIMITS)
    yield document
    document.close()


def _find(document: Document, start: str):  # type: ignore[no-untyped-def]
    matches = [p for p in document.paragraphs if p.text.startswith(start)]
    assert len(matches) == 1, [p.text for p in document.paragraphs]
    return matches[0]


# ------------------------------------------------------------------ fonts, sizes, styles, colours


@pytest.mark.parametrize(
    "start, font, written, size, bold, italic, colour",
    [
        ("Plain Liberation Sans", "Liberation Sans", "LiberationSans", 12.0, False, False, "000000"),
        ("Bold Liberation Sans", "Liberation Sans", "LiberationSansBold", 14.0, True, False, "1F4E79"),
        ("Italic Liberation Sans", "Liberation Sans", "LiberationSansItalic", 12.0, False, True, "C00000"),
        ("Carlito at sixteen", "Carlito", "Carlito", 16.0, False, False, "141414"),
        ("Carlito bold italic", "Carlito", "CarlitoBoldItalic", 11.0, True, True, "008000"),
        ("Liberation Serif", "Liberation Serif", "LiberationSerif", 10.0, False, False, "000000"),
    ],
)
def test_effective_font_size_style_and_colour(fonts: Document, start: str, font: str, written: str, size: float,
                                              bold: bool, italic: bool, colour: str) -> None:
    paragraph = _find(fonts, start)
    assert len(paragraph.runs) == 1
    run = paragraph.runs[0]
    assert (run.font, run.size, run.bold, run.italic, run.color) == (font, size, bold, italic, colour)
    # fpdf2 embeds subsets: the raw name keeps its six-letter subset prefix.
    assert run.font_as_written is not None and run.font_as_written.endswith("+" + written)
    assert run.font_as_written[6] == "+"


def test_one_line_of_two_styles_is_one_paragraph_of_two_runs(fonts: Document) -> None:
    paragraph = _find(fonts, "Mixed")
    assert paragraph.text == "Mixed bold"
    assert [(r.text, r.bold) for r in paragraph.runs] == [("Mixed ", False), ("bold", True)]


def test_wrapped_lines_join_into_one_justified_paragraph(fonts: Document) -> None:
    paragraph = _find(fonts, "Everyone at the meeting")
    assert paragraph.alignment == "justify"
    assert paragraph.text.count("Everyone at the meeting") == 2  # both copies of the text, one paragraph
    assert "  " not in paragraph.text and "\t" not in paragraph.text
    assert paragraph.location.line == 7  # six single lines come first
    x0, top, x1, bottom = paragraph.location.bbox
    # Left margin 56 pt, right margin 56 pt on A4 (595.28 pt): the text fills the measure.
    assert 56 <= x0 < 62 and 530 < x1 <= 539.3
    assert bottom - top > 4 * 16 - 5  # at least five lines of 16 pt


def test_centred_and_left_alignment(fonts: Document) -> None:
    assert _find(fonts, "This line is centred").alignment == "center"
    assert _find(fonts, "This line is centred").text == "This line is centred. So is this slightly longer one."
    assert _find(fonts, "Plain Liberation Sans").alignment is None  # one line: alignment unknown


def test_lines_are_numbered_top_down_and_boxed_from_the_top_left(fonts: Document) -> None:
    lines = [p.location.line for p in fonts.paragraphs]
    assert lines == sorted(lines) and lines[:6] == [1, 2, 3, 4, 5, 6]
    first = fonts.paragraphs[0].location
    assert first.page == 1 and first.part == "body"
    x0, top, x1, bottom = first.bbox
    assert 56 <= x0 < 62 and 56 <= top < 66 and top < bottom < 80  # near the top margin, not the bottom


def test_page_facts_and_metadata(fonts: Document, agenda: Document) -> None:
    page = fonts.pages[0]
    assert (page.number, page.width_pt, page.height_pt) == (1, 595.28, 841.89)
    assert page.text_chars > 600 and page.image_coverage == 0.0
    meta = agenda.metadata
    assert (meta.title, meta.subject, meta.author, meta.language) == (
        "Reader test: tagged agenda", "Fixture for the PDF reader", "coprolint fixtures", "en-GB")
    assert meta.page_count == 2 and meta.tagged is True
    assert meta.created and meta.created.startswith("D:20")
    assert [p.number for p in agenda.pages] == [1, 2]
    assert fonts.metadata.tagged is False  # no structure tree, no MarkInfo


# ------------------------------------------------------------------ tags, tables, links


def test_headings_come_from_tags(agenda: Document) -> None:
    headings = [(p.text, p.heading_level, p.style, p.location.page) for p in agenda.paragraphs if p.heading_level]
    assert headings == [
        ("Carers' group agenda", 1, "H1", 1),
        ("What we will do", 2, "H2", 1),
        ("How to find us", 2, "H2", 2),
    ]
    body = _find(agenda, "Everyone at the meeting")
    assert body.style == "P" and body.heading_level is None
    assert body.text.endswith("a quiet space.")  # three wrapped lines, one tagged paragraph


def test_untagged_table_rows_keep_their_cells_apart(agenda: Document) -> None:
    rows = [p.text for p in agenda.paragraphs if "\t" in p.text]
    assert rows == ["Time\tItem\tWho", "10:00\tWelcome\tPriya Shah", "10:30\tBudget\tSam Jones"]
    assert _find(agenda, "Time").runs[0].bold is True


def test_links_with_their_text_and_runs_carry_the_target(agenda: Document) -> None:
    assert [(l.text, l.target, l.location.page) for l in agenda.links] == [
        ("join the meeting", "https://example.org/carers/join", 1)]
    paragraph = _find(agenda, "Join online")
    assert paragraph.text == "Join online: join the meeting"
    assert [(r.text, r.link, r.color) for r in paragraph.runs] == [
        ("Join online: ", None, "000000"),
        ("join the meeting", "https://example.org/carers/join", "1F4E79"),
    ]


# ------------------------------------------------------------------ images


def test_images_have_pixels_sizes_alt_text_and_nearby_text(agenda: Document) -> None:
    first, second = agenda.images
    assert (first.width_px, first.height_px, first.format) == (300, 200, "raw")
    assert (first.display_width_pt, first.display_height_pt) == (240.0, 160.0)
    assert first.alt_text == "Map of the route from the bus station"
    assert first.caption == "The entrance is on Station Road."
    assert first.location.page == 2 and first.location.image == 1
    assert (second.width_px, second.height_px, second.alt_text) == (120, 150, None)
    assert second.caption == "A photo of the chair."
    assert second.location.image == 2 and not second.decorative
    assert agenda.pages[1].image_coverage == pytest.approx((240 * 160 + 90 * 112.5) / (595.28 * 841.89), abs=0.002)


def test_image_loader_gives_bmp_pillow_opens_at_full_size(agenda: Document) -> None:
    from PIL import Image

    data = agenda.images[0].data()
    assert data is not None and data.startswith(b"BM")
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.size == (300, 200)
        # The map's background colour, as drawn by fixtures/makers/common.py map_picture.
        assert picture.convert("RGB").getpixel((2, 2)) == (236, 232, 222)


def test_stored_jpeg_is_handed_over_as_stored() -> None:
    document = read_pdf(READER / "jpeg.pdf", LIMITS)
    try:
        image = document.images[0]
        assert image.format == "jpeg" and (image.width_px, image.height_px) == (160, 100)
        assert image.alt_text == "Street map"
        data = image.data()
        assert data is not None and data[:3] == b"\xff\xd8\xff" and data.rstrip(b"\0")[-2:] == b"\xff\xd9"
    finally:
        document.close()


def test_loader_refuses_more_pixels_than_the_limit() -> None:
    document = read_pdf(READER / "agenda.pdf", Limits(max_image_pixels=300 * 200 - 1))
    try:
        with pytest.raises(ImageRefused, match="more than the limit"):
            document.images[0].data()
        assert document.images[1].data() is not None  # 120 x 150 is under it
    finally:
        document.close()


def test_formats_from_the_filter_chain() -> None:
    assert image_format(["DCTDecode"]) == "jpeg"
    assert image_format(["FlateDecode", "DCTDecode"]) == "jpeg"
    assert image_format(["JPXDecode"]) == "jpx"
    assert image_format(["JBIG2Decode"]) == "jbig2"
    assert image_format(["CCITTFaxDecode"]) == "ccitt"
    assert image_format(["FlateDecode"]) == "raw"
    assert image_format([]) == "raw"


def test_bmp_wrapper_swaps_blue_and_red_and_drops_padding() -> None:
    from PIL import Image

    # 2 x 1 BGR pixels, rows padded to 8 bytes: pure blue then pure red.
    bmp = encode_bmp(bytes([255, 0, 0, 0, 0, 255, 9, 9]), 2, 1, 8, 2)
    with Image.open(io.BytesIO(bmp)) as picture:
        assert picture.mode == "RGB" and [picture.getpixel((0, 0)), picture.getpixel((1, 0))] == [(0, 0, 255), (255, 0, 0)]


# ------------------------------------------------------------------ lines and paragraphs on their own


def _piece(text: str, x0: float, baseline: float, size: float = 12, bold: bool = False) -> Piece:
    width = len(text) * size * 0.5
    style = ("Arial", "Arial", size, bold, False, "000000")
    return Piece(text, x0, x0 + width, baseline - size * 0.75, baseline + size * 0.2, baseline, size, style, origin=x0)


def test_wide_gaps_become_tabs_and_small_ones_spaces() -> None:
    line, = build_lines([_piece("Welcome", 200, 100), _piece("10:00", 50, 100), _piece("Chair", 400, 100.5)])
    assert line.text == "10:00\tWelcome\tChair"
    line, = build_lines([_piece("two", 10, 50), _piece("words", 10 + 18 + 4, 50)])
    assert line.text == "two words"
    line, = build_lines([_piece("kern", 10, 50), _piece("ed", 10 + 24 + 1, 50)])
    assert line.text == "kerned"


def test_a_cell_border_in_a_narrow_gap_makes_a_tab() -> None:
    pieces = [_piece("Budget", 10, 50), _piece("Sam", 10 + 36 + 8, 50)]
    assert build_lines(pieces)[0].text == "Budget Sam"
    assert build_lines(pieces, [(50.0, 30.0, 60.0)])[0].text == "Budget\tSam"


def test_text_printed_twice_reads_once_as_bold() -> None:
    line, = build_lines([_piece("Agenda", 10, 50), _piece("Agenda", 10.3, 50)])
    assert line.text == "Agenda" and line.runs[0][1][3] is True


def test_paragraph_breaks_on_gap_size_and_bullets() -> None:
    pieces = [
        _piece("First paragraph line one", 10, 100),
        _piece("and its second line.", 10, 114),
        _piece("After a gap.", 10, 150),
        _piece("Big heading", 10, 172, size=20),
        _piece("\u2022 a bullet", 10, 190),
        _piece("\u2022 another", 10, 204),
    ]
    lines = build_lines(pieces)
    for number, line in enumerate(lines, 1):
        line.number = number
    texts = [" ".join(line.text for line in block.lines) for block in build_blocks(lines)]
    assert texts == ["First paragraph line one and its second line.", "After a gap.", "Big heading", "\u2022 a bullet", "\u2022 another"]


def test_superscript_stays_on_its_line() -> None:
    line, = build_lines([_piece("1", 10, 100), _piece("st", 16 + 1, 96, size=7)])
    assert line.text == "1st"


# ------------------------------------------------------------------ end to end


def test_clean_pdf_agenda_still_lints_clean() -> None:
    result = lint(FIXTURES / "clean" / "agenda-in-person.pdf")
    assert result.status == "linted"
    assert [f.code for f in result.findings if f.severity in ("error", "warning")] == []


def test_reader_never_writes_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "agenda.pdf"
    target.write_bytes((READER / "agenda.pdf").read_bytes())
    before = target.stat().st_mtime_ns, target.read_bytes()
    document = read_pdf(target, LIMITS)
    for image in document.images:
        image.data()
    document.close()
    assert (target.stat().st_mtime_ns, target.read_bytes()) == before


def test_form_xobjects_and_rotated_pages_keep_true_sizes_and_places() -> None:
    document = read_pdf(READER / "form.pdf", LIMITS)
    try:
        found = {p.text: (p.location.page, p.runs[0].size, p.runs[0].font, p.runs[0].bold, p.location.bbox) for p in document.paragraphs}
        # The form is drawn at (100, 600) with a 2x matrix: 12 pt text shows at 24 pt, its baseline 242 pt from the top.
        page, size, font, bold, (x0, top, x1, bottom) = found["Inside the form"]
        assert (page, size, font, bold) == (1, 24.0, "Helvetica", True)
        assert 100 <= x0 < 104 and 240 < bottom < 243 and bottom - top > 15
        assert found["Outside the form"][1] == 12.0
        # Page 2 is turned 90 degrees: it shows landscape, and its text reads across from the left.
        assert (document.pages[1].width_pt, document.pages[1].height_pt) == (842.0, 595.0)
        page, size, _, _, (x0, top, x1, bottom) = found["Rotated page"]
        assert (page, size) == (2, 12.0) and 99 < x0 < 103 and x1 - x0 > bottom - top
    finally:
        document.close()


def test_picture_loaders_share_open_pages_and_refuse_once_the_document_is_closed() -> None:
    from coprolint.readers import read

    document, _ = read(FIXTURES / "images" / "crowded-images.pdf")
    try:
        assert len(document.images) >= 2
        first = [image.data() for image in document.images]
        assert all(first) and [image.data() for image in reversed(document.images)][::-1] == first
    finally:
        document.close()
    with pytest.raises(Exception, match="could not be loaded again"):
        document.images[0].data()


def test_the_walkers_bare_calls_give_what_the_declared_functions_give() -> None:
    # The walker binds pdfium's per-object functions without argument types and hands them
    # ready-made arguments (pdf_page.Calls); pdf_lib's declared functions are the plain way.
    import ctypes

    from coprolint.readers.pdf_lib import pdfium
    from coprolint.readers.pdf_page import SCRATCH, Calls, arg, length_arg

    raw = pdfium()
    calls = Calls(raw)
    ours_buffer, their_buffer = (ctypes.c_ushort * 4096)(), (ctypes.c_ushort * 4096)()
    texts = marked = 0
    for path in (READER / "agenda.pdf", FIXTURES / "structure" / "tagged-agenda.pdf"):
        doc = raw.FPDF_LoadDocument(str(path).encode("utf-8") + b"\0", None)
        page = raw.FPDF_LoadPage(doc, 0)
        textpage = raw.FPDFText_LoadPage(page)
        try:
            for index in range(raw.FPDFPage_CountObjects(page)):
                obj = raw.FPDFPage_GetObject(page, index)
                assert calls.page_object(arg(page), index) == obj
                handle = arg(obj)
                kind = raw.FPDFPageObj_GetType(obj)
                assert calls.kind(handle) == kind
                if kind != 1:
                    continue
                texts += 1
                box = [ctypes.c_float() for _ in range(4)]
                matrix = (ctypes.c_float * 6)()
                size = ctypes.c_float()
                rgba = [ctypes.c_uint() for _ in range(4)]
                assert calls.bounds(handle, *calls.box_at) == raw.FPDFPageObj_GetBounds(obj, *box) == 1
                assert calls.matrix(handle, calls.m_at) == raw.FPDFPageObj_GetMatrix(obj, matrix) == 1
                assert calls.font_size(handle, calls.size_at) == raw.FPDFTextObj_GetFontSize(obj, size) == 1
                assert calls.fill(handle, *calls.rgba_at) == raw.FPDFPageObj_GetFillColor(obj, *rgba) == 1
                expected = (*(v.value for v in box), *matrix, size.value, *(v.value for v in rgba))
                assert SCRATCH.unpack_from(calls.scratch) == expected
                got = calls.text(handle, arg(textpage), arg(ctypes.addressof(ours_buffer)), length_arg(8192))
                assert got == raw.FPDFTextObj_GetText(obj, textpage, their_buffer, 8192) > 2
                assert bytes(ours_buffer)[:got] == bytes(their_buffer)[:got]
                assert calls.render_mode(handle) == raw.FPDFTextObj_GetTextRenderMode(obj)
                assert calls.font(handle) == raw.FPDFTextObj_GetFont(obj)
                mcid = raw.FPDFPageObj_GetMarkedContentID(obj)
                assert calls.mcid(handle) == mcid
                marked += mcid >= 0
        finally:
            raw.FPDFText_ClosePage(textpage)
            raw.FPDF_ClosePage(page)
            raw.FPDF_CloseDocument(doc)
    assert texts > 10 and marked > 3
