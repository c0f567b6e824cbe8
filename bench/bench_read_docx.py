"""How fast coprolint reads a DOCX, against the floor named in the issue.

    python bench/bench_read_docx.py                 # 50 generated agendas of 1-26 pages
    python bench/bench_read_docx.py FILE-OR-DIR ...  # your own documents instead
    python bench/bench_read_docx.py --repeat 7 --keep bench/out/docx   # keep the generated files

Floor: zipfile + lxml walking word/document.xml with styles resolved. It opens the
package, parses styles.xml and document.xml, and for every run takes its text and its
font and size (direct formatting, else the character style, else the paragraph style,
else the document defaults; each style's basedOn chain resolved once and cached). It
reads nothing else: no theme, headers, notes, images or metadata.

Reader: coprolint.readers.docx.read_docx, everything the model carries.
Each measure is the best of --repeat passes over all files. Target: reader <= 2x floor.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def generate(folder: Path, count: int = 50) -> list[Path]:
    """Agendas of 1 to 26 pages: headings, paragraphs with some direct formatting, tables, images,
    headers and footers, links, all made with python-docx."""
    from docx import Document
    from docx.shared import Pt
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (90, 140, 200)).save(buffer, format="PNG")
    picture = buffer.getvalue()
    paths = []
    for index in range(count):
        pages = 1 + index * 25 // (count - 1)
        doc = Document()
        doc.styles["Normal"].font.name = "Arial"
        doc.styles["Normal"].font.size = Pt(12)
        doc.sections[0].header.paragraphs[0].text = "Carers' Voice Group"
        doc.sections[0].footer.paragraphs[0].text = f"Agenda {index + 1}"
        doc.add_heading(f"Meeting {index + 1}", level=1)
        for page in range(pages):
            doc.add_heading(f"Item {page + 1}: what we will talk about", level=2)
            for n in range(5):
                paragraph = doc.add_paragraph("We will look at the plans for the new service and ask what you think. ")
                run = paragraph.add_run("Please bring your ideas. ")
                run.bold = n % 2 == 0
                paragraph.add_run("There will be time for questions and a break with tea and coffee.")
            table = doc.add_table(rows=5, cols=3)
            table.style = doc.styles["Table Grid"]
            for r in range(5):
                for c in range(3):
                    table.cell(r, c).text = ("Time", "What", "Who")[c] if r == 0 else f"{10 + r}:00 item {c}"
            if page % 3 == 0:
                doc.add_picture(io.BytesIO(picture), width=Pt(200))
            doc.add_paragraph("Contact Sam on 0121 496 0123 if you need support to take part.", style="List Bullet")
        path = folder / f"agenda-{index + 1:02d}-{pages}p.docx"
        doc.save(path)
        paths.append(path)
    return paths


def floor_read(path: Path) -> int:
    """The minimal walk: every run's text, font and size, styles resolved once per style id."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(path) as archive:
        styles_root = etree.fromstring(archive.read("word/styles.xml"), parser)
        body = etree.fromstring(archive.read("word/document.xml"), parser)
    styles = {s.get(W + "styleId"): s for s in styles_root.iterchildren(W + "style")}
    defaults = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def props(rpr):  # type: ignore[no-untyped-def]
        found = {}
        if rpr is not None:
            fonts = rpr.find(W + "rFonts")
            if fonts is not None and fonts.get(W + "ascii"):
                found["font"] = fonts.get(W + "ascii")
            size = rpr.find(W + "sz")
            if size is not None:
                found["size"] = size.get(W + "val")
        return found

    cache: dict[str | None, dict] = {}

    def style(sid):  # type: ignore[no-untyped-def]
        if sid in cache:
            return cache[sid]
        element = styles.get(sid)
        resolved: dict = {}
        if element is not None:
            based = element.find(W + "basedOn")
            resolved = dict(style(based.get(W + "val"))) if based is not None else {}
            resolved.update(props(element.find(W + "rPr")))
        cache[sid] = resolved
        return resolved

    base = props(defaults)
    runs = 0
    for paragraph in body.iter(W + "p"):
        ppr = paragraph.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        para_props = {**base, **style(pstyle.get(W + "val") if pstyle is not None else "Normal")}
        for run in paragraph.iter(W + "r"):
            rpr = run.find(W + "rPr")
            effective = para_props
            if rpr is not None:
                rstyle = rpr.find(W + "rStyle")
                effective = {**para_props, **(style(rstyle.get(W + "val")) if rstyle is not None else {}), **props(rpr)}
            text = "".join(t.text or "" for t in run.iter(W + "t"))
            if text and effective is not None:
                runs += 1
    return runs


def reader_read(path: Path) -> int:
    from coprolint.readers.docx import read_docx

    doc = read_docx(path)
    runs = sum(len(p.runs) for p in doc.paragraphs)
    doc.close()
    return runs


def best(fns, paths: list[Path], repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Best time of each function over ``repeat`` passes, interleaved so that a busy machine
    slows both measures alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for slot, fn in enumerate(fns):
            start = time.perf_counter()
            for path in paths:
                fn(path)
            times[slot].append(time.perf_counter() - start)
    return [min(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the generated agendas here (for profiling) instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.paths:
            paths = [p for a in args.paths for p in (sorted(a.rglob("*.docx")) if a.is_dir() else [a])]
        else:
            started = time.perf_counter()
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            paths = generate(folder)
            print(f"generated {len(paths)} agendas in {time.perf_counter() - started:.1f} s")
        for fn in (floor_read, reader_read):  # warm imports and caches outside the timing
            fn(paths[0])
        floor, reader = best((floor_read, reader_read), paths, args.repeat)
    count = len(paths)
    print(f"documents: {count}")
    print(f"floor  (zipfile + lxml, styles resolved): {floor / count * 1000:7.2f} ms/doc")
    print(f"reader (coprolint read_docx):             {reader / count * 1000:7.2f} ms/doc")
    print(f"ratio reader/floor: {reader / floor:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
