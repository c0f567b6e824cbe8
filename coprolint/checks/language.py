"""Plain-language checks (CPL2xx): jargon, acronyms, readability, long sentences, stigmatising words.

The word lists are data in rules/ (see coprolint.language.lists); the helpers that join
PDF lines into prose, split sentences and find acronyms are in coprolint.language.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from coprolint.engine import RuleContext, check
from coprolint.language import acronyms, lists, prose
from coprolint.language.matcher import Entry, Match, PhraseMatcher, Texts
from coprolint.model import Document, Location


def _blocks(document: Document, ctx: RuleContext) -> list[prose.Block]:
    """The document's paragraphs as readers see them; none when the text is not in English."""
    if not ctx.memo("language.english", lambda: prose.is_english(document)):
        return []
    return ctx.memo("language.blocks", lambda: prose.blocks(document))


def _texts(document: Document, ctx: RuleContext) -> Texts:
    """The blocks' words, found once for every word list that looks at them."""
    return ctx.memo("language.texts", lambda: Texts([block.text for block in _blocks(document, ctx)]))


def _prose(document: Document, ctx: RuleContext) -> list[prose.Prose]:
    if not ctx.memo("language.english", lambda: prose.is_english(document)):
        return []
    return ctx.memo("language.prose", lambda: prose.prose_sentences(document, _blocks(document, ctx)))


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _quote(text: str, most: int = 14) -> str:
    words = text.split()
    return " ".join(words) if len(words) <= most else " ".join(words[:most]) + " \u2026"


_OPENING = {"'": "'", "\u2018": "\u2019", '"': '"', "\u201c": "\u201d"}


def _quoted(text: str, match: Match) -> bool:
    """The phrase alone inside quotation marks: 'hard to reach'."""
    before = text[match.start - 1:match.start]
    return bool(before) and before in _OPENING and text[match.end:match.end + 1] == _OPENING[before]


def _first_uses(document: Document, ctx: RuleContext, matcher: PhraseMatcher, keep: Any = None,
                skip_names: bool = False, skip_quoted: bool = False) -> list[tuple[Entry, Match, Location, int]]:
    """Each listed entry used in the document: its first match, where, and how often."""
    blocks, allow = _blocks(document, ctx), lists.allowed(ctx.options)
    first: dict[str, tuple[Entry, Match, Location]] = {}
    counts: Counter[str] = Counter()
    context: dict[tuple[str, ...], bool] = {}  # for entries that need other words nearby
    for index, match in matcher.matches_in(_texts(document, ctx)):
        block = blocks[index]
        wanted = match.entry.data.get("needs")
        if wanted:
            needs = tuple(wanted)
            if needs not in context:
                pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in needs) + r")\b", re.IGNORECASE)
                context[needs] = any(pattern.search(b.text) for b in blocks)
            if not context[needs]:
                continue  # the document uses the word in another sense
        if lists.is_allowed(match, allow) or (keep is not None and not keep(match.entry)):
            continue
        if match.entry.data.get("lowercase") and match.text != match.text.lower():
            continue  # "Commissioner Lee" is a title, "commissioners" is jargon
        if skip_names and lists.in_proper_name(block.text, match):
            continue
        if skip_quoted and _quoted(block.text, match):
            continue  # mentioned in quotation marks, as the guidance itself does, not used
        key = match.entry.term.lower()
        counts[key] += 1
        first.setdefault(key, (match.entry, match, block.location))
    return [(entry, match, location, counts[key]) for key, (entry, match, location) in first.items()]


@check("CPL201")
def jargon(document: Document, ctx: RuleContext) -> None:
    matcher = lists.jargon(lists.extra_key(ctx.options))
    categories = set(ctx.options.get("categories") or ())
    keep = (lambda e: e.data.get("category") in categories or e.data.get("user")) if categories else None
    for entry, match, location, count in _first_uses(document, ctx, matcher, keep, skip_names=True):
        plain = entry.data.get("plain", "")
        ctx.report(
            f"\u201c{match.text}\u201d is jargon (used {_times(count)}); say \u201c{plain}\u201d instead.",
            location,
            suggestion=f"Replace \u201c{match.text}\u201d with \u201c{plain}\u201d, or explain it the first time you use it.",
            evidence={"term": entry.term, "found": match.text, "count": count, "plain": plain,
                      "category": entry.data.get("category")},
        )


@check("CPL205")
def stigmatising_language(document: Document, ctx: RuleContext) -> None:
    matcher = lists.respectful(lists.extra_key(ctx.options))
    for entry, match, location, count in _first_uses(document, ctx, matcher, skip_names=True, skip_quoted=True):
        better = entry.data.get("better", "")
        why = entry.data.get("why", "")
        reason = f" {why}" if why else ""
        ctx.report(
            f"\u201c{match.text}\u201d can stigmatise people (used {_times(count)}): try \u201c{better}\u201d.{reason}",
            location,
            suggestion=f"Write \u201c{better}\u201d instead of \u201c{match.text}\u201d, or ask the people you mean which words they prefer.",
            evidence={"phrase": entry.term, "found": match.text, "count": count, "better": better, "why": why},
        )


