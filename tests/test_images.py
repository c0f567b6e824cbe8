"""Picture rules CPL303-CPL309 and coprolint.imaging, on generated pictures and real ones
taken from corpus documents (fixtures/images/pictures, sources in fixtures/images/SOURCES.md)."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image as PIL
from PIL import ImageDraw

from conftest import FIXTURES, lint
from coprolint.imaging import (
    could_be_collage,
    find_collage,
    inspect,
    inspect_bytes,
    saturated_share,
    saturated_share_at_most,
)
from coprolint.model import Image, Location
from coprolint.readers.limits import Limits

IMAGES = FIXTURES / "images"
PICTURES = IMAGES / "pictures"
REAL_QUIET = ["photo-meeting.jpg", "photo-road.jpg", "map-chelsea.jpg", "logo-alameda.png"]


def found(result, code: str):  # type: ignore[no-untyped-def]
    return [f for f in result.findings if f.code == code]


def png(img: PIL.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_photo(size: tuple[int, int], seed: int) -> PIL.Image:
    """Something with a photo's broad spread of tones: overlapping soft shapes in many greys."""
    import random

    rng = random.Random(seed)
    img = PIL.new("RGB", size, (rng.randrange(60, 200),) * 3)
    draw = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(4, max(6, size[0] // 4))
        tone = rng.randrange(0, 255)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(tone, max(0, tone - 20), min(255, tone + 15)))
    return img


# ---------------------------------------------------------------- imaging


def test_thumbnail_is_bounded_and_frames_counted() -> None:
    seen = inspect_bytes(png(PIL.new("RGB", (1200, 800), (120, 130, 140))), Limits(thumbnail_px=128))
    assert seen.problem is None and (seen.width, seen.height) == (1200, 800)
    assert max(seen.thumbnail.size) == 128 and seen.frames == 1
    gif = (IMAGES / "moving-image.docx")  # the GIF itself is rebuilt here to count frames directly
    assert gif.exists()
    frames = [PIL.new("RGB", (40, 20), (i * 40, 90, 90)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert inspect_bytes(buffer.getvalue()).frames == 3


def test_decompression_bomb_is_refused_without_decoding() -> None:
    data = (IMAGES / "decompression-bomb.png").read_bytes()
    assert len(data) < 200
    seen = inspect_bytes(data)
    assert seen.thumbnail is None and "100000 x 100000" in (seen.problem or "")
    # The model's declared size is enough to refuse before the loader is even called.
    calls: list[int] = []
    image = Image(Location(image=1), format="png", width_px=100_000, height_px=100_000,
                  loader=lambda: calls.append(1) or data)  # type: ignore[func-returns-value]
    assert inspect(image).problem and not calls


@pytest.mark.parametrize("data, words", [
    (b"not a picture at all", "not one coprolint can read"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "damaged"),
])
def test_broken_pictures_become_reasons(data: bytes, words: str) -> None:
    assert words in (inspect_bytes(data).problem or "")


def test_metafiles_and_failing_loaders_are_reasons_not_crashes() -> None:
    assert "metafile" in (inspect(Image(Location(), format="emf", loader=lambda: b"x")).problem or "")

    def refuse() -> bytes:
        raise ValueError("it declares too many pixels")

    assert "too many pixels" in (inspect(Image(Location(), format="raw", loader=refuse)).problem or "")
    assert "not in the file" in (inspect(Image(Location(), format="png")).problem or "")


def test_transparent_pixels_do_not_count() -> None:
    img = PIL.new("RGBA", (100, 100), (0, 0, 0, 0))
    ImageDraw.Draw(img).rectangle((0, 0, 29, 99), fill=(255, 0, 0, 255))  # 30% of the area, all of what shows
    seen = inspect_bytes(png(img))
    assert saturated_share(seen, 150, 130) == pytest.approx(1.0, abs=0.02)


def test_saturated_share_measures_what_it_says() -> None:
    img = PIL.new("RGB", (100, 100), (128, 128, 128))
    ImageDraw.Draw(img).rectangle((0, 0, 59, 99), fill=(0, 200, 60))
    assert saturated_share(inspect_bytes(png(img)), 150, 130) == pytest.approx(0.6, abs=0.02)


def test_collage_of_four_photos_with_gutters_is_found() -> None:
    sheet = PIL.new("RGB", (420, 320), (255, 255, 255))
    for i, (x, y) in enumerate([(0, 0), (215, 0), (0, 165), (215, 165)]):
        sheet.paste(noisy_photo((205, 155), i), (x, y))
    found_ = find_collage(inspect_bytes(png(sheet)))
    assert found_.tiles == 4 and found_.lines >= 2


def test_collage_of_abutting_photos_is_found_by_its_joins() -> None:
    sheet = PIL.new("RGB", (400, 300))
    casts = [(1.0, 0.8, 0.6), (0.6, 0.8, 1.0), (0.7, 1.0, 0.7), (1.0, 1.0, 0.5)]  # each photo its own light
    for i, (x, y) in enumerate([(0, 0), (200, 0), (0, 150), (200, 150)]):
        r, g, b = noisy_photo((200, 150), i + 10).split()
        tile = PIL.merge("RGB", [band.point(lambda v, f=f: int(v * f)) for band, f in zip((r, g, b), casts[i])])
        sheet.paste(tile, (x, y))
    assert find_collage(inspect_bytes(png(sheet))).tiles >= 4


def test_single_photo_and_text_like_pictures_are_not_collages() -> None:
    assert find_collage(inspect_bytes(png(noisy_photo((400, 300), 99)))).tiles < 4
    page = PIL.new("RGB", (400, 500), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    for row in range(20):  # lines of "text" with white gaps between them: gutters, but no photos
        for word in range(8):
            draw.rectangle((20 + word * 45, 20 + row * 24, 55 + word * 45, 32 + row * 24), fill=(30, 30, 30))
    assert find_collage(inspect_bytes(png(page))).tiles < 4


@pytest.mark.parametrize("name", REAL_QUIET)
def test_real_photos_maps_and_logos_are_neither_bright_nor_collages(name: str) -> None:
    seen = inspect_bytes((PICTURES / name).read_bytes())
    assert seen.problem is None
    assert saturated_share(seen, 150, 130) < 0.2
    assert find_collage(seen).tiles < 4


def test_real_collage_and_real_bright_picture_are_recognised() -> None:
    collage = inspect_bytes((PICTURES / "collage-playground.jpg").read_bytes())
    assert find_collage(collage).tiles == 4
    bright = inspect_bytes((PICTURES / "bright-penguin.jpg").read_bytes())
    assert saturated_share(bright, 150, 130) > 0.5


def test_cheap_screens_never_rule_out_what_the_full_measures_find() -> None:
    """The rules skip the full measures when a screen says they cannot reach the threshold."""
    sheet = PIL.new("RGB", (420, 320), (255, 255, 255))
    for i, (x, y) in enumerate([(0, 0), (215, 0), (0, 165), (215, 165)]):
        sheet.paste(noisy_photo((205, 155), i), (x, y))
    vivid = PIL.new("RGB", (100, 100), (128, 128, 128))
    ImageDraw.Draw(vivid).rectangle((0, 0, 59, 99), fill=(0, 200, 60))
    pictures = [inspect_bytes((PICTURES / p.name).read_bytes()) for p in sorted(PICTURES.iterdir())]
    pictures += [inspect_bytes(png(sheet)), inspect_bytes(png(vivid))]
    for seen in pictures:
        for min_s, min_v in ((150, 130), (60, 60), (255, 255)):
            assert saturated_share_at_most(seen, min_s, min_v) >= saturated_share(seen, min_s, min_v) - 1e-9
        tiles = find_collage(seen).tiles
        assert all(could_be_collage(seen, wanted) for wanted in range(1, tiles + 1))
    # ... and they do rule out what they are for: a muted photo's colours, a flat drawing's tiles.
    road = inspect_bytes((PICTURES / "photo-road.jpg").read_bytes())
    assert saturated_share_at_most(road, 150, 130) < 0.5
    drawing = PIL.new("RGB", (300, 200), (236, 232, 222))
    ImageDraw.Draw(drawing).rectangle((0, 90, 299, 110), fill=(255, 255, 255))
    ImageDraw.Draw(drawing).ellipse((120, 40, 180, 80), fill=(160, 70, 60))
    assert not could_be_collage(inspect_bytes(png(drawing)), 4)


def test_pdf_bitmaps_open_as_bmp_with_the_same_pixels_as_pillows_raw_reading() -> None:
    """pdfium's layouts (1 grey, 2 BGR, 3 BGRx, 4 BGRA, rows padded) wrapped as BMP, checked
    against Pillow reading the same bytes raw, plus one pixel worked out by hand for each layout."""
    import random

    from coprolint.readers.pdf_images import encode_bmp

    modes = {1: ("L", "L"), 2: ("RGB", "BGR"), 3: ("RGB", "BGRX"), 4: ("RGBA", "BGRA")}

    rng = random.Random(5)
    for kind, channels in ((1, 1), (2, 3), (3, 4), (4, 4)):
        for width, height, padding in ((1, 1, 0), (5, 3, 1), (7, 4, 8)):
            stride = (width * channels + 3) // 4 * 4 + padding
            data = bytes(rng.randrange(256) for _ in range(stride * height))
            mode, rawmode = modes[kind]
            reference = PIL.frombytes(mode, (width, height), data, "raw", rawmode, stride)
            with PIL.open(io.BytesIO(encode_bmp(data, width, height, stride, kind))) as bmp:
                assert bmp.format == "BMP" and (bmp.mode, bmp.size) == (reference.mode, reference.size)
                assert bmp.tobytes() == reference.tobytes()
    first = {1: 10, 2: (30, 20, 10), 3: (30, 20, 10), 4: (30, 20, 10, 40)}  # top-left pixel of 10 20 30 40 ...
    for kind, expected in first.items():
        data = bytes([10, 20, 30, 40, 50, 60, 70, 80]) * 2
        with PIL.open(io.BytesIO(encode_bmp(data, 2, 2, 8, kind))) as bmp:
            assert bmp.getpixel((0, 0)) == expected


# ---------------------------------------------------------------- the rules on documents


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_quiet_pictures_stay_quiet(suffix: str) -> None:
    result = lint(IMAGES / f"pictures-quiet.{suffix}")
    assert not [f for f in result.findings if f.family == "images"], [f.message for f in result.findings]


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_bright_image(suffix: str) -> None:
    hits = found(lint(IMAGES / f"bright-image.{suffix}"), "CPL303")
    assert len(hits) == 1 and hits[0].needs_review and hits[0].severity == "suggestion"
    assert hits[0].evidence["saturated_share"] > hits[0].evidence["threshold"] == 0.5
    assert hits[0].message.startswith("Is this picture too vivid?")


def test_bright_image_ignores_small_pictures() -> None:
    hits = found(lint(IMAGES / "bright-image.docx", rules={"bright-image": {"min_side_pt": 400.0}}), "CPL303")
    assert hits == []


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_collage(suffix: str) -> None:
    hits = found(lint(IMAGES / f"collage.{suffix}"), "CPL304")
    assert len(hits) == 1 and hits[0].needs_review and hits[0].evidence["photo_tiles"] == 4
    assert hits[0].location.image == 1


def test_moving_image_in_docx_and_not_in_pdf() -> None:
    hits = found(lint(IMAGES / "moving-image.docx"), "CPL305")
    assert len(hits) == 1  # the still GIF beside it is quiet
    assert hits[0].evidence["frames"] == 3 and hits[0].severity == "warning"
    assert found(lint(IMAGES / "moving-image.pdf"), "CPL305") == []  # a PDF shows one frame


def test_missing_alt_text_in_docx() -> None:
    hits = found(lint(IMAGES / "missing-alt-text.docx"), "CPL306")
    by_image = {f.location.image: f for f in hits}
    assert set(by_image) == {1, 2}  # picture 3 is described; picture 4 is marked decorative
    assert by_image[1].severity == "error" and not by_image[1].needs_review
    assert by_image[2].needs_review and "file name" in by_image[2].message


def test_missing_alt_text_in_tagged_and_untagged_pdf() -> None:
    hits = found(lint(IMAGES / "missing-alt-text.pdf"), "CPL306")
    assert [f.location.image for f in hits] == [2]
    untagged = found(lint(IMAGES / "untagged-pictures.pdf"), "CPL306")
    assert len(untagged) == 1 and "no tags" in untagged[0].message and untagged[0].evidence["pictures"] == 2


@pytest.mark.parametrize("text, weak", [
    ("IMG_1234.jpg", True), ("image1.png", True), ("Picture", True), ("image 3", True), ("C:\\photos\\dsc001.JPG", True),
    ("A person sitting, description automatically generated", True),
    ("Map showing the way from the bus station", False), ("Photo of Priya Shah, who chairs the group", False),
])
def test_weak_alt_text(text: str, weak: bool) -> None:
    from coprolint.checks.images import weak_alt_text

    assert (weak_alt_text(text) is not None) is weak


def test_scanned_page() -> None:
    hits = found(lint(IMAGES / "scanned-page.pdf"), "CPL307")
    assert len(hits) == 1 and hits[0].severity == "error" and hits[0].evidence["pages"] == [1]
    assert "screen reader" in hits[0].message
    assert found(lint(IMAGES / "not-scanned.pdf"), "CPL307") == []
    # The page's own picture is not asked for alt text on top of that.
    assert found(lint(IMAGES / "scanned-page.pdf"), "CPL306") == []


def test_image_not_inspected_for_a_decompression_bomb() -> None:
    result = lint(IMAGES / "decompression-bomb.docx")
    assert result.status == "linted"
    hits = found(result, "CPL308")
    assert len(hits) == 1 and "megapixel limit" in hits[0].message and hits[0].evidence["pictures"] == [1]


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_crowded_images(suffix: str) -> None:
    hits = found(lint(IMAGES / f"crowded-images.{suffix}"), "CPL309")
    assert len(hits) == 1 and hits[0].needs_review and hits[0].evidence["pictures"] == 6
    assert found(lint(IMAGES / f"crowded-images.{suffix}", rules={"crowded-images": {"min_images": 7}}), "CPL309") == []


def test_picture_strips_count_as_one_picture() -> None:
    from coprolint.checks.images import picture_blocks

    strips = [(0.0, y * 10.0, 200.0, y * 10.0 + 10.0) for y in range(20)]
    assert picture_blocks(strips) == [(0.0, 0.0, 200.0, 200.0)]
    apart = [(0.0, 0.0, 100.0, 100.0), (150.0, 0.0, 250.0, 100.0)]
    assert len(picture_blocks(apart)) == 2


def test_each_picture_is_decoded_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import coprolint.imaging as imaging

    calls: list[int] = []
    real = imaging.inspect_bytes

    def counting(data: bytes, limits: Limits = imaging.LIMITS):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(data, limits)

    monkeypatch.setattr(imaging, "inspect_bytes", counting)
    lint(IMAGES / "collage.docx")
    assert len(calls) == 1  # bright-image, collage, moving-image and image-not-inspected share it


def test_a_picture_placed_again_is_decoded_and_measured_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same bytes in one document: one decode and one collage cut, yet a finding per placement."""
    import coprolint.imaging as imaging
    from coprolint.catalog import load_catalogue
    from coprolint.checks.images import collage
    from coprolint.config import Config
    from coprolint.engine import RuleContext
    from coprolint.model import Document

    sheet = PIL.new("RGB", (420, 320), (255, 255, 255))
    for i, (x, y) in enumerate([(0, 0), (215, 0), (0, 165), (215, 165)]):
        sheet.paste(noisy_photo((205, 155), i), (x, y))
    pictures = [png(sheet), png(noisy_photo((300, 200), 7)), png(sheet)]
    doc = Document(path="made-up.docx", format="docx", images=[
        Image(Location(part="body", image=i + 1), format="png", width_px=420, height_px=320,
              display_width_pt=300.0, display_height_pt=230.0, loader=lambda data=data: data)
        for i, data in enumerate(pictures)
    ])
    decodes: list[int] = []
    cuts: list[int] = []
    real_decode, real_cut = imaging.inspect_bytes, imaging.find_collage
    monkeypatch.setattr(imaging, "inspect_bytes", lambda data, limits: decodes.append(1) or real_decode(data, limits))
    monkeypatch.setattr(imaging, "find_collage", lambda seen: cuts.append(1) or real_cut(seen))
    ctx = RuleContext(load_catalogue()["CPL304"], Config(), "made-up.docx", {})
    collage(doc, ctx)
    assert len(decodes) == 2 and len(cuts) == 2  # the photo is cut too: its tones do not rule it out
    assert [f.location.image for f in ctx.findings] == [1, 3]


def test_clean_agendas_have_no_picture_findings() -> None:
    for path in (FIXTURES / "clean").glob("agenda-in-person.*"):
        assert not [f for f in lint(path).findings if f.family == "images"], path


def test_png_and_bmp_open_directly_with_the_same_pixels_and_damage_is_judged_as_before() -> None:
    from coprolint import imaging

    picture = PIL.new("RGB", (64, 40), (200, 40, 30))
    picture.paste((20, 90, 200), (0, 0, 32, 40))
    for kind in ("PNG", "BMP"):
        out = io.BytesIO()
        picture.save(out, format=kind)
        seen = imaging.inspect_bytes(out.getvalue())
        assert (seen.problem, seen.format, seen.width, seen.height) == (None, kind.lower(), 64, 40)
        assert seen.thumbnail is not None and seen.thumbnail.tobytes() == picture.tobytes()
    broken = out.getvalue()[:30]  # a BMP cut short: Pillow's own judgement, through Image.open
    assert imaging.inspect_bytes(broken).problem is not None
    assert imaging.inspect_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).problem == "its format is not one coprolint can read"


def test_plain_pictures_decode_to_the_same_pixels_as_pillows_readers() -> None:
    """Plain PNGs and the PDF reader's BMPs skip Pillow's format readers; their pixels must not change,
    and anything else (palettes, damage) must be left to those readers."""
    from PIL.BmpImagePlugin import BmpImageFile
    from PIL.PngImagePlugin import PngImageFile

    from coprolint.plain_pictures import plain_bmp, plain_png
    from coprolint.readers.pdf_images import encode_bmp

    photo = noisy_photo((61, 37), 3)
    for mode in ("RGB", "RGBA", "L", "LA"):
        picture = photo.convert(mode)
        if mode in ("RGBA", "LA"):
            picture.putalpha(PIL.linear_gradient("L").resize(picture.size))
        out = io.BytesIO()
        picture.save(out, format="PNG", dpi=(96, 96))
        data = out.getvalue()
        plain, pillow = plain_png(data), PngImageFile(io.BytesIO(data))
        assert plain is not None and (plain.mode, plain.size) == (pillow.mode, pillow.size)
        assert plain.tobytes() == pillow.tobytes(), mode
        assert plain_png(data[:-20]) is None  # cut short: Pillow's reader judges it
        assert plain_png(data[:40] + bytes([data[40] ^ 1]) + data[41:]) is None  # a checksum that does not match
    assert plain_png(png(photo.convert("P"))) is None  # palettes stay with Pillow
    for kind, channels in ((1, 1), (2, 3), (3, 4), (4, 4)):
        width, height, stride = 13, 7, 13 * channels + 4
        pixels = bytes((i * 37 + kind) % 256 for i in range(stride * height))
        data = encode_bmp(pixels, width, height, stride, kind)
        plain, pillow = plain_bmp(data), BmpImageFile(io.BytesIO(data))
        assert plain is not None and (plain.mode, plain.size) == (pillow.mode, pillow.size)
        assert plain.tobytes() == pillow.tobytes(), kind
        assert plain_bmp(data[:-1]) is None
    out = io.BytesIO()
    photo.save(out, format="BMP")  # bottom-up with a short header: Pillow's reader
    assert plain_bmp(out.getvalue()) is None


def test_plain_png_takes_pixels_split_over_chunks_and_leaves_odd_layouts_and_damage_to_pillow() -> None:
    import struct
    import zlib

    from coprolint import imaging
    from coprolint.plain_pictures import GREY_PALETTE, plain_bmp, plain_png
    from coprolint.readers.pdf_images import encode_bmp

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    picture = PIL.linear_gradient("L").resize((40, 30)).convert("RGB")
    rows = picture.tobytes()
    stream = zlib.compress(b"".join(b"\0" + rows[y * 120 : (y + 1) * 120] for y in range(30)))  # filter 0 rows
    head = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0))
    first, second = chunk(b"IDAT", stream[:100]), chunk(b"IDAT", stream[100:])
    gamma, end = chunk(b"gAMA", struct.pack(">I", 45455)), chunk(b"IEND", b"")
    plain = plain_png(head + first + second + gamma + end)  # pixels in two chunks, a plain chunk after them
    assert plain is not None and plain.tobytes() == rows
    damaged = head + chunk(b"IDAT", stream[:10] + b"\xff" * 20 + stream[30:]) + end
    assert plain_png(head + first + gamma + second + end) is None  # pixels split by another chunk
    for data in (damaged, head + end):  # a broken stream, no pixels: Pillow's reader refuses them
        assert plain_png(data) is None
        assert (imaging.inspect_bytes(data).problem or "").startswith("it is damaged or incomplete")
    unended = head + first + second  # no IEND: Pillow reads it all the same
    assert plain_png(unended) is None
    seen = imaging.inspect_bytes(unended)
    assert seen.problem is None and seen.thumbnail is not None and seen.thumbnail.tobytes() == rows
    grey = encode_bmp(bytes(range(13)) * 7, 13, 7, 13, 1)
    assert grey[122 : 122 + 1024] == GREY_PALETTE and plain_bmp(grey) is not None
    assert plain_bmp(grey[:126] + b"\x09" + grey[127:]) is None  # another palette: Pillow maps the colours


def test_jpeg_and_gif_open_directly_as_image_open_would() -> None:
    """JPEGs and GIFs skip Image.open's five readers but get what it gives: the same frames, and
    its refusal of a size that only the reader finds (here behind two large metadata blocks)."""
    import struct

    from coprolint import imaging

    photo = noisy_photo((64, 40), 5)
    frames = [photo.convert("P"), noisy_photo((64, 40), 6).convert("P")]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
    seen = imaging.inspect_bytes(out.getvalue())
    assert (seen.problem, seen.format, seen.frames) == (None, "gif", 2)
    out = io.BytesIO()
    photo.save(out, format="JPEG")
    jpeg = out.getvalue()
    seen = imaging.inspect_bytes(jpeg)
    expected = PIL.open(io.BytesIO(jpeg)).convert("RGB")
    assert (seen.problem, seen.format) == (None, "jpeg") and seen.thumbnail.tobytes() == expected.tobytes()
    padding = b"\xff\xe5" + struct.pack(">H", 65535) + bytes(65533)
    start = jpeg.index(b"\xff\xc0")
    huge = jpeg[:2] + padding * 2 + jpeg[2 : start + 5] + struct.pack(">HH", 9000, 9000) + jpeg[start + 9 :]
    assert imaging.inspect_bytes(huge).problem == "it declares more pixels than coprolint will decode safely"


def test_pictures_placed_again_are_recognised_by_their_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same bytes share one inspection; other bytes of the same length do not, whether they are
    compared whole or, past the bytes a document keeps, by checksum."""
    from coprolint import imaging

    first, other = png(noisy_photo((50, 40), 1)), png(noisy_photo((50, 40), 2))
    other = other[: len(first)].ljust(len(first), b"\0")  # same length, different bytes
    for keep in (imaging.KEEP_BYTES, 0):
        monkeypatch.setattr(imaging, "KEEP_BYTES", keep)
        decoded = imaging.Decoded()
        placed = [Image(Location(), format="png", loader=lambda data=data: bytes(data)) for data in (first, other, first)]
        seen = [imaging.inspect(image, decoded=decoded) for image in placed]
        assert seen[0] is seen[2] and seen[1] is not seen[0]
        assert isinstance(decoded.by_length[len(first)][0][0], bytes if keep else int)


def test_picture_headers_give_the_size_of_old_and_new_bmps() -> None:
    from coprolint.readers.image_header import sniff_image

    for size in ((10, 10), (300, 7)):
        written = io.BytesIO()
        PIL.new("RGB", size, (10, 20, 30)).save(written, format="BMP")
        new_style = written.getvalue()
        assert sniff_image(new_style[:64]) == ("bmp", *size, 1, True)
        # The same picture with the oldest, 12-byte header: 16-bit width and height.
        old_header = struct.pack("<IHHHH", 12, size[0], size[1], 1, 24)
        pixels = new_style[54:]
        old_style = b"BM" + struct.pack("<IHHI", 14 + 12 + len(pixels), 0, 0, 26) + old_header + pixels
        with PIL.open(io.BytesIO(old_style)) as opened:
            assert opened.size == size  # Pillow reads it as that size too
        assert sniff_image(old_style[:64]) == ("bmp", *size, 1, True)
