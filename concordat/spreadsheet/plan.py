"""What a plan's tables say, read as concordat's signatories and commitments.

The columns are found by their headers as real plans wrote them (:data:`HEADERS`); a status
by its words, or by its colour (written, or the cell's fill) and what the colours meant in
this plan (``--rag``, or the plan's own key); an owner and partners by name
(:mod:`concordat.spreadsheet.organisations`); a due date by the timescale
(:mod:`concordat.spreadsheet.timescale`). Nothing is guessed silently: every cell that could
not be read is reported with its place, and kept in the output where it can be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from concordat.model import COMMITMENT_ID, MAX_COMMITMENT_ID
from concordat.safe import personal_data
from concordat.spreadsheet.organisations import Organisation, Organisations, split_short
from concordat.spreadsheet.reading import Cell, Document, Table
from concordat.spreadsheet.timescale import Ongoing, read_timescale, year_end
from concordat.vocab import NEEDS_REASON, Sector, Status, Theme, status_for

#: The fields a plan's columns can hold, and the headers real plans gave them.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("no", "no.", "ref", "ref no", "reference", "action no", "action number", "action ref",
           "action id", "number", "id", "item", "item no", "#"),
    "title": ("action", "actions", "action required", "actions required", "commitment",
              "what we will do", "description", "action description", "task", "activity",
              "action to be taken", "actions to be taken", "objective"),
    "theme": ("theme", "concordat theme", "section"),
    "owner": ("led by", "lead", "leads", "lead organisation", "lead organisations",
              "lead agency", "lead partner", "owner", "action owner", "responsible",
              "responsible organisation", "who", "by whom", "accountable"),
    "partners": ("partners", "partner", "partner agencies", "partner organisations",
                 "supported by", "other partners", "key partners", "with"),
    "due": ("timescale", "timescales", "time scale", "timeframe", "by when", "target date",
            "deadline", "due", "due date", "completion date", "date", "when", "target"),
    "outcome": ("outcome", "outcomes", "expected outcome", "expected outcomes",
                "outcome measure", "outcome measures", "success measure", "measure of success",
                "what will be different"),
    "status": ("rag", "rag rating", "rag status", "brag", "status", "rating", "progress rag",
               "current status", "progress status"),
    "update": ("progress", "comments", "comment", "update", "updates", "progress update",
               "latest update", "commentary", "notes", "progress to date", "narrative"),
    "reason": ("reason", "reason for rating", "reason for status", "issues", "risks",
               "risks and issues", "barriers"),
    "updated": ("updated", "last updated", "date updated", "update date"),
}  # fmt: skip
#: The names ``--column NAME=HEADER`` takes, with the words people may use for them.
FIELD_NAMES = {
    **{name: name for name in HEADERS},
    "action": "title", "no": "id", "lead": "owner", "led-by": "owner", "timescale": "due",
    "rag": "status", "progress": "update", "comments": "update", "outcomes": "outcome",
}  # fmt: skip
COLOURS = ("red", "amber", "green", "blue", "grey", "black")
_COLOUR_WORDS = {
    "red": "red", "r": "red", "amber": "amber", "a": "amber", "yellow": "amber",
    "orange": "amber", "green": "green", "g": "green", "blue": "blue", "b": "blue",
    "grey": "grey", "gray": "grey", "purple": "blue", "black": "black",
}  # fmt: skip
#: What a key's words mean, first match wins ("not on track" before "on track").
_MEANINGS: tuple[tuple[str, Status], ...] = (
    (r"remov|absorb|merged|withdrawn|cancel|no longer|superseded|closed down", Status.WITHDRAWN),
    (r"not (yet )?(been )?started|not begun|yet to (start|begin)|planned", Status.NOT_STARTED),
    (r"\b(some|minor|slight|limited)\b|at risk", Status.AT_RISK),
    (r"not on track|off track|problem|behind|delay|slipp|overdue|late|significant|serious|"
     r"unlikely|failing", Status.OFF_TRACK),
    (r"risk|concern|some (issues|slippage)|minor|attention", Status.AT_RISK),
    (r"complete|achieved|delivered|done|finished|met\b", Status.COMPLETE),
    (r"on track|on target|in progress|ongoing|under ?way|progressing|started", Status.ON_TRACK),
)  # fmt: skip
THEME_WORDS: tuple[tuple[str, Theme], ...] = (
    (r"commission", Theme.COMMISSIONING),
    (r"before crisis|early (help|intervention)", Theme.ACCESS_BEFORE_CRISIS),
    (r"urgent|emergency", Theme.URGENT_ACCESS),
    (r"quality|treatment and care", Theme.QUALITY_OF_CARE),
    (r"recovery|staying well|prevent", Theme.RECOVERY),
)
_HEADER_SCAN = 30


class PlanError(Exception):
    """The plan cannot be read as one (no table with an Action column, a bad option)."""


@dataclass(frozen=True)
class Finding:
    """Something the coordinator is told: where, and what."""

    kind: str  # "unread", "fill-in", "merge", "note"
    where: str
    message: str


@dataclass
class Update:
    date: date
    by: Organisation | None
    note: str


@dataclass
class Item:
    """One commitment read from a row."""

    where: str  # the row: "Plan!A5"
    id: str
    title: str
    theme: Theme | None
    owner: Organisation | None
    partners: list[Organisation]
    status: Status
    due: str
    outcome: str | None = None
    reason: str | None = None
    updates: list[Update] = field(default_factory=list)


@dataclass
class Plan:
    items: list[Item]
    organisations: Organisations
    findings: list[Finding]
    source: str  # the table read: "Plan", "table 1"

    def found(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


def normalise(header: str) -> str:
    if header.strip() == "#":
        return "#"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower()).split())


def header_field(header: str) -> str | None:
    """The field a header names: an exact match, else the longest synonym it starts with."""
    text = normalise(header)
    if not text:
        return None
    best: tuple[int, str] | None = None
    for name, words in HEADERS.items():
        for word in words:
            w = normalise(word)
            if text == w:
                return name
            if text.startswith(w + " ") and (best is None or len(w) > best[0]):
                best = (len(w), name)
    return best[1] if best else None


def parse_columns(options: list[str]) -> dict[str, str]:
    """``--column NAME=HEADER`` options, as field -> the header's words."""
    out: dict[str, str] = {}
    for option in options:
        name, sep, header = option.partition("=")
        key = FIELD_NAMES.get(name.strip().lower())
        if not sep or not header.strip():
            raise PlanError(f"--column {option!r}: write it as NAME=HEADER, like due='By when'")
        if key is None:
            raise PlanError(
                f"--column {option!r}: {name.strip()!r} is not a column concordat reads; "
                f"one of {', '.join(HEADERS)}"
            )
        out[key] = header.strip()
    return out