@check("CPL202")
def undefined_acronym(document: Document, ctx: RuleContext) -> None:
    options = ctx.options
    uses = acronyms.find(document, _blocks(document, ctx), options.get("allow") or (), options.get("glossary") or {})
    glossary = {**lists.acronym_data()["glossary"], **{k.upper(): v for k, v in (options.get("glossary") or {}).items()}}
    for use in uses:
        if use.defined_first:
            continue
        meaning = glossary.get(use.acronym)
        evidence: dict[str, Any] = {"acronym": use.acronym, "count": use.count, "glossary": meaning}
        if use.defined_at is not None:
            if not options.get("defined-later", True):
                continue
            long_form = use.expansion or meaning or "the words in full"
            evidence["defined_at"] = use.defined_at.as_dict()
            ctx.report(
                f"{use.acronym} is used before it is spelled out (used {_times(use.count)}; spelled out at "
                f"{use.defined_at.describe()}).",
                use.location,
                suggestion=f"Spell it out the first time instead: \u201c{long_form} ({use.acronym})\u201d.",
                evidence=evidence,
            )
            continue
        if meaning:
            message = f"{use.acronym} is not spelled out (used {_times(use.count)}); it probably stands for {meaning}."
            suggestion = f"The first time, write \u201c{meaning} ({use.acronym})\u201d, or leave the acronym out."
        else:
            message = f"{use.acronym} is not spelled out (used {_times(use.count)})."
            suggestion = f"The first time, write what {use.acronym} stands for, with {use.acronym} after it in brackets."
        ctx.report(message, use.location, suggestion=suggestion, evidence=evidence)


@check("CPL204")
def long_sentence(document: Document, ctx: RuleContext) -> None:
    limit = int(ctx.options.get("max-words", 25))
    most = int(ctx.options.get("max-findings", 0))
    long: list[tuple[prose.Block, str, int]] = []
    for found in _prose(document, ctx):
        for sentence, count in zip(found.sentences, found.words):
            if count > limit:
                long.append((found.block, sentence, count))
    shown = long if most <= 0 else long[:most]
    for block, sentence, count in shown:
        ctx.report(
            f"This sentence has {count} words (limit {limit}): \u201c{_quote(sentence)}\u201d",
            block.location,
            evidence={"words": count, "limit": limit, "sentence": sentence},
        )
    if len(long) > len(shown):
        rest = len(long) - len(shown)
        ctx.report(
            f"{rest} more sentence{'s' if rest != 1 else ''} over {limit} words {'are' if rest != 1 else 'is'} not listed "
            f"(the rule's max-findings option is {most}).",
            evidence={"not_listed": rest, "limit": limit},
        )


@check("CPL203")
def hard_to_read(document: Document, ctx: RuleContext) -> None:
    from coprolint.language import readability

    options = ctx.options
    min_flesch = float(options.get("min-flesch", 50))
    max_grade = float(options.get("max-grade", 11))
    min_words = int(options.get("min-words", 100))
    paragraph_words = int(options.get("paragraph-words", 0))
    found = _prose(document, ctx)
    everything = [s for item in found for s in item.sentences]
    total = sum(sum(item.words) for item in found)
    if total < min_words or not everything:
        return
    counted = readability.count(everything)  # each sentence counted once, for every score below

    def verdict(counts: readability.Counts) -> tuple[list[str], dict[str, Any]] | None:
        scores = readability.scores(counts)
        problems = []
        if scores.flesch < min_flesch:
            problems.append(f"Flesch reading ease {scores.flesch:g} (target {min_flesch:g} or more)")
        if scores.grade > max_grade:
            problems.append(f"Flesch-Kincaid grade {scores.grade:g} (target {max_grade:g} or less)")
        if not problems:
            return None
        evidence = {"flesch": scores.flesch, "grade": scores.grade, "words": scores.words, "sentences": scores.sentences,
                    "min_flesch": min_flesch, "max_grade": max_grade}
        return problems, evidence

    def hardest_part(counts: readability.Counts, evidence: dict[str, Any]) -> str:
        sentence = readability.hardest_of(counts)
        if not sentence:
            return ""
        evidence["hardest"] = sentence
        return f" The hardest sentence: \u201c{_quote(sentence, 20)}\u201d"

    whole = verdict(counted)
    if whole:
        problems, evidence = whole
        ctx.report(f"The text is hard to read: {'; '.join(problems)}.{hardest_part(counted, evidence)}",
                   evidence=evidence)
    if paragraph_words <= 0 or len(found) < 2:
        return
    most = int(options.get("max-findings", 0))
    reported = 0
    stop = 0  # each item's sentences are everything[first:stop]
    for item in found:
        first, stop = stop, stop + len(item.sentences)
        if sum(item.words) < paragraph_words:
            continue
        counts = counted.part(first, stop)
        result = verdict(counts)
        if result:
            reported += 1
            if most and reported > most:
                continue
            problems, evidence = result
            ctx.report(f"This paragraph is hard to read: {'; '.join(problems)}.{hardest_part(counts, evidence)}",
                       item.block.location, evidence=evidence)
    if most and reported > most:
        ctx.report(f"{reported - most} more hard-to-read paragraphs are not listed (the rule's max-findings option is {most}).",
                   evidence={"not_listed": reported - most})
