"""concordat's own table layout for the terminal: words and ids are never broken, no column is
dropped, and one set of column widths serves every section (the theme tables line up).

rich's Table measures and lays out every cell on each draw, about 0.3 ms a cell, so a table of
16,000 commitments took a minute; this layout is one pass over the words, and writes rich
segments directly. It has three forms, chosen by what fits:

- every column at its natural width, when the table fits (nothing is stretched to fill a wide
  terminal);
- the widest short columns narrowed first, then the free-text column (``flex``), but never
  below the longest word of a column, so "Constabulary" or an id is never split;
- when even that does not fit, or the free text would be squeezed below a readable width, a
  stacked list: each row's first cell as a heading, its free text under it, and every other
  column as "Header value" pairs, so narrow terminals lose nothing.

Only a word longer than the free-text column itself (a long web link) is folded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style

from concordat.safe import printable, text_lines

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

#: Longer text is cut in a terminal table: nobody reads a cell of a megabyte on a screen.
#: JSON, CSV and Markdown keep the text whole.
MAX_CELL = 5_000
#: The free-text column is not squeezed below this; narrower, the rows are stacked instead.
READABLE = 24
#: Nor widened beyond this: lines longer than this are hard to read.
MEASURE = 64
#: The free text gives up room down to this width before any short column wraps.
COMFORTABLE = 40

Span = tuple[str, str]  # text and its style
Para = tuple[Span, ...]  # one paragraph: wrapped at spaces, never across a line break
Cell = tuple[Para, ...]


def clipped(value: str) -> str:
    """``value``, cut at :data:`MAX_CELL` characters with a word saying so."""
    if len(value) <= MAX_CELL:
        return value
    cut = value.rfind(" ", MAX_CELL - 200, MAX_CELL)  # at a space, where there is one near
    cut = cut if cut > 0 else MAX_CELL
    more = len(value) - cut
    return f"{value[:cut]}… ({more:,} more characters: see --format json)"


def text(value: str, style: str = "") -> Cell:
    """A cell from untrusted text: each line break starts a paragraph, every other control
    character is shown as an escape, nothing is read as markup."""
    value = clipped(value)
    return tuple(((line, style),) for line in text_lines(value))


def spans(*parts: Span) -> Cell:
    """A one-paragraph cell of several styled pieces of our own text (already safe)."""
    return (tuple(parts),)


def join(*cells: Cell) -> Cell:
    """Cells one under the other, in one cell."""
    return tuple(p for c in cells for p in c)


@dataclass(frozen=True)
class Column:
    header: str
    justify: Literal["left", "right"] = "left"
    #: The free-text column: it takes the room left over, and narrows first.
    flex: bool = False
    #: Never wider than this (0: no limit but the terminal).
    max_width: int = 0


@dataclass(frozen=True)
class Section:
    title: str
    style: str = "bold"


@dataclass
class Grid:
    """Rows under one header; ``section`` starts a titled part with the header repeated."""

    columns: Sequence[Column]
    rows: list[tuple[Cell, ...] | Section] = field(default_factory=list)
    #: False: no header and no rule (a list of facts, label and value).
    header: bool = True
    _measured: tuple[int, tuple[list[int], list[int]]] | None = field(default=None, repr=False)

    def section(self, title: str, style: str = "bold") -> None:
        self.rows.append(Section(printable(title), style))

    def add(self, *cells: Cell) -> None:
        assert len(cells) == len(self.columns), "one cell for each column"
        self.rows.append(cells)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rule = "-" if options.ascii_only else "─"
        plain = console.no_color or console.color_system is None
        grid = self
        if not options.encoding.lower().startswith("utf"):
            grid = self.as_written(options.encoding)  # measure what the stream will show
        for line in grid.lines(options.max_width, rule=rule):
            if plain:  # one piece a line: thousands of rows are written quickly
                yield Segment("".join(chunk for chunk, _ in line) + "\n")
                continue
            yield from _segments(line)

    # -- layout -------------------------------------------------------------------------

    def as_written(self, encoding: str) -> Grid:
        """A copy with every piece of text as a stream in ``encoding`` writes it (a stand-in
        or an escape for a character it cannot hold), so the widths fit what is shown."""
        from concordat.encoding import as_written

        rows: list[tuple[Cell, ...] | Section] = [
            Section(as_written(r.title, encoding), r.style)
            if isinstance(r, Section)
            else tuple(tuple(_written(c, encoding)) for c in r)
            for r in self.rows
        ]
        columns = [
            Column(as_written(c.header, encoding), c.justify, c.flex, c.max_width)
            for c in self.columns
        ]
        return Grid(columns, rows, self.header)

    def _measure(self) -> tuple[list[int], list[int]]:
        """Each column's natural width and its longest word (measured once)."""
        if self._measured is not None and self._measured[0] == len(self.rows):
            return self._measured[1]
        columns = self.columns
        heads = [c.header if self.header else "" for c in columns]
        need = [_words_width(h, longest=False) for h in heads]
        floor = [_words_width(h, longest=True) for h in heads]
        for cells in self._data():
            for i, cell in enumerate(cells):
                for para in cell:
                    sizes = [size for _, size in _words(para)]
                    need[i] = max(need[i], sum(sizes) + max(0, len(sizes) - 1))
                    if sizes and not columns[i].flex:
                        floor[i] = max(floor[i], max(sizes))
        self._measured = (len(self.rows), (need, floor))
        return need, floor

    def widths(self, width: int) -> tuple[list[int], int] | None:
        """Each column's width and the gap between columns, or None when only the stacked
        form fits in ``width``."""
        columns = self.columns
        need, floor = (list(m) for m in self._measure())
        for i, column in enumerate(columns):
            limit = column.max_width or (MEASURE if column.flex else 0)
            if limit:
                need[i] = min(need[i], max(limit, floor[i]))
            if column.flex:
                floor[i] = min(need[i], max(READABLE, floor[i] if floor[i] <= READABLE else 0))
        for gap in (2, 1):
            room = width - 1 - gap * (len(columns) - 1)
            if sum(floor) <= room:
                return _shrink(need, floor, columns, room), gap
        return None

    def fits(self, width: int) -> bool:
        """Whether every short column gets its natural width, and the free text a
        comfortable one, in ``width``."""
        laid = self.widths(width)
        if laid is None:
            return False
        widths, _ = laid
        wanted = self.widths(10**6)
        assert wanted is not None
        return all(
            w >= (min(n, COMFORTABLE) if c.flex else n)
            for w, n, c in zip(widths, wanted[0], self.columns, strict=True)
        )

    def lines(self, width: int, rule: str = "─") -> Iterator[list[Span]]:
        laid = self.widths(width)
        if laid is None:
            yield from self._stacked(width)
            return
        widths, gap = laid
        total = sum(widths) + gap * (len(widths) - 1)
        header: tuple[Cell, ...] = tuple(spans((c.header, "bold")) for c in self.columns)
        shown_header = False
        for row in self.rows:
            if isinstance(row, Section):
                if shown_header:
                    yield []
                title = ((row.title, row.style),)
                yield from ([(" ", ""), *line] for line in wrap(title, width - 1))
                yield []
                if self.header:
                    yield from self._row(header, widths, gap)
                    yield [(" " + rule * total, "dim")]
                shown_header = True
                continue
            if not shown_header:
                if self.header:
                    yield from self._row(header, widths, gap)
                    yield [(" " + rule * total, "dim")]
                shown_header = True
            yield from self._row(row, widths, gap)

    def _data(self) -> Iterator[tuple[Cell, ...]]:
        return (r for r in self.rows if not isinstance(r, Section))

    def _row(self, cells: tuple[Cell, ...], widths: list[int], gap: int) -> Iterator[list[Span]]:
        wrapped = [
            [line for para in cell for line in wrap(para, w)]
            for cell, w in zip(cells, widths, strict=True)
        ]
        height = max((len(w) for w in wrapped), default=0)
        for n in range(height):
            out: list[Span] = [(" ", "")]
            for i, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
                line = lines[n] if n < len(lines) else []
                pad = " " * (w - sum(cell_len(t) for t, _ in line))
                last = i == len(widths) - 1
                if self.columns[i].justify == "right":
                    out.append((pad, ""))
                    out += line
                else:
                    out += line
                    if not last:
                        out.append((pad, ""))
                if not last:
                    out.append((" " * gap, ""))
            yield _trimmed(out)

    def _stacked(self, width: int) -> Iterator[list[Span]]:
        """Each row as a heading line (its first cell), its free text indented under it, and
        "Header value" pairs for every other column."""
        inner = max(1, width - 3)
        first = True
        for row in self.rows:
            if isinstance(row, Section):
                if not first:
                    yield []
                title = ((row.title, row.style),)
                yield from ([(" ", ""), *line] for line in wrap(title, width - 1))
                yield []
                first = True
                continue
            cells = row
            if not first:
                yield []
            first = False
            for para in cells[0]:
                bold = tuple((t, f"bold {s}".strip()) for t, s in para)
                yield from ([(" ", ""), *line] for line in wrap(bold, width - 1))
            pairs: list[Para] = []
            for column, cell in zip(self.columns[1:], cells[1:], strict=True):
                if column.flex:
                    for para in cell:
                        yield from ([("   ", ""), *line] for line in wrap(para, inner))
                    continue
                values = [p for p in cell if any(t.strip() for t, _ in p)]
                if values:
                    pair: list[Span] = [(column.header, "dim")]
                    for para in values:
                        pair += [(" ", ""), *para]
                    pairs.append(tuple(pair))
            for line in flow(pairs, inner):
                yield [("   ", ""), *line]


