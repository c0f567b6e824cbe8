"""The structure rules (CPL501-CPL506): title, language, real headings, table headers, link text, tags.

These are what people who use Word's Accessibility Checker or a PDF/UA checker expect. They
apply to every document, meeting or not. Alternative text and scanned pages are the images
rules' (CPL3xx) business.
"""

from __future__ import annotations

import re
from pathlib import Path

from coprolint.engine import RuleContext, check
from coprolint.meeting import words
from coprolint.model import DOCUMENT, Document, Paragraph

FILE_NAME_TITLE_RE = re.compile(r"\.(?:docx?|pdf|dotx|rtf|odt)\s*$|^microsoft (?:word|powerpoint) - |^untitled\b|^document\d*$", re.IGNORECASE)
URL_TEXT_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


@check("CPL501")
def document_title(document: Document, ctx: RuleContext) -> None:
    title = (document.metadata.title or "").strip()
    stem = Path(document.path).stem
    if title and not FILE_NAME_TITLE_RE.search(title) and title.lower() != stem.lower():
        return
    ctx.report(
        "The document has no title in its properties." if not title
        else f"The document's title is only a file name or placeholder ('{title[:60]}').",
        evidence={"title": title or None},
    )


@check("CPL502")
def document_language(document: Document, ctx: RuleContext) -> None:
    language = (document.metadata.language or "").strip()
    if language:
        return
    where = "its styles" if document.format == "docx" else "its catalogue (/Lang)"
    ctx.report(f"The document's language is not set in {where}.", evidence={"language": None})


def _looks_like_heading(p: Paragraph, body_size: float | None, max_words: int) -> bool:
    text = p.text.strip()
    if not text or p.location.part != "body" or p.list_item:
        return False
    if len(text.split()) > max_words or text.endswith((".", ",", ";")) or not any(ch.isalpha() for ch in text):
        return False
    runs = [r for r in p.runs if r.text.strip()]
    if not runs:
        return False
    bold = all(r.bold for r in runs)
    larger = body_size is not None and all(r.size is not None and r.size >= body_size + 2 for r in runs)
    return bold or larger


def _body_size(document: Document) -> float | None:
    sizes: dict[float, int] = {}
    for p in document.body():
        for r in p.runs:
            if r.size:
                sizes[r.size] = sizes.get(r.size, 0) + len(r.text)
    return max(sizes, key=lambda s: sizes[s]) if sizes else None


# PDF tags that say nothing about what the text is: text under them counts as untagged.
GROUPING_TAGS = frozenset(("NonStruct", "Div", "Span", "Part", "Sect", "Art", "Document", "Private"))
TAGGED_TEXT_SHARE = 0.5  # a PDF is judged when at least this share of its body paragraphs carry tags


def _text_is_tagged(body: list[Paragraph]) -> bool:
    """Whether a PDF's tags cover its text (P, LI, H1...), not only its pictures or nothing."""
    texts = [p for p in body if p.text.strip()]
    tagged = sum(1 for p in texts if p.style and p.style not in GROUPING_TAGS)
    return bool(texts) and tagged >= TAGGED_TEXT_SHARE * len(texts)


@check("CPL503")
def fake_headings(document: Document, ctx: RuleContext) -> None:
    body = document.body()
    if any(p.heading_level for p in body):
        return
    pdf = document.format == "pdf"
    if pdf and not _text_is_tagged(body):
        # Untagged PDFs, and PDFs whose tags cover only pictures, have no heading tags to
        # miss: the tagged-pdf rule speaks for the first, and the second cannot be judged.
        return
    size = _body_size(document)
    if pdf:
        # Only tagged text is judged: a table row read as one untagged line is neither a heading nor what follows one.
        body = [p for p in body if p.style]
    max_words = int(ctx.options.get("max_words", 12))
    candidates: list[Paragraph] = []
    for index, p in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if pdf and p.style != "P":
            continue  # a heading candidate is text the tags call a paragraph (not a caption or list item)
        if _looks_like_heading(p, size, max_words) and following is not None and not _looks_like_heading(following, size, max_words):
            candidates.append(p)
    if len(candidates) < int(ctx.options.get("min_candidates", 2)):
        return
    examples = [p.text.strip()[:50] for p in candidates[:3]]
    ctx.report(
        f"{len(candidates)} lines look like headings (short, bold or larger) but the document has no "
        f"{'heading tags' if pdf else 'real headings'}, "
        f"for example '{examples[0]}'.",
        candidates[0].location,
        evidence={"candidates": len(candidates), "examples": examples, "real_headings": 0},
    )


@check("CPL504")
def table_header_row(document: Document, ctx: RuleContext) -> None:
    if document.format == "pdf" and not document.metadata.tagged:
        return  # without tags a PDF cannot mark header cells: the tagged-pdf rule covers it
    for number, table in enumerate(document.tables, 1):
        rows = [r for r in table.cells if any(c.strip() for c in r)]
        if len(rows) < 2 or max(len(r) for r in rows) < 2 or table.header_row:
            continue
        first = " | ".join(c.strip() for c in rows[0] if c.strip())[:60]
        ctx.report(
            f"Table {number} ({len(rows)} rows) has no header row marked; its first row reads '{first}'.",
            table.location,
            evidence={"rows": len(rows), "columns": max(len(r) for r in rows), "first_row": first},
        )


@check("CPL505")
def link_text(document: Document, ctx: RuleContext) -> None:
    vague = words.phrases("links", "vague")  # matched by lookup: no pattern to compile
    extra = tuple(str(w).lower() for w in ctx.options.get("extra_vague", ()))
    max_url = int(ctx.options.get("max_url_chars", 30))
    for link in document.links:
        text = " ".join(link.text.split())
        bare = text.strip(" .,:;()[]'\"").lower()
        if not bare:
            continue
        if vague.fullmatch(bare) or bare in extra:
            ctx.report(
                f"The link text '{text}' does not say where the link goes ({link.target[:60]}).",
                link.location,
                evidence={"text": text, "target": link.target},
            )
        elif URL_TEXT_RE.match(bare) and len(bare) > max_url:
            ctx.report(
                f"The link text is a bare web address of {len(bare)} characters, which a screen reader reads out letter by letter.",
                link.location,
                evidence={"text": text[:120], "length": len(bare), "limit": max_url},
            )


@check("CPL506")
def tagged_pdf(document: Document, ctx: RuleContext) -> None:
    if document.format != "pdf" or document.metadata.tagged is not False:
        return
    ctx.report(
        "The PDF is not tagged: it has no structure tree, so screen readers get no headings, tables, reading order or alternative text.",
        DOCUMENT,
        evidence={"tagged": False},
    )