def parse_rag(option: str | None) -> dict[str, Status]:
    """``--rag red=off-track,amber=at-risk,green=on-track``, as colour -> status."""
    if not option:
        return {}
    out: dict[str, Status] = {}
    for part in option.split(","):
        colour, sep, meaning = part.partition("=")
        word = _COLOUR_WORDS.get(colour.strip().lower())
        status = meaning_of(meaning)
        if not sep or word is None or status is None:
            raise PlanError(
                f"--rag: {part.strip()!r} is not COLOUR=STATUS (colours: {', '.join(COLOURS)}; "
                f"statuses: {', '.join(s.value for s in Status)})"
            )
        out[word] = status
    return out


def meaning_of(text: str) -> Status | None:
    """What a key's words ("Not yet started", "a problem") mean as a status."""
    words = " ".join(text.lower().replace("-", " ").replace("_", " ").split())
    if not words:
        return None
    exact = status_for(words)
    if exact is not None and words not in _COLOUR_WORDS:
        return exact
    for pattern, status in _MEANINGS:
        if re.search(pattern, words):
            return status
    return None


def colour_word(text: str) -> str | None:
    return _COLOUR_WORDS.get(" ".join(text.lower().split()))


def fill_colour(hex_rgb: str | None) -> str | None:
    """The RAG colour nearest a fill (``FFC000`` is amber); None for white or no colour."""
    if not hex_rgb or not re.fullmatch(r"[0-9A-Fa-f]{6}", hex_rgb):
        return None
    r, g, b = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    high, low = max(r, g, b), min(r, g, b)
    light = (high + low) / 2
    if high - low < 0.12:
        return None if light > 0.93 else "black" if light < 0.2 else "grey"
    if high == r:
        hue = (60 * ((g - b) / (high - low))) % 360
    elif high == g:
        hue = 60 * ((b - r) / (high - low)) + 120
    else:
        hue = 60 * ((r - g) / (high - low)) + 240
    if hue < 18 or hue >= 330:
        return "red"
    if hue < 70:
        return "amber"
    if hue < 170:
        return "green"
    if hue < 270:
        return "blue"
    return None


