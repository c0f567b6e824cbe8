"""Rebuild lines and paragraphs from the positioned text pieces of one PDF page.

Pure geometry, no PDF library: the page walker (pdf_page.py) hands over pieces of text
with their font, size, colour and box, and this module decides what reads as a line and
what reads as a paragraph. Coordinates are PDF points from the page's top-left corner.

Heuristics, in the order they apply:
- pieces share a line when their baselines differ by less than ~0.45 em (so a superscript
  stays on its line); within a line they are read left to right;
- a space is added between pieces when the previous piece's ink ends more than 0.2 em
  before the next piece's advance starts (producers that place glyphs one by one leave
  kerning gaps smaller than that, and a real space is wider);
- a horizontal gap wider than 1.2 em becomes a tab (table cells padded a few points each side
  leave gaps of about 1.5 em; justified word spaces stay under 1 em), and so does a gap over
  0.4 em with a vertical rule (a cell border) running through it, so table-like rows (time | item | who)
  stay separable; a gap wider than 0.15 em becomes a space when the text has none;
- a piece drawn again at (almost) the same place is "fake bold" (text printed twice):
  it is dropped and the text is marked bold;
- a line that starts with a bullet or a list label ("1.", "a)", "(iv)") starts a paragraph;
- lines join into a paragraph when they are close (baseline step at most 1.6x the text
  size, or the step the paragraph already uses), the same size (within 15%), start at the
  same left edge (within 1.5 em, so a first-line indent is allowed) or share a centre,
  belong to the same tagged structure element, and neither holds a tab or starts a bullet;
- a paragraph of 3 or more lines whose lines, except the last, are flush on both edges
  (within 1 pt) is "justify"; equal centres with ragged edges is "center"; equal right
  edges with ragged left edges is "right"; otherwise "left".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter
from typing import Any, Callable, Hashable, NamedTuple, Sequence

BULLETS = ("\u2022", "\u25cf", "\u25aa", "\u25a0", "\u25e6", "\u25cb", "\u2013", "\u00b7", "\u27a2", "\uf0b7", "\uf0a7", "\uf076", "\uf0d8")  # incl. Symbol/Wingdings bullets
TAB_GAP_EM = 1.2
LIST_LABEL = re.compile(r"(\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)])[ \t]")
RULED_GAP_EM = 0.4
SPACE_GAP_EM = 0.2
SAME_LINE_EM = 0.45
PARA_STEP_EM = 1.6
FLUSH_PT = 1.0


class Piece(NamedTuple):
    """A stretch of text drawn with one font, size and colour (one PDF text object).

    The page walker makes plain tuples in this order (a page has hundreds of pieces, and a tuple
    costs a fraction of an object); the layout reads them by position, so both kinds will do.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float  # effective size in points (always > 0 here; the walker guesses for broken fonts)
    style: tuple[Any, ...]  # (font, font_as_written, size, bold, italic, colour) as the run should carry
    group: Hashable = None  # structure element the text belongs to (tagged PDF), else None
    link: str | None = None
    bold: bool = False
    origin: float | None = None  # where the text's advance starts (x0 is where its ink starts)


TEXT, X0, X1, TOP, BOTTOM, BASELINE, SIZE, STYLE, GROUP, LINK, BOLD, ORIGIN = range(12)  # Piece's fields
_BY_BASELINE = itemgetter(BASELINE, X0)  # sort keys made in C, not a Python call per piece
_BY_X0 = itemgetter(X0)


Runs = list[tuple[str, tuple[Any, ...], str | None]]  # (text, style, link)

# Line and Block are plain classes, not dataclasses: making a dataclass costs about a millisecond
# at import, which a process reading one PDF pays in full.


class Line:
    __slots__ = ("pieces", "baseline", "size", "x0", "x1", "top", "bottom", "number", "has_tab", "text_x0", "text", "runs", "item")

    def __init__(self, pieces: list[Piece], baseline: float, size: float, x0: float, x1: float, top: float, bottom: float,
                 number: int, has_tab: bool, text_x0: float, text: str, runs: Runs, item: bool):
        self.pieces, self.baseline, self.size = pieces, baseline, size
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.number = number  # on the page, top to bottom; given once the page's lines are sorted
        self.has_tab = has_tab
        self.text_x0 = text_x0  # where the words start, after any bullet or list label
        self.text, self.runs = text, runs
        self.item = item  # starts a list item (bullet or label): asked for every line, so worked out once


