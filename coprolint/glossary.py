"""`coprolint glossary`: every acronym and jargon term a document uses, with what it means.

An author can paste the result into the document (Markdown) or a spreadsheet (CSV). The
meanings come from the document's own definitions first, then the user's configuration,
then the built-in lists in rules/.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from coprolint.catalog import find_rule
from coprolint.config import Config
from coprolint.language import acronyms, lists, prose
from coprolint.model import Document

UNKNOWN = "(not in coprolint's glossary: add what it stands for)"


@dataclass(frozen=True, slots=True)
class Term:
    kind: str  # "acronym" or "jargon"
    term: str
    meaning: str
    uses: int


def terms(document: Document, config: Config | None = None) -> list[Term]:
    config = config or Config()
    acronym_rule, jargon_rule = find_rule("undefined-acronym"), find_rule("jargon")
    acronym_options = config.options_for(acronym_rule) if acronym_rule else {}
    jargon_options = config.options_for(jargon_rule) if jargon_rule else {}
    glossary = {**lists.acronym_data()["glossary"],
                **{k.upper(): v for k, v in (acronym_options.get("glossary") or {}).items()}}
    if not prose.is_english(document):
        return []
    blocks = prose.blocks(document)
    out: list[Term] = []
    for use in acronyms.find(document, blocks, glossary=acronym_options.get("glossary") or {}, everything=True):
        meaning = use.expansion or glossary.get(use.acronym) or UNKNOWN
        out.append(Term("acronym", use.acronym, meaning, use.count))
    matcher = lists.jargon(lists.extra_key(jargon_options))
    allow = lists.allowed(jargon_options)
    found: dict[str, list] = {}
    for block in blocks:
        for match in matcher.find(block.text):
            if lists.is_allowed(match, allow) or lists.in_proper_name(block.text, match):
                continue
            key = match.entry.term.lower()
            if key not in found:
                found[key] = [match.entry.term, match.entry.data.get("plain", ""), 0]
            found[key][2] += 1
    out.extend(Term("jargon", term, plain, count) for term, plain, count in found.values())
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(file: str, found: list[Term]) -> str:
    lines = [f"## Glossary for {file}", ""]
    acronym_rows = sorted((t for t in found if t.kind == "acronym"), key=lambda t: t.term)
    jargon_rows = sorted((t for t in found if t.kind == "jargon"), key=lambda t: t.term.lower())
    if not found:
        lines += ["No acronyms or jargon found.", ""]
    if acronym_rows:
        lines += ["### Acronyms", "", "| Acronym | Stands for | Uses |", "|---|---|---|"]
        lines += [f"| {_cell(t.term)} | {_cell(t.meaning)} | {t.uses} |" for t in acronym_rows]
        lines.append("")
    if jargon_rows:
        lines += ["### Words to explain", "", "| Term | In plain words | Uses |", "|---|---|---|"]
        lines += [f"| {_cell(t.term)} | {_cell(t.meaning)} | {t.uses} |" for t in jargon_rows]
        lines.append("")
    return "\n".join(lines)


def csv_rows(file: str, found: list[Term]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for t in sorted(found, key=lambda t: (t.kind, t.term.lower())):
        writer.writerow([file, t.kind, t.term, t.meaning, t.uses])
    return buffer.getvalue()


CSV_HEADER = "file,kind,term,meaning,uses\n"
