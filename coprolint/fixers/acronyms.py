"""Undefined acronyms are spelt out where they are first used: "ICB" becomes "Integrated
Care Board (ICB)", but only where the glossary gives one certain meaning.

Which acronyms are undefined, and where each is first used, comes from the
undefined-acronym rule's own findings, so the fix and the check agree on both.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from coprolint.catalog import find_rule
from coprolint.config import Config
from coprolint.engine import Finding
from coprolint.fixers.package import W, DocxPackage
from coprolint.fixers.places import number_paragraphs
from coprolint.language.lists import acronym_data

RULE = "undefined-acronym"
_DELETED = (W + "del", W + "moveFrom")


def certain_expansion(value: Any) -> str | None:
    """One meaning, or None when the glossary gives several (a list, or alternatives split by "/" or ";")."""
    if isinstance(value, list):
        value = value[0] if len(value) == 1 else None
    if not isinstance(value, str) or not value.strip() or "/" in value or ";" in value:
        return None
    return " ".join(value.split())


def finding_acronym(finding: Finding) -> str | None:
    evidence = finding.evidence or {}
    value = evidence.get("acronym") or evidence.get("term")
    return str(value) if value else None


def glossary_for(config: Config) -> dict[str, Any]:
    rule = find_rule(RULE)
    glossary = dict(acronym_data()["glossary"])
    if rule is not None:
        extra = config.options_for(rule).get("glossary") or {}
        glossary.update({str(k).upper(): v for k, v in extra.items()})
    return glossary


def spell_out(paragraph: etree._Element, acronym: str, expansion: str) -> bool:
    """Put the expansion before the acronym's first use in this paragraph's text. A plural first
    use ("PCNs") is left for a person: the long form's plural cannot be made safely."""
    # The same boundaries as the acronym finder (coprolint/language/acronyms.py).
    pattern = re.compile(rf"(?<![\w&.'\u2019-]){re.escape(acronym)}(s|'s|\u2019s|s'|s\u2019)?(?![\w&])")
    for text in paragraph.iter(W + "t"):
        if any(a.tag in _DELETED for a in text.iterancestors()):
            continue
        value = text.text or ""
        match = pattern.search(value)
        if match is None:
            continue
        if match.group(1):
            return False
        text.text = f"{value[:match.start()]}{expansion} ({acronym}){value[match.end():]}"
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return True
    return False


def fix_acronyms(package: DocxPackage, findings: list[Finding], config: Config) -> tuple[list[str], list[str]]:
    """Spell out each undefined acronym once; returns (lines saying what was done, lines saying what was not)."""
    rule = find_rule(RULE)
    if rule is None:
        return [], []
    ours = [f for f in findings if f.code == rule.code and finding_acronym(f)]
    if not ours:
        return [], []
    glossary = glossary_for(config)
    names = package.parts("document")
    root = package.xml(names[0]) if names else None
    body = root.find(W + "body") if root is not None else None
    by_number = {loc.paragraph: p for p, loc in number_paragraphs(body).items()} if body is not None else {}
    done: list[str] = []
    unsure: list[str] = []
    missed: list[str] = []
    seen: set[str] = set()
    for finding in ours:
        acronym = finding_acronym(finding) or ""
        if acronym in seen:
            continue
        seen.add(acronym)
        expansion = certain_expansion(glossary.get(acronym.upper()))
        if expansion is None:
            unsure.append(acronym)
            continue
        paragraph = by_number.get(finding.location.paragraph) if finding.location.paragraph else None
        if paragraph is not None and spell_out(paragraph, acronym, expansion):
            done.append(f'{acronym} as "{expansion} ({acronym})" ({finding.location.describe()})')
        else:
            missed.append(acronym)
    lines, notes = [], []
    if done:
        lines.append(f"Acronyms: spelt out {len(done)} at first use: " + "; ".join(done) + ".")
    if unsure:
        notes.append(f"Acronyms not spelt out, because the glossary has no single meaning for them: {', '.join(unsure)}. "
                     "Spell them out by hand.")
    if missed:
        notes.append(f"Acronyms not spelt out, because their first use is plural, split by formatting or outside the main text: "
                     f"{', '.join(missed)}. Spell them out by hand.")
    return lines, notes