class Block:
    """A rebuilt paragraph: its lines and the runs of text, ready for the model."""

    __slots__ = ("lines", "group", "alignment")

    def __init__(self, lines: list[Line], group: Hashable, alignment: str | None = None):
        self.lines, self.group, self.alignment = lines, group, alignment

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        lines = self.lines
        if len(lines) == 1:  # most paragraphs in agendas are one line: no generators for those
            line = lines[0]
            return (line.x0, line.top, line.x1, line.bottom)
        x0, top, x1, bottom = lines[0].x0, lines[0].top, lines[0].x1, lines[0].bottom
        for line in lines:  # what min() and max() would give, in one pass
            if line.x0 < x0:
                x0 = line.x0
            if line.top < top:
                top = line.top
            if line.x1 > x1:
                x1 = line.x1
            if line.bottom > bottom:
                bottom = line.bottom
        return (x0, top, x1, bottom)

    def runs(self) -> list[tuple[str, tuple[Any, ...], str | None]]:
        """(text, style, link) runs over all lines, lines joined by a space (or nothing after a hyphen).

        The list is the block's own or its line's: read it, do not change it."""
        lines = self.lines
        if len(lines) == 1 and len(lines[0].runs) < 2:
            return lines[0].runs  # nothing to join or merge
        out: list[tuple[str, tuple[Any, ...], str | None]] = []
        for line in lines:
            if out and line.runs:
                last_text, last_style, last_link = out[-1]
                if not last_text.endswith((" ", "-", "\u00ad", "/")):
                    out[-1] = (last_text + " ", last_style, last_link)  # the line break reads as a space
            for run in line.runs:
                if out:
                    last_text, last_style, last_link = out[-1]
                    if last_style == run[1] and last_link == run[2]:
                        out[-1] = (last_text + run[0], run[1], run[2])
                        continue
                out.append(run)
        return out


def starts_item(text: str) -> bool:
    """Whether a line starts a list item: a bullet, or a label such as "1." "a)" "(iv)"."""
    text = text.lstrip()
    return text.startswith(BULLETS) or bool(LIST_LABEL.match(text))


Edge = tuple[float, float, float]


class Rules:
    """A page's vertical rules (x, top, bottom), sorted by x when a line first asks about them:
    only a gap between a space and a tab wide needs them, and working them out costs a call per path."""

    __slots__ = ("source", "rules", "xs")

    def __init__(self, source: Sequence[Edge] | Callable[[], Sequence[Edge]]):
        self.source = source
        self.rules: list[Edge] | None = None
        self.xs: list[float] = []

    def through(self, prev: Piece, piece: Piece) -> bool:
        """Whether a vertical rule runs through the gap between two pieces, alongside the text."""
        rules = self.rules
        if rules is None:
            rules = self.rules = sorted(self.source() if callable(self.source) else self.source)
            self.xs = [edge[0] for edge in rules]
        start = bisect_left(self.xs, prev[X1] - 0.5)
        for x, top, bottom in rules[start:]:
            if x > piece[X0] + 0.5:
                return False
            if top <= piece[BASELINE] <= bottom:
                return True
        return False


def build_lines(pieces: list[Piece], edges: Sequence[Edge] | Callable[[], Sequence[Edge]] = ()) -> list[Line]:
    """Group pieces into lines by baseline and read each line left to right.

    ``edges`` are vertical rules (x, top, bottom), such as table cell borders, or a function
    that gives them: a gap of more than half an em with a rule in it is a tab, however narrow.
    """
    rules = Rules(edges)
    lines: list[Line] = []
    members: list[Piece] = []
    baseline = size = 0.0
    for piece in sorted(pieces, key=_BY_BASELINE):
        # max() of the two sizes spelt out: the same answer without a call for every piece.
        if members and abs(piece[BASELINE] - baseline) <= SAME_LINE_EM * (size if size > piece[SIZE] else piece[SIZE]):
            members.append(piece)
            if piece[SIZE] > size:
                size = piece[SIZE]
            continue
        if members:
            line = _single_line(members[0], baseline, size) if len(members) == 1 else _joined_line(members, baseline, size, rules)
            if line is not None:  # None: no visible text
                lines.append(line)
        members, baseline, size = [piece], piece[BASELINE], piece[SIZE]
    if members:
        line = _single_line(members[0], baseline, size) if len(members) == 1 else _joined_line(members, baseline, size, rules)
        if line is not None:
            lines.append(line)
    return lines


def _single_line(piece: Piece, baseline: float, size: float) -> Line | None:
    """A line of one piece (most lines): no gaps to judge, no runs to merge."""
    text = piece[TEXT].strip(" ")
    if not text.strip():
        return None
    x0 = piece[X0]
    # Line's fields in order: pieces, baseline, size, x0, x1, top, bottom, number, has_tab,
    # text_x0, text, runs, item.
    return Line([piece], baseline, size, x0, piece[X1], piece[TOP], piece[BOTTOM], 0, False, x0, text,
                [(text, piece[STYLE], piece[LINK])], starts_item(text))


