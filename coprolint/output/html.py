"""The HTML report: one self-contained page for people who are not programmers.

A summary first (how many documents, how many need changes, the most common problems),
then each document's findings grouped by the guidance's areas and by rule, each rule with
its plain explanation and source, each finding with where to find it in words and what to
do. Pictures where looking beats reading: thumbnails of flagged images, swatches of flagged
colours, and PDF pages with the flagged places outlined and numbered (made by
``visuals.capture`` while the document was open).

The page must itself be accessible: landmarks, headings in order, a skip link, visible
focus, severity told by an icon and a word (never colour alone), an approved font, and alt
text on every picture. It loads nothing from outside: CSS inline, pictures as data: URIs.
"""

from __future__ import annotations

import datetime
from collections import Counter
import html
import re
from typing import Any, Iterable, TextIO

from coprolint import __version__
from coprolint.catalog import FAMILIES, SEVERITY_RANK, RuleInfo, find_rule
from coprolint.colour import parse_hex, to_oklch
from coprolint.engine import FileResult, Finding, count_by_severity
from coprolint.output.visuals import VISUALS_KEY, bbox_key

SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "suggestion": "Suggestion"}
SEVERITY_MEANING = {
    "error": "the document does not meet the guidance",
    "warning": "the document probably does not meet the guidance",
    "suggestion": "worth a look; some are questions for a person",
}
# Small shapes that differ by outline as well as colour: octagon, triangle, circle.
ICONS = {
    "error": '<path d="M5 1h6l4 4v6l-4 4H5l-4-4V5z"/><path d="M5.5 5.5l5 5m0-5l-5 5" class="mark"/>',
    "warning": '<path d="M8 1l7.5 14h-15z"/><path d="M8 6v4.5m0 2v.5" class="mark"/>',
    "suggestion": '<circle cx="8" cy="8" r="7"/><path d="M8 7v5m0-8v.5" class="mark"/>',
}
# Evidence keys that hold colours, and how to name them for people.
COLOUR_KEYS = {
    "colour": "Colour found",
    "color": "Colour found",
    "foreground": "Text colour",
    "background": "Background",
    "muted_alternative": "Calmer colour to use instead",
}
TOP_PROBLEMS = 5
# Pictures in one report, in characters of data: URIs; past it, pictures are named in words
# so that a report over hundreds of documents still opens quickly.
PICTURE_BUDGET = 20_000_000
# Characters HTML does not allow, which damaged documents sometimes carry into messages.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(value: str, quote: bool = True) -> str:
    return html.escape(_CONTROL.sub("", value), quote=quote)


def within_budget(results: list[FileResult], budget: int = PICTURE_BUDGET) -> tuple[list[dict[str, Any]], int]:
    """Each result's pictures, in report order, until the budget is spent: (visuals, pictures left out)."""
    kept: list[dict[str, Any]] = []
    left, skipped = budget, 0
    for result in results:
        visuals = result.extra.get(VISUALS_KEY) or {}
        trimmed: dict[str, Any] = {"images": {}, "pages": {}}
        for kind in ("images", "pages"):
            for key, picture in (visuals.get(kind) or {}).items():
                size = len(picture.get("src", ""))
                if size > left:
                    skipped += 1
                    continue
                left -= size
                trimmed[kind][key] = picture
        kept.append(trimmed)
    return kept, skipped

CSS = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --focus: #1a3e8c; --accent: #1a3e8c; }
* { box-sizing: border-box; }
html { font-family: Arial, Verdana, Tahoma, "Liberation Sans", sans-serif; font-size: 100%; }
body { margin: 0; color: var(--ink); background: #ffffff; line-height: 1.5; }
.wrap { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem; }
header.top { background: #f2f4f7; border-bottom: 1px solid var(--line); padding: 1rem 0; }
h1 { font-size: 1.9rem; margin: 0.3rem 0; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.6rem; padding-top: 0.6rem; border-top: 3px solid var(--line); }
h3 { font-size: 1.25rem; margin: 1.6rem 0 0.4rem; }
h4 { font-size: 1.1rem; margin: 1.2rem 0 0.3rem; }
p, li, dd { max-width: 48rem; }
a { color: var(--accent); text-decoration: underline; }
a:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; background: #fff6c2; color: #000;
}
/* Targets of the skip link and page links: a frame, not a highlight over everything inside. */
main:focus-visible, [tabindex="-1"]:focus-visible { outline: 3px solid var(--focus); outline-offset: 4px; }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; background: #ffffff; color: var(--accent);
  padding: 0.6rem 1rem; border: 3px solid var(--focus); z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.meta { color: var(--muted); margin: 0; }
.counts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.2rem; padding: 0; list-style: none; }
.sev { display: inline-flex; align-items: center; gap: 0.3rem; font-weight: bold; padding: 0.05rem 0.45rem;
  border: 1px solid currentColor; border-radius: 0.3rem; white-space: nowrap; }