def theme_of(text: str) -> Theme | None:
    words = text.strip().lower()
    for theme in Theme:
        if words == theme.value:
            return theme
    match = re.match(r"^(?:theme\s*)?([0-4])(?:[.:)\s]|$)", words)
    if match:
        return list(Theme)[int(match[1])]
    for pattern, theme in THEME_WORDS:
        if re.search(pattern, words):
            return theme
    return None


# -- finding the table ------------------------------------------------------------------------


@dataclass
class Layout:
    table: Table
    header_row: int  # index into table.rows
    columns: dict[str, int]  # field -> column index
    ignored: list[str]  # headers of columns not read


def _layout(table: Table, row_index: int, wanted: dict[str, str]) -> Layout:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    row = table.rows[row_index]
    by_text = {normalise(c.text): i for i, c in enumerate(row) if c.text}
    for name, header in wanted.items():
        index = by_text.get(normalise(header))
        if index is not None:
            columns[name] = index
    taken = set(columns.values())
    for i, cell in enumerate(row):
        if not cell.text or i in taken:
            continue
        field_name = header_field(cell.text)
        if field_name is not None and field_name not in columns:
            columns[field_name] = i
        else:
            ignored.append(cell.text)
    return Layout(table, row_index, columns, ignored)


def find_layouts(document: Document, wanted: dict[str, str]) -> list[Layout]:
    """The plan's table (for Word, every table with the plan's headers), and its header row."""
    best: list[tuple[int, Layout]] = []
    for table in document.tables:
        if table.name in ("Who owns what", "Key"):
            continue
        for index, row in enumerate(table.rows[:_HEADER_SCAN]):
            if not any(c.text for c in row):
                continue
            layout = _layout(table, index, wanted)
            if "title" in layout.columns and len(layout.columns) >= 2:
                best.append((len(layout.columns), layout))
                break
    if not best:
        return []
    if document.kind == "docx":
        return [layout for _, layout in best]
    top = max(score for score, _ in best)
    return [next(layout for score, layout in best if score == top)]


def missing_header_words(document: Document, wanted: dict[str, str]) -> str:
    """Why no table was found, for the message."""
    for name, header in wanted.items():
        found = any(
            normalise(c.text) == normalise(header)
            for t in document.tables
            for r in t.rows[:_HEADER_SCAN]
            for c in r
        )
        if not found:
            return f"no column is headed {header!r} (given for {name} with --column)"
    return (
        "no table has a header row with an Action column and one more of No., Timescale, "
        "Led by, Outcome, RAG (name yours with --column title='What we will do')"
    )


# -- reading the rows -------------------------------------------------------------------------

_NOBODY = re.compile(
    r"^(all|all partners|all agencies|all organisations|partnership|the partnership|tbc|tbd|"
    r"to be confirmed|n/?a|none|-+|\?+)$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:[/;\n+]|,(?!\s*(?:inc|ltd)\b))\s*")
_ID_PREFIX = re.compile(r"^(?:action|ref|no|item)\.?\s*", re.IGNORECASE)


