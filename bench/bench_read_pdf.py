"""How fast coprolint reads a PDF, against what pdfium itself needs to give the same facts.

    python bench/bench_read_pdf.py [PDF or folder ...]     # default: the shared corpus agendas + fixtures
    python bench/bench_read_pdf.py --plumber               # also time pdfplumber's chars + images

Floors, timed in the same run on the same pages:
  objects   pdfium page objects only: load the page, and for every text object its font,
            font size, matrix, fill colour and bounds; for every image its pixel size.
            This is the floor named in the issue; it has no text.
  objects+text  the same plus the text of every text object (FPDFText_LoadPage and
            FPDFTextObj_GetText). A linter needs the words, so this is the fair floor;
            the text page is most of its cost.
  reader    coprolint.readers.pdf.read_pdf: all of the above plus links, tags, lines,
            paragraphs and the model.
The target is reader <= 2x the objects+text floor; the ratio to the bare objects floor is
printed too. Each measure is the best of --repeat runs over all files.
"""

from __future__ import annotations

import argparse
import ctypes
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def default_files() -> list[Path]:
    corpus = ROOT.parent / "shared" / "corpus" / "agendas"
    files = sorted(corpus.glob("*.pdf")) if corpus.is_dir() else []
    files += sorted((ROOT / "fixtures").rglob("*.pdf"))
    return [f for f in files if "bad" not in f.parts]


def floor(paths: list[Path], with_text: bool) -> int:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    l, b, r, t = (ctypes.c_float() for _ in range(4))
    size = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    rgba = [ctypes.c_uint() for _ in range(4)]
    w, h = ctypes.c_uint(), ctypes.c_uint()
    buffer = (ctypes.c_ushort * 4096)()
    pages = 0
    for path in paths:
        try:
            pdf = pdfium.PdfDocument(path)
        except Exception:
            continue
        doc = pdf.raw
        for index in range(raw.FPDF_GetPageCount(doc)):
            page = raw.FPDF_LoadPage(doc, index)
            if not page:
                continue
            textpage = raw.FPDFText_LoadPage(page) if with_text else None
            pages += 1
            for i in range(raw.FPDFPage_CountObjects(page)):
                obj = raw.FPDFPage_GetObject(page, i)
                kind = raw.FPDFPageObj_GetType(obj)
                if kind == 1:
                    font = raw.FPDFTextObj_GetFont(obj)
                    raw.FPDFFont_GetWeight(font)
                    raw.FPDFTextObj_GetFontSize(obj, size)
                    raw.FPDFPageObj_GetMatrix(obj, matrix)
                    raw.FPDFPageObj_GetFillColor(obj, *rgba)
                    raw.FPDFPageObj_GetBounds(obj, l, b, r, t)
                    if textpage:
                        raw.FPDFTextObj_GetText(obj, textpage, buffer, 8192)
                elif kind == 3:
                    raw.FPDFImageObj_GetImagePixelSize(obj, w, h)
                    raw.FPDFPageObj_GetBounds(obj, l, b, r, t)
            if textpage:
                raw.FPDFText_ClosePage(textpage)
            raw.FPDF_ClosePage(page)
        pdf.close()
    return pages


def reader(paths: list[Path]) -> int:
    from coprolint.readers import ReadError
    from coprolint.readers.limits import LIMITS
    from coprolint.readers.pdf import read_pdf

    pages = 0
    for path in paths:
        try:
            document = read_pdf(path, LIMITS)
        except ReadError:
            continue
        pages += len(document.pages)
        document.close()
    return pages


def plumber(paths: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        try:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    _ = page.chars, page.images
                    pages += 1
        except Exception:
            continue
    return pages


def best(fn, *args, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times = []
    pages = 0
    for _ in range(repeat):
        start = time.perf_counter()
        pages = fn(*args)
        times.append(time.perf_counter() - start)
    return min(times), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plumber", action="store_true", help="also time pdfplumber (slow)")
    args = parser.parse_args()
    files: list[Path] = []
    for given in args.paths or default_files():
        files += sorted(given.rglob("*.pdf")) if given.is_dir() else [given]
    if not files:
        sys.exit("no PDF files to read")
    reader(files[:2])  # warm imports and caches once
    floor(files[:2], True)
    t_obj, pages = best(floor, files, False, repeat=args.repeat)
    t_text, _ = best(floor, files, True, repeat=args.repeat)
    t_read, read_pages = best(reader, files, repeat=args.repeat)
    per = lambda t: 1000 * t / max(pages, 1)  # noqa: E731
    print(f"{len(files)} files, {pages} pages (reader read {read_pages})")
    print(f"floor: objects           {per(t_obj):7.2f} ms/page")
    print(f"floor: objects+text      {per(t_text):7.2f} ms/page")
    print(f"coprolint read_pdf       {per(t_read):7.2f} ms/page")
    print(f"ratio reader / objects+text floor: {t_read / t_text:5.2f}x   (target <= 2x)")
    print(f"ratio reader / objects floor:      {t_read / t_obj:5.2f}x")
    if args.plumber:
        t_plumb, _ = best(plumber, files, repeat=1)
        print(f"pdfplumber chars+images  {per(t_plumb):7.2f} ms/page  ({t_plumb / t_obj:.0f}x the objects floor)")


if __name__ == "__main__":
    main()