def _segments(line: list[Span]) -> Iterator[Segment]:
    """One laid-out line as rich segments, ended by a line break."""
    for chunk, style in line:
        yield Segment(chunk, Style.parse(style) if style else None)
    yield Segment.line()


def _written(paras: Sequence[Para], encoding: str) -> Sequence[Para]:
    """``paras`` as a stream in ``encoding`` will show them (unchanged for UTF-8)."""
    if encoding.lower().startswith("utf"):
        return paras
    from concordat.encoding import as_written

    return [tuple((as_written(t, encoding), s) for t, s in p) for p in paras]


def flow(items: Sequence[Para], width: int, gap: str = "  ") -> Iterator[list[Span]]:
    """Short pieces side by side, ``gap`` apart, as many to a line as fit; a piece is broken
    (at its spaces) only when it is wider than a whole line."""
    line: list[Span] = []
    used = 0
    for item in items:
        size = sum(cell_len(t) for t, _ in item)
        if line and used + len(gap) + size <= width:
            line += [(gap, ""), *item]
            used += len(gap) + size
            continue
        if line:
            yield _merged(line)
        if size <= width:
            line, used = list(item), size
            continue
        *whole, last = wrap(item, width)
        yield from whole
        line, used = last, sum(cell_len(t) for t, _ in last)
    if line:
        yield _merged(line)