class _Reader:
    def __init__(self, rag: dict[str, Status], as_of: date) -> None:
        self.rag = dict(rag)
        self.rag_given = bool(rag)
        self.as_of = as_of
        self.orgs = Organisations()
        self.findings: list[Finding] = []
        self.needs_meaning: dict[str, list[str]] = {}
        self.items: list[Item] = []

    def say(self, kind: str, where: str, message: str) -> None:
        self.findings.append(Finding(kind, where, message))

    def clean(self, text: str, where: str) -> str:
        """Text to write: personal identifiers never in full (the files are published)."""
        from concordat.safe import masked

        found = personal_data(text)
        if not found:
            return text
        kinds = sorted({f.kind for f in found})
        self.say(
            "note",
            where,
            "holds what looks like personal data ("
            + ", ".join(_KIND_WORDS[k] for k in kinds)
            + "): written masked; the partnership's files describe services, never people",
        )
        return masked(text)

    # -- organisations and the key

    def known_organisations(self, document: Document) -> None:
        for table in document.tables:
            if table.name != "Who owns what" or not table.rows:
                continue
            head = {normalise(c.text): i for i, c in enumerate(table.rows[0])}
            if "organisation" not in head or "id" not in head:
                continue
            for row in table.rows[1:]:

                def get(name: str, row: list[Cell] = row, head: dict[str, int] = head) -> str:
                    i = head.get(name)
                    return row[i].text if i is not None and i < len(row) else ""

                org_id, name = get("id"), get("organisation")
                if not (org_id and name and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", org_id)):
                    continue
                facts = {
                    k: get(k) for k in ("sector", "role", "signed", "left", "successor") if get(k)
                }
                self.orgs.known(org_id, name, get("short name") or None, facts)

    def read_key(self, document: Document, layouts: list[Layout]) -> None:
        """What the plan's own key says its colours meant: "Red = not started", a cell filled
        red beside (or holding) the words, or concordat's own Key sheet."""
        if self.rag_given:
            return
        data_rows = {
            (t.table.name, i) for t in layouts for i in range(t.header_row, len(t.table.rows))
        }
        seen: dict[str, tuple[Status, str]] = {}
        for table in document.tables:
            for index, row in enumerate(table.rows):
                if (table.name, index) in data_rows and not _is_key_row(row):
                    continue
                for colour, status, where in _key_pairs(row):
                    where = table.where(where)
                    earlier = seen.get(colour)
                    if earlier and earlier[0] is not status:
                        raise PlanError(
                            f"the plan's key gives {colour} two meanings ({earlier[0].value} at "
                            f"{earlier[1]}, {status.value} at {where}): say which with "
                            f"--rag {colour}=STATUS"
                        )
                    seen.setdefault(colour, (status, where))
        for colour, (status, _where) in seen.items():
            self.rag[colour] = status
        if seen:
            places = sorted({where.split("!")[0] for _, where in seen.values()})
            meanings = ", ".join(f"{c} means {s.value}" for c, (s, _) in seen.items())
            self.say("note", ", ".join(places), f"the plan's own key: {meanings}")

    # -- one row

    def status(self, cell: Cell | None, where: str) -> tuple[Status, str | None]:
        """The status a cell gives, and its words when they were not understood."""
        if cell is None:
            return Status.NOT_STARTED, None
        text = cell.text
        colour = colour_word(text) if text else fill_colour(cell.fill)
        if text and colour is None:
            found = status_for(text) or meaning_of(text)
            if found is None:
                head = re.split(r"\s[-:\u2013]\s|[:,(\n]", text, maxsplit=1)[0]
                found = status_for(head) or meaning_of(head)
            if found is not None:
                return found, None
            colour = fill_colour(cell.fill)
            if colour is None:
                self.say(
                    "unread",
                    where,
                    f"the status {text!r} is not one concordat knows: written as not-started, "
                    "and the words kept in an update",
                )
                return Status.NOT_STARTED, text
        if colour is None:
            self.say("fill-in", where, "no status: written as not-started")
            return Status.NOT_STARTED, None
        if colour in self.rag:
            return self.rag[colour], None
        self.needs_meaning.setdefault(colour, []).append(where)
        return Status.NOT_STARTED, None

    def organisations(self, cell: Cell | None, where: str) -> list[Organisation]:
        if cell is None or not cell.text:
            return []
        names = [n for n in _SPLIT.split(cell.text) if n.strip() and not _NOBODY.match(n.strip())]
        return [self.orgs.add(self.clean(n.strip(), where), where) for n in names]

    def row(self, layout: Layout, row: list[Cell], theme: Theme | None) -> Item | None:
        table, columns = layout.table, layout.columns

        def cell(name: str) -> Cell | None:
            i = columns.get(name)
            return row[i] if i is not None and i < len(row) else None

        def text(name: str) -> str:
            found = cell(name)
            return found.text if found else ""

        def at(name: str) -> str:
            found = cell(name)
            if found is not None:
                return table.where(found.where)
            return table.where(f"{_column(columns.get(name, 0))}{_row_number(row)}")

        title = text("title")
        first = table.where(row[0].where) if row else table.name
        if not title:
            if any(c.text for c in row):
                self.say(
                    "unread", first, "the row has no action (its Action cell is empty): skipped"
                )
            return None
        for c in row:
            if c.uncalculated:
                self.say(
                    "unread",
                    table.where(c.where),
                    "holds a formula whose result was never saved (concordat never calculates "
                    "one): open the file in Excel or LibreOffice, save it, and import it again",
                )
        item = Item(
            where=first,
            id=text("id"),
            title=self.clean(title, at("title")),
            theme=theme_of(text("theme")) if text("theme") else theme,
            owner=None,
            partners=[],
            status=Status.NOT_STARTED,
            due="",
        )
        leads = self.organisations(cell("owner"), at("owner"))
        if leads:
            item.owner = leads[0]
            if len(leads) > 1:
                others = ", ".join(o.name for o in leads[1:])
                self.say(
                    "note",
                    at("owner"),
                    f"names {len(leads)} leads: one organisation leads each commitment, so "
                    f"{leads[0].name} is the owner and {others} partners",
                )
        item.partners = [*leads[1:], *self.organisations(cell("partners"), at("partners"))]
        if item.owner is None:
            self.say("fill-in", at("owner"), "no lead organisation: fill in the owner")
        item.status, words = self.status(cell("status"), at("status"))
        if "status" not in columns:
            item.status, words = Status.NOT_STARTED, None
        updated = cell("updated")
        update_day = updated.value if updated and isinstance(updated.value, date) else self.as_of
        if words:
            item.updates.append(Update(self.as_of, item.owner, f"Status in the plan: {words}"))
        self.due(item, cell("due"), at("due"))
        if text("outcome"):
            item.outcome = self.clean(text("outcome"), at("outcome"))
        if text("reason"):
            item.reason = self.clean(text("reason"), at("reason"))
        if text("update"):
            note = self.clean(text("update"), at("update"))
            item.updates.append(Update(update_day, item.owner, note))
        return item

    def due(self, item: Item, cell: Cell | None, where: str) -> None:
        fallback = year_end(self.as_of)
        value = cell.value if cell else None
        if isinstance(value, float) and value.is_integer() and 25_000 <= value <= 80_000:
            # a date shown as a number (a formula's saved result, a cell with no date
            # format): Excel's count of days since 30 December 1899
            day = date(1899, 12, 30) + timedelta(days=int(value))
            self.say("note", where, f"the number {int(value)} was read as the date {day}")
            value = day
        read = read_timescale(value)
        shown = cell.text if cell else ""
        if read is None or isinstance(read, Ongoing):
            item.due = fallback
            if not shown:
                self.say("fill-in", where, f"no timescale: due set to {fallback} for now")
                return
            kept = self.clean(shown, where)
            if isinstance(read, Ongoing):
                self.say(
                    "fill-in",
                    where,
                    f"timescale {kept!r} has no date: due set to {fallback} for now",
                )
                note = f"Timescale in the plan: {kept} (no date given; due set to {fallback})"
            else:
                self.say(
                    "unread",
                    where,
                    f"timescale {kept!r} is not a date concordat can read: kept in an update, "
                    f"and due set to {fallback} for now",
                )
                note = f"Timescale in the plan, not read as a date: {kept} (due set to {fallback})"
            item.updates.append(Update(self.as_of, None, note))
            return
        item.due = read.written
        if read.revised_from:
            note = (
                f"Timescale revised in the plan: first {self.clean(read.revised_from, where)}, "
                f"then {read.written} (as written: {self.clean(shown, where)})"
            )
            item.updates.append(Update(self.as_of, None, note))


_KIND_WORDS = {
    "X001": "an NHS number",
    "X002": "an email address",
    "X003": "a phone number",
    "X004": "a date of birth",
    "X005": "a postcode beside a date of birth",
}


def _column(index: int) -> str:
    from concordat.spreadsheet.reading import column_letter

    return column_letter(index)


def _row_number(row: list[Cell]) -> str:
    return re.sub(r"^[A-Z]+", "", row[0].where) if row else "?"


def _is_key_row(row: list[Cell]) -> bool:
    """A row of a key inside the table: "Key:" or "Red = ..." and no action."""
    texts = [c.text for c in row if c.text]
    return bool(texts) and (
        texts[0].lower().rstrip(":") in ("key", "rag key", "rag rating")
        or all(re.match(r"^(red|amber|green|blue|grey|gray)\s*[=:-]", t, re.I) for t in texts)
    )


def _key_pairs(row: list[Cell]) -> list[tuple[str, Status, str]]:
    found: list[tuple[str, Status, str]] = []
    for i, cell in enumerate(row):
        text = cell.text
        for match in re.finditer(
            r"\b(red|amber|green|blue|grey|gray|yellow|black)\s*[=:\u2013-]\s*([^;,=\n]+?)(?=\s*(?:[;,\n]|\b(?:red|amber|green|blue|grey|gray|yellow|black)\s*[=:\u2013-]|$))",
            text,
            re.IGNORECASE,
        ):
            status = meaning_of(match[2])
            colour = colour_word(match[1])
            if status is not None and colour is not None:
                found.append((colour, status, cell.where))
        if found:
            continue
        colour = colour_word(text) if text else fill_colour(cell.fill)
        if colour and i + 1 < len(row) and row[i + 1].text:
            status = meaning_of(row[i + 1].text)
            if status is not None and colour_word(row[i + 1].text) is None:
                found.append((colour, status, cell.where))
                continue
        filled = fill_colour(cell.fill)
        if filled and text and colour_word(text) is None:
            status = meaning_of(text)
            if status is not None:
                found.append((filled, status, cell.where))
    return found


def _section(layout: Layout, row: list[Cell]) -> Theme | bool | None:
    """A heading row between actions ("Theme 2: Urgent and emergency access"): its theme,
    False when the row is not one (None: a heading that names no theme)."""
    texts = {c.text for c in row if c.text}
    if len(texts) != 1:
        return False
    (text,) = texts
    filled = sum(1 for c in row if c.text)
    title_index = layout.columns.get("title")
    only_title = (
        filled == 1 and title_index is not None and title_index < len(row) and row[title_index].text
    )
    theme = theme_of(text)
    if only_title and not (theme and re.match(r"^\s*(theme|[0-4][.:)\s])", text, re.I)):
        return False
    if theme is None and only_title:
        return False
    return theme


def _good_id(text: str) -> str | None:
    value = _ID_PREFIX.sub("", text.strip()).rstrip(".").strip().lower()
    if value and len(value) <= MAX_COMMITMENT_ID and re.fullmatch(COMMITMENT_ID, value):
        return value
    return None


def read_plan(
    document: Document,
    *,
    columns: dict[str, str] | None = None,
    rag: dict[str, Status] | None = None,
    as_of: date,
) -> Plan:
    """The plan in ``document``; raises :class:`PlanError` when there is none to read."""
    wanted = columns or {}
    layouts = find_layouts(document, wanted)
    if not layouts:
        raise PlanError(missing_header_words(document, wanted))
    for layout in layouts:
        if layout.table.too_many_rows:
            raise PlanError(
                f"{layout.table.name} has more than {_max_rows():,} rows: an action plan has tens "
                "or hundreds of actions; is it the right sheet? (--sheet NAME chooses another)"
            )
    reader = _Reader(rag or {}, as_of)
    reader.known_organisations(document)
    reader.read_key(document, layouts)
    for layout in layouts:
        table = layout.table
        if table.hidden:
            rows = ", ".join(str(r) for r in table.hidden[:10])
            more = f" and {len(table.hidden) - 10} more" if len(table.hidden) > 10 else ""
            reader.say(
                "note",
                table.name,
                (
                    f"row {rows} is hidden in the sheet: it was read as the others are"
                    if len(table.hidden) == 1
                    else f"rows {rows}{more} are hidden in the sheet: they were read as the "
                    "others are"
                ),
            )
        for where in table.nested:
            reader.say(
                "note", table.where(where), "holds a table of its own: its text was read as lines"
            )
        if layout.ignored:
            reader.say(
                "note",
                table.name,
                "columns not read: " + ", ".join(repr(h) for h in layout.ignored),
            )
        theme: Theme | None = None
        for row in table.rows[layout.header_row + 1 :]:
            if not any(c.text for c in row):
                continue
            if _is_key_row(row):
                continue
            section = _section(layout, row)
            if section is not False:
                theme = section if isinstance(section, Theme) else theme
                continue
            item = reader.row(layout, row, theme)
            if item is not None:
                reader.items.append(item)
    if reader.needs_meaning:
        places = "; ".join(
            f"{colour} in {', '.join(cells[:3])}{' and more' if len(cells) > 3 else ''}"
            for colour, cells in reader.needs_meaning.items()
        )
        example = ",".join(f"{c}=STATUS" for c in reader.needs_meaning)
        raise PlanError(
            f"the plan rates actions by colour ({places}) but does not say what its colours "
            f"meant, and areas meant different things: say it with --rag {example} "
            f"(statuses: {', '.join(s.value for s in Status)})"
        )
    reader.orgs.settle()
    _ids_and_themes(reader)
    _merges(reader)
    return Plan(reader.items, reader.orgs, reader.findings, layouts[0].table.name)


def _max_rows() -> int:
    from concordat.spreadsheet.reading import MAX_ROWS

    return MAX_ROWS


def _ids_and_themes(reader: _Reader) -> None:
    used: set[str] = set()
    pending: list[Item] = []
    for item in reader.items:
        item.owner = reader.orgs.resolve(item.owner) if item.owner else None
        item.partners = _unique([reader.orgs.resolve(p) for p in item.partners], item.owner)
        for update in item.updates:
            update.by = item.owner
        good = _good_id(item.id)
        if good is not None and good not in used:
            item.id = good
            used.add(good)
        else:
            pending.append(item)
        if item.theme is None and good is not None:
            first = int(good.split(".")[0].rstrip("abcdefghijklmnopqrstuvwxyz") or -1)
            if 0 <= first < len(Theme):
                item.theme = list(Theme)[first]
        if item.status in NEEDS_REASON and not item.reason:
            reader.say("fill-in", item.where, f"{item.status.value} with no reason given: add one")
    for item in pending:
        if item.theme is None:  # a row with no id nor theme: the theme of the row above it
            before = reader.items.index(item) - 1
            item.theme = reader.items[before].theme if before >= 0 else None
        prefix = f"{item.theme.number}." if item.theme else ""
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        new = f"{prefix}{n}"
        used.add(new)
        why = "no id" if not item.id else f"{item.id!r} is not an id like 2.1, or is a repeat"
        reader.say("note", item.where, f"{why}: numbered {new}")
        item.id = new
    for item in reader.items:
        if item.theme is None:
            reader.say("fill-in", item.where, "no theme (no Theme column, heading or id says one)")


def _unique(orgs: list[Organisation], owner: Organisation | None) -> list[Organisation]:
    out: list[Organisation] = []
    for org in orgs:
        if org is not owner and org not in out:
            out.append(org)
    return out


def _merges(reader: _Reader) -> None:
    for org in reader.orgs.merges():
        ways = [
            f"{text!r} ({', '.join(cells[:3])}{'...' if len(cells) > 3 else ''})"
            for text, cells in org.written.items()
        ]
        reader.say(
            "merge", org.id, f"one organisation, written {len(ways)} ways: " + "; ".join(ways)
        )


def likely(org: Organisation) -> Sector | None:
    from concordat.spreadsheet.organisations import likely_sector

    return likely_sector(org.name)


__all__ = ["Finding", "Item", "Plan", "PlanError", "read_plan", "split_short"]