def _joined_line(members: list[Piece], baseline: float, size: float, rules: Rules) -> Line | None:
    members.sort(key=_BY_X0)
    kept: list[Piece] = []
    for piece in members:
        if kept:
            prev = kept[-1]
            if piece[TEXT] == prev[TEXT] and abs(piece[X0] - prev[X0]) < 0.1 * piece[SIZE] and abs(piece[BASELINE] - prev[BASELINE]) < 0.1 * piece[SIZE]:
                kept[-1] = prev[:BOLD] + (True,) + prev[BOLD + 1 :]  # the same text printed again a hair to the side: fake bold
                continue
        kept.append(piece)
    runs: list[list[Any]] = []
    has_tab = False
    prev_piece: Piece | None = None
    for piece in kept:
        text = piece[TEXT]
        if prev_piece is not None and runs:
            x0 = piece[X0]
            gap = x0 - prev_piece[X1]
            origin = piece[ORIGIN]
            start = origin if origin is not None and origin < x0 else x0
            word_gap = start - prev_piece[X1]  # ink end to advance start: side bearings do not count
            em = max(piece[SIZE], prev_piece[SIZE])
            if gap > TAB_GAP_EM * em or (gap > RULED_GAP_EM * em and rules.through(prev_piece, piece)):
                runs[-1][0] = runs[-1][0].rstrip(" ")
                text = "\t" + text.lstrip(" ")
                has_tab = True
            elif word_gap > SPACE_GAP_EM * em and not runs[-1][0].endswith((" ", "\t")) and not text.startswith(" "):
                text = " " + text
        style = piece[STYLE] if not piece[BOLD] else _bolder(piece[STYLE])
        link = piece[LINK]
        if runs and runs[-1][1] == style and runs[-1][2] == link:
            runs[-1][0] += text
        else:
            runs.append([text, style, link])
        prev_piece = piece
    if runs:
        runs[0][0] = runs[0][0].lstrip(" ")
        runs[-1][0] = runs[-1][0].rstrip(" ")
    line_runs = [(text, style, link) for text, style, link in runs if text]
    line_text = "".join([r[0] for r in line_runs])
    if not line_text.strip():
        return None
    first = kept[0]
    x0 = text_x0 = first[X0]  # pieces are sorted by x0
    if len(kept) == 1:
        x1, top, bottom = first[X1], first[TOP], first[BOTTOM]
    else:
        if starts_item(first[TEXT]):
            text_x0 = kept[1][X0]
        x1 = max([p[X1] for p in kept])
        top = min([p[TOP] for p in kept])
        bottom = max([p[BOTTOM] for p in kept])
    return Line(kept, baseline, size, x0, x1, top, bottom, 0, has_tab, text_x0, line_text, line_runs, starts_item(line_text))


def _bolder(style: tuple[Any, ...]) -> tuple[Any, ...]:
    font, raw, size, _bold, italic, colour = style
    return (font, raw, size, True, italic, colour)


def build_blocks(lines: list[Line]) -> list[Block]:
    """Join lines (already numbered, top to bottom) into paragraphs."""
    blocks: list[Block] = []
    current: Block | None = None
    for line in lines:
        pieces = line.pieces
        group = pieces[0][GROUP] if len(pieces) == 1 else _line_group(line)
        if current is not None and _continues(current, line, group):
            current.lines.append(line)
        else:
            current = Block([line], group)
            blocks.append(current)
    for block in blocks:
        if len(block.lines) > 1:  # one line says nothing about alignment
            block.alignment = _alignment(block.lines)
    return blocks


def _line_group(line: Line) -> Hashable:
    if len(line.pieces) == 1:
        return line.pieces[0][GROUP]
    groups = {p[GROUP] for p in line.pieces}
    return groups.pop() if len(groups) == 1 else ("mixed", id(line))


def _continues(block: Block, line: Line, group: Hashable) -> bool:
    prev = block.lines[-1]
    if line.has_tab or prev.has_tab or group != block.group:
        return False
    if line.item:
        return False
    size = max(prev.size, line.size)
    if abs(prev.size - line.size) > 0.15 * size:
        return False
    step = line.baseline - prev.baseline
    if step <= 0:
        return False
    if len(block.lines) >= 2:
        usual = block.lines[-1].baseline - block.lines[-2].baseline
        if step > max(PARA_STEP_EM * size, usual * 1.15):
            return False
        if step > usual * 1.15 and step > 1.25 * size:
            return False  # a wider gap than the paragraph's own line spacing starts a new one
    elif step > PARA_STEP_EM * size:
        return False
    left = block.lines[0].x0 if len(block.lines) == 1 else min([l.x0 for l in block.lines])
    if (
        abs(line.x0 - left) <= 1.5 * size
        or abs(line.x0 - prev.x0) <= 1.0
        or abs(line.x0 - block.lines[0].text_x0) <= 1.0  # the hanging indent of a list item
    ):
        return True  # the same left edge
    return abs((line.x0 + line.x1) / 2 - (prev.x0 + prev.x1) / 2) <= 2.0  # the same centre


def _alignment(lines: list[Line]) -> str | None:
    if len(lines) == 1:
        return None  # one line says nothing about alignment
    body = lines[:-1]
    left = min([l.x0 for l in lines])
    right = max([l.x1 for l in lines])
    flush_left = all(abs(l.x0 - left) <= FLUSH_PT for l in lines)
    if len(lines) >= 3 and flush_left and all(abs(l.x1 - right) <= FLUSH_PT for l in body):
        return "justify"
    centres = [(l.x0 + l.x1) / 2 for l in lines]
    if not flush_left and max(centres) - min(centres) <= 2 * FLUSH_PT:
        return "center"
    if not flush_left and all(abs(l.x1 - right) <= FLUSH_PT for l in lines):
        return "right"
    return "left"