@dataclass(frozen=True)
class Flow:
    """Lines of short pieces (a count and its word) flowed at the terminal's width, each
    piece kept whole on one line where it fits; no margin (for a view's heading)."""

    groups: Sequence[Sequence[Para]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for group in self.groups:
            for line in flow(_written(group, options.encoding), options.max_width):
                yield from _segments(line)


@dataclass(frozen=True)
class Prose:
    """Paragraphs of our own words (already safe), wrapped at spaces to the terminal or to
    ``width``, whichever is narrower."""

    paras: Sequence[Para]
    width: int = 100
    margin: str = " "

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(options.max_width, self.width) - len(self.margin)
        for para in _written(self.paras, options.encoding):
            for line in wrap(para, width):
                yield from _segments([(self.margin, ""), *line])


def _shrink(need: list[int], floor: list[int], columns: Sequence[Column], room: int) -> list[int]:
    """``need`` narrowed to fit ``room``, never any column below ``floor``: the free text
    first, down to a comfortable width; then the widest of the short columns (their words
    wrap onto more lines); then the free text again."""
    widths = list(need)
    excess = sum(widths) - room
    comfortable = [
        max(f, COMFORTABLE) if c.flex else f for c, f in zip(columns, floor, strict=True)
    ]
    for flex, least in ((True, comfortable), (False, floor), (True, floor)):
        while excess > 0:
            loose = [i for i, c in enumerate(columns) if c.flex is flex and widths[i] > least[i]]
            if not loose:
                break
            widest = max(loose, key=lambda i: widths[i])
            others = [widths[i] for i in loose if i != widest]
            # down to the next widest in one step, so this stays quick for wide columns
            step = max(1, min(excess, widths[widest] - max([least[widest], *others])))
            widths[widest] -= step
            excess -= step
    return widths


def _trimmed(line: list[Span]) -> list[Span]:
    while line and not line[-1][0].strip():
        line.pop()
    return line


def _words(para: Para) -> Iterator[tuple[list[Span], int]]:
    """Each word of ``para`` with its width; a word may run across pieces of two styles
    ("(now" and "N&W ICB)"), and only spaces end one."""
    if len(para) == 1:  # the usual case, made quick: one piece of one style
        chunk, style = para[0]
        plain = chunk.isascii()
        for piece in chunk.split(" "):
            if piece:
                yield [(piece, style)], len(piece) if plain else cell_len(piece)
        return
    word: list[Span] = []
    for chunk, style in para:
        pieces = chunk.split(" ")
        for index, piece in enumerate(pieces):
            if index and word:
                yield word, sum(cell_len(t) for t, _ in word)
                word = []
            if piece:
                word.append((piece, style))
    if word:
        yield word, sum(cell_len(t) for t, _ in word)


def _words_width(header: str, *, longest: bool) -> int:
    widths = [cell_len(w) for w in header.split()]
    if longest:
        return max(widths, default=0)
    return sum(widths) + max(0, len(widths) - 1)


def wrap(para: Para, width: int) -> list[list[Span]]:
    """``para`` in lines of at most ``width`` cells, broken only at spaces; a word longer
    than a whole line is folded. An empty paragraph is one empty line."""
    if len(para) == 1:
        chunk, style = para[0]
        if len(chunk) <= width and chunk.isascii() and "  " not in chunk:
            stripped = chunk.strip(" ")
            return [[(stripped, style)] if stripped else []]
    lines: list[list[Span]] = []
    line: list[Span] = []
    used = 0
    for word, size in _words(para):
        if line and used + 1 + size <= width:
            line.append((" ", word[0][1]))
            line += word
            used += 1 + size
            continue
        if line:
            lines.append(line)
        if size <= width:
            line, used = list(word), size
            continue
        pieces = _fold("".join(t for t, _ in word), width)
        style = word[0][1]
        lines.extend([(piece, style)] for piece in pieces[:-1])
        line, used = [(pieces[-1], style)], cell_len(pieces[-1])
    lines.append(line)
    return [_merged(line) for line in lines]


def _fold(word: str, width: int) -> list[str]:
    pieces, current, used = [], "", 0
    for char in word:
        size = get_character_cell_size(char)
        if current and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    pieces.append(current)
    return pieces


def _merged(line: list[Span]) -> list[Span]:
    """Neighbouring pieces of one style as one (fewer segments to write)."""
    out: list[Span] = []
    for chunk, style in line:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + chunk, style)
        else:
            out.append((chunk, style))
    return out