.sev svg { width: 1em; height: 1em; fill: currentColor; }
.sev svg .mark { stroke: #ffffff; stroke-width: 1.8; fill: none; stroke-linecap: round; }
.sev-error { color: #8a0013; background: #fdecee; }
.sev-warning { color: #5a3b00; background: #fff3d9; }
.sev-suggestion { color: #0b4566; background: #e6f2fa; }
.review { font-style: normal; color: var(--muted); }
.status { font-size: 1.1rem; }
.rule-explain { margin: 0.2rem 0; }
.source { color: var(--muted); font-size: 0.95rem; margin: 0.2rem 0 0.6rem; }
ul.findings { list-style: none; padding: 0; margin: 0.4rem 0 1rem; }
ul.findings > li { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 0.3rem;
  padding: 0.6rem 0.9rem; margin: 0 0 0.7rem; }
ul.findings > li.error { border-left-color: #8a0013; }
ul.findings > li.warning { border-left-color: #8a6100; }
ul.findings > li.suggestion { border-left-color: #0b4566; }
.message { margin: 0.3rem 0; font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 0.8rem; margin: 0.3rem 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
.swatches { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 0.4rem 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 1.6rem; height: 1.6rem; border: 1px solid #6b6b6b; border-radius: 0.2rem;
  vertical-align: middle; margin-right: 0.35rem; }
.sample { display: inline-block; padding: 0.2rem 0.6rem; border: 1px solid #6b6b6b; font-size: 1.05rem; }
figure { margin: 0.6rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #8a8a8a; background: #ffffff; }
figcaption { color: var(--muted); font-size: 0.95rem; }
.pages { display: flex; flex-wrap: wrap; gap: 1.2rem; }
.pages figure { max-width: 25rem; }
details { margin: 0.3rem 0; }
summary { cursor: pointer; color: var(--accent); }
table.top { border-collapse: collapse; margin: 0.5rem 0; }
table.top th, table.top td { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
table.top th { background: #f2f4f7; }
footer { margin: 3rem 0 2rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: 0.8rem; }
@media print { .skip-link { display: none; } }
"""


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def severity_badge(severity: str) -> str:
    """An icon and a word, so severity never depends on colour alone."""
    return (
        f'<span class="sev sev-{severity}"><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
        f"{ICONS[severity]}</svg>{SEVERITY_WORDS[severity]}</span>"
    )


def needs_changes(result: FileResult) -> bool:
    """Errors or warnings, or a file that could not be read or checked."""
    return result.status != "linted" or any(f.severity in ("error", "warning") for f in result.findings)


# ---------------------------------------------------------------- colours


def colour_words(hex_value: str) -> str:
    """A rough everyday name ("bright red", "pale blue", "dark grey") to go with the hex code."""
    rgb = parse_hex(hex_value)
    if rgb is None:
        return ""
    colour = to_oklch(rgb)
    if colour.chroma < 0.03:
        if colour.lightness > 0.95:
            return "white"
        if colour.lightness < 0.2:
            return "black"
        return "light grey" if colour.lightness > 0.7 else "dark grey" if colour.lightness < 0.45 else "grey"
    hues = ((20, "pink"), (45, "red"), (75, "orange"), (125, "yellow"), (165, "green"), (215, "teal"),
            (275, "blue"), (330, "purple"), (361, "pink"))
    name = next(word for limit, word in hues if colour.hue < limit)
    if name in ("red", "orange", "yellow") and colour.lightness < 0.6 and colour.chroma < 0.13:
        name = "brown"
    if colour.chroma >= 0.15 and colour.lightness >= 0.45:
        tone = "bright "
    elif colour.lightness >= 0.85:
        tone = "pale "
    elif colour.lightness < 0.4:
        tone = "dark "
    else:
        tone = ""
    return tone + name


def _swatch(hex_value: str) -> str:
    code = hex_value.strip().lstrip("#").upper()
    words = colour_words(code)
    named = f" ({escape(words)})" if words else ""
    return f'<span class="swatch" style="background-color:#{escape(code)}" aria-hidden="true"></span><code>#{escape(code)}</code>{named}'


def _colour_part(evidence: dict[str, Any]) -> str:
    hexes = {k: v for k, v in evidence.items() if isinstance(v, str) and k in COLOUR_KEYS and parse_hex(v) is not None}
    if not hexes:
        return ""
    items = [f"<li>{escape(COLOUR_KEYS[key])}: {_swatch(value)}</li>" for key, value in hexes.items()]
    sample = ""
    if "foreground" in hexes and "background" in hexes:
        fg, bg = hexes["foreground"].lstrip("#"), hexes["background"].lstrip("#")
        sample = (
            f'<li>How it looks: <span class="sample" style="color:#{escape(fg)};background-color:#{escape(bg)}">'
            "Sample text, as in the document</span></li>"
        )
    return f'<ul class="swatches">{"".join(items)}{sample}</ul>'


def _measurements(evidence: dict[str, Any]) -> str:
    rows = []
    for key, value in evidence.items():
        if key in COLOUR_KEYS:
            continue
        if isinstance(value, (list, dict)):
            if len(value) > 12:
                continue
            value = ", ".join(str(v) for v in value) if isinstance(value, list) else ", ".join(f"{k}: {v}" for k, v in value.items())
        rows.append(f"<dt>{escape(key.replace('_', ' ').replace('-', ' '))}</dt><dd>{escape(str(value))}</dd>")
    if not rows:
        return ""
    return f'<details><summary>What coprolint measured</summary><dl class="facts">{"".join(rows)}</dl></details>'


# ---------------------------------------------------------------- pictures


def _image_figure(finding: Finding, visuals: dict[str, Any]) -> str:
    number = finding.location.image
    picture = visuals.get("images", {}).get(str(number)) if number is not None else None
    if not picture:
        return ""
    alt_text = picture.get("alt_text")
    if alt_text:
        alt = f"Image {number} from the document. Its alternative text reads: {alt_text}"
    elif picture.get("decorative"):
        alt = f"Image {number} from the document, marked as decorative"
    else:
        alt = f"Image {number} from the document, which has no alternative text"
    caption = f"Image {number} as it appears in the document"
    if int(picture.get("frames") or 1) > 1:
        caption += f" (it moves: {picture['frames']} frames; the first is shown still)"
    return (
        f'<figure><img src="{escape(picture["src"], quote=True)}" width="{int(picture["width"])}" '
        f'height="{int(picture["height"])}" alt="{escape(alt, quote=True)}"><figcaption>{escape(caption)}.</figcaption></figure>'
    )


def _page_mark(finding: Finding, visuals: dict[str, Any], doc_id: str) -> str:
    """ ", marked 2 on the picture of page 3" with a link, when the place is outlined."""
    location = finding.location
    if location.page is None or location.bbox is None:
        return ""
    page = visuals.get("pages", {}).get(str(location.page))
    if not page:
        return ""
    key = bbox_key(location.bbox)
    for mark in page.get("marks", []):
        if mark.get("key") == key:
            return f' (<a href="#{doc_id}-page-{location.page}">outlined and numbered {int(mark["n"])} on the picture of page {location.page}</a>)'
    return ""


def _page_figures(result: FileResult, visuals: dict[str, Any], doc_id: str) -> str:
    pages = visuals.get("pages", {})
    if not pages:
        return ""
    figures = []
    for number, page in sorted(pages.items(), key=lambda item: int(item[0])):
        marks = page.get("marks", [])
        named = {}
        for finding in result.findings:
            if finding.location.page == int(number) and finding.location.bbox is not None:
                named.setdefault(bbox_key(finding.location.bbox), []).append(finding)
        lines = []
        for mark in marks:
            found = named.get(mark.get("key"), [])
            what = "; ".join(sorted({f"{f.code} {_short(f)}" for f in found})) or "a flagged place"
            lines.append(f"<li value=\"{int(mark['n'])}\">{escape(what)}</li>")
        if marks:
            alt = f"Page {number} of {result.file}, with {_plural(len(marks), 'flagged place')} outlined and numbered"
        else:
            alt = f"Page {number} of {result.file}, which has findings for the page as a whole"
        listing = f"<ol class=\"marks\" aria-label=\"Numbered places on page {escape(number)}\">{''.join(lines)}</ol>" if lines else ""
        figures.append(
            f'<figure id="{doc_id}-page-{escape(number)}" tabindex="-1"><img src="{escape(page["src"], quote=True)}" '
            f'width="{int(page["width"])}" height="{int(page["height"])}" alt="{escape(alt, quote=True)}">'
            f"<figcaption>Page {escape(number)}{'. The numbered places:' if marks else ''}{listing}</figcaption></figure>"
        )
    more = ""
    flagged = {f.location.page for f in result.findings if f.location.page is not None}
    if len(flagged) > len(pages):
        more = f"<p>{_plural(len(flagged) - len(pages), 'more page')} with findings {'is' if len(flagged) - len(pages) == 1 else 'are'} described in words only.</p>"
    return (
        f'<section aria-labelledby="{doc_id}-pages-h"><h3 id="{doc_id}-pages-h">Where the problems are on the pages</h3>'
        f'<div class="pages">{"".join(figures)}</div>{more}</section>'
    )


def _short(finding: Finding) -> str:
    rule = find_rule(finding.code)
    return rule.summary.lower() if rule else finding.name.replace("-", " ")


# ---------------------------------------------------------------- sections


def _finding_item(finding: Finding, rule: RuleInfo | None, visuals: dict[str, Any], doc_id: str) -> str:
    where = finding.location.describe()
    where = where[0].upper() + where[1:]
    review = ' <em class="review">(needs a person to look: coprolint is not sure)</em>' if finding.needs_review else ""
    facts = [f"<dt>Where</dt><dd>{escape(where)}{_page_mark(finding, visuals, doc_id)}</dd>"]
    if finding.suggestion and (rule is None or finding.suggestion != rule.fix):
        facts.append(f"<dt>What to do</dt><dd>{escape(finding.suggestion)}</dd>")
    evidence = finding.evidence or {}
    return (
        f'<li class="{finding.severity}">{severity_badge(finding.severity)}{review}'
        f'<p class="message">{escape(finding.message)}</p><dl class="facts">{"".join(facts)}</dl>'
        f"{_colour_part(evidence)}{_image_figure(finding, visuals)}{_measurements(evidence)}</li>"
    )


def _rule_block(code: str, findings: list[Finding], visuals: dict[str, Any], doc_id: str) -> str:
    rule = find_rule(code)
    title = rule.summary if rule else findings[0].name
    worst = max((f.severity for f in findings), key=lambda s: SEVERITY_RANK[s])
    parts = [f'<h4 id="{doc_id}-{escape(code)}">{escape(title)} <span class="meta">({escape(code)}, {_plural(len(findings), "finding")})</span></h4>']
    if rule:
        parts.append(f'<p class="rule-explain"><strong>Why it matters:</strong> {escape(rule.explanation)}</p>')
        parts.append(f'<p class="source">Where the guidance says so: {escape(rule.source)}</p>')
        parts.append(f'<p class="rule-explain"><strong>How to fix:</strong> {escape(rule.fix)}</p>')
    items = "".join(_finding_item(f, rule, visuals, doc_id) for f in findings)
    parts.append(f'<ul class="findings" aria-label="{escape(SEVERITY_WORDS[worst])} level findings for {escape(code)}">{items}</ul>')
    return "".join(parts)


def _document_section(index: int, result: FileResult, visuals: dict[str, Any]) -> str:
    doc_id = f"doc-{index}"
    counts = count_by_severity(result.findings)
    if result.status == "unreadable":
        status = f"Could not be read: {result.reason or 'the reason is given below'}."
    elif result.status == "failed":
        status = "Only partly checked: coprolint itself failed on part of it (see below)."
    elif not result.findings:
        status = "Nothing found: this document meets every rule that was checked."
    elif needs_changes(result):
        status = "Needs changes."
    else:
        status = "Only suggestions to consider."
    parts = [
        f'<section class="document" aria-labelledby="{doc_id}-h"><h2 id="{doc_id}-h">{escape(result.file)}</h2>',
        f'<p class="status">{escape(status)}</p>',
    ]
    if result.findings:
        parts.append(_count_list(counts))
    by_family: dict[str, dict[str, list[Finding]]] = {}
    for finding in result.findings:
        family = finding.family if finding.family in FAMILIES else "input"
        by_family.setdefault(family, {}).setdefault(finding.code, []).append(finding)
    for family, title in FAMILIES.items():
        rules = by_family.get(family)
        if not rules:
            continue
        total = sum(len(v) for v in rules.values())
        parts.append(f'<section aria-labelledby="{doc_id}-{family}-h"><h3 id="{doc_id}-{family}-h">{escape(title)} '
                     f'<span class="meta">({_plural(total, "finding")})</span></h3>')
        for code in sorted(rules):
            parts.append(_rule_block(code, rules[code], visuals, doc_id))
        parts.append("</section>")
    parts.append(_page_figures(result, visuals, doc_id))
    parts.append("</section>")
    return "".join(parts)


def _count_list(counts: dict[str, int]) -> str:
    items = "".join(f"<li>{severity_badge(s)} {_plural(counts[s], SEVERITY_WORDS[s].lower())}</li>" for s in SEVERITY_WORDS)
    return f'<ul class="counts">{items}</ul>'


def common_problems(results: Iterable[FileResult]) -> list[tuple[str, int, int]]:
    """(rule code, documents, findings), most widespread first."""
    documents: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    for result in results:
        codes = [f.code for f in result.findings]
        findings.update(codes)
        documents.update(set(codes))
    ranked = sorted(documents, key=lambda c: (-documents[c], -findings[c], c))
    return [(code, documents[code], findings[code]) for code in ranked]


def _summary(results: list[FileResult]) -> str:
    total = len(results)
    changes = sum(1 for r in results if needs_changes(r))
    unreadable = sum(1 for r in results if r.status == "unreadable")
    clear = sum(1 for r in results if not r.findings)
    counts = count_by_severity(f for r in results for f in r.findings)
    sentences = [f"{_plural(total, 'document')} checked.", f"{_plural(changes, 'document')} {'needs' if changes == 1 else 'need'} changes."]
    if unreadable:
        sentences.append(f"{_plural(unreadable, 'document')} could not be read.")
    if clear:
        sentences.append(f"{_plural(clear, 'document')} {'has' if clear == 1 else 'have'} nothing to change.")
    parts = [
        '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>',
        f'<p class="status">{escape(" ".join(sentences))}</p>',
        _count_list(counts),
    ]
    problems = common_problems(results)[:TOP_PROBLEMS]
    if problems:
        rows = []
        for code, documents, findings in problems:
            rule = find_rule(code)
            words = rule.summary if rule else code
            rows.append(
                f"<tr><td>{escape(words)} <span class=\"meta\">({escape(code)})</span></td>"
                f"<td>{documents} of {total}</td><td>{findings}</td></tr>"
            )
        parts.append(
            '<h3 id="common-h">The most common problems</h3>'
            '<table class="top" aria-labelledby="common-h"><thead><tr><th scope="col">Problem</th>'
            '<th scope="col">Documents</th><th scope="col">Places</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    key = "".join(f"<li>{severity_badge(s)} {escape(SEVERITY_MEANING[s])}</li>" for s in SEVERITY_WORDS)
    parts.append(f'<h3 id="key-h">How to read this report</h3><ul class="counts" aria-labelledby="key-h">{key}</ul>')
    parts.append("</section>")
    return "".join(parts)


def _navigation(results: list[FileResult]) -> str:
    if len(results) < 2:
        return ""
    items = []
    for index, result in enumerate(results, start=1):
        counts = count_by_severity(result.findings)
        note = "could not be read" if result.status == "unreadable" else (
            ", ".join(_plural(counts[s], s) for s in SEVERITY_WORDS if counts[s]) or "nothing found")
        items.append(f'<li><a href="#doc-{index}-h">{escape(result.file)}</a> ({escape(note)})</li>')
    return f'<nav aria-labelledby="nav-h"><h2 id="nav-h">Documents in this report</h2><ul>{"".join(items)}</ul></nav>'


def render(results: list[FileResult], today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    title = f"Accessibility report: {_plural(len(results), 'document')}"
    if len(results) == 1:
        title = f"Accessibility report: {results[0].file}"
    pictures, skipped = within_budget(results)
    body = "".join(_document_section(i, r, v) for i, (r, v) in enumerate(zip(results, pictures), start=1))
    if skipped:
        body += (f"<p>{_plural(skipped, 'picture')} {'was' if skipped == 1 else 'were'} left out to keep this report "
                 "small enough to open quickly; check fewer documents at a time to see them all.</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<a class="skip-link" href="#main">Skip to the report</a>\n'
        '<header class="top"><div class="wrap">'
        f"<h1>{escape(title)}</h1>"
        f'<p class="meta">Checked against the co-production accessibility guidance by coprolint {escape(__version__)} '
        f"on {today.day} {today:%B %Y}.</p></div></header>\n"
        f'<main id="main" tabindex="-1" class="wrap">{_summary(results)}{_navigation(results)}{body}</main>\n'
        '<footer class="wrap"><p>Each finding says where to look and what to change. Findings marked '
        "as needing a person to look are questions: coprolint could not be sure.</p></footer>\n"
        "</body>\n</html>\n"
    )


def write(results: list[FileResult], out: TextIO) -> None:
    out.write(render(results))
