"""Reading a plan's file into tables of cells: ``.xlsx`` (and ``.xlsm``), ``.csv``, ``.docx``.

Everything in the file is untrusted and bounded before it is opened: the file's size; for
a zip (xlsx, docx) the sizes its directory declares, entry by entry, before anything is
unpacked (a zip bomb is refused, and Python's zipfile never unpacks more than an entry
declares); the rows and columns read from each sheet. A workbook's formulas are never
evaluated: the value Excel last saved is read, and a formula with none is reported. Macros
in an ``.xlsm`` are never loaded, let alone run. An encrypted workbook, an old ``.xls`` or
``.doc``, or a file that is not what its name says gets a message saying what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

#: A plan is a few hundred kilobytes; anything far larger is not one.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: What a zip may unpack to in all (its directory's declared sizes), and entry by entry.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_ENTRY_BYTES = 128 * 1024 * 1024
#: An entry that unpacks to more than this many times its packed size is a bomb (real
#: spreadsheet XML packs 5 to 50 times; the classic bombs, thousands of times).
MAX_RATIO = 400
#: A Word document's text, which python-docx reads whole (a long plan's is a few MB).
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
MAX_ENTRIES = 10_000
#: Rows with something in them read from one sheet or table: an action plan has 30 to 100.
MAX_ROWS = 10_000
#: Rows of any kind (blank ones too) looked at in one sheet before giving up.
MAX_SCANNED_ROWS = 100_000
MAX_COLUMNS = 60

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


#: What reading a damaged zip raises: a bad directory or CRC, a truncated or corrupt stream,
#: a method zipfile does not know, an entry encrypted with a password.
_DAMAGED = (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError,
            RuntimeError)  # fmt: skip


class Unreadable(Exception):
    """The file cannot be imported at all; the message says why and what to do."""


@dataclass
class Cell:
    """One cell: its value (text, a date, a number or nothing), its fill colour as six hex
    digits when it has one, and where it is (``C14``)."""

    value: str | date | float | None
    where: str
    fill: str | None = None
    #: A formula whose result was never saved, so its value cannot be known.
    uncalculated: bool = False

    @property
    def text(self) -> str:
        v = self.value
        if v is None:
            return ""
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, float):
            return repr(v).removesuffix(".0") if v.is_integer() else repr(v)
        return v.strip()


@dataclass
class Table:
    """One sheet, or one Word table: rows of cells, and facts about the rows."""

    name: str  # "Plan", or "table 2" in a Word document
    rows: list[list[Cell]]
    hidden: list[int] = field(default_factory=list)  # row numbers, from 1
    #: Where a cell holds a table of its own (Word), read as lines of text.
    nested: list[str] = field(default_factory=list)
    #: Ranges of merged cells, as written ("A5:A7").
    merged: list[str] = field(default_factory=list)
    too_many_rows: bool = False

    def where(self, cell: str) -> str:
        return f"{self.name}!{cell}"


@dataclass
class Document:
    kind: str  # "xlsx", "csv", "docx"
    tables: list[Table]
    notes: list[str] = field(default_factory=list)  # things said about the file as a whole


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read(path: Path, *, sheet: str | None = None) -> Document:
    """The tables in the file at ``path``; raises :class:`Unreadable` with what to do."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(
                f"it is {size // (1024 * 1024)} MB: far larger than any action plan "
                f"(the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)"
            )
        with path.open("rb") as handle:
            head = handle.read(8)
    except IsADirectoryError:
        raise Unreadable("it is a folder, not a file") from None
    except OSError as error:
        raise Unreadable(f"cannot be read: {error.strerror or error}") from None
    suffix = path.suffix.lower()
    if head.startswith(_OLE):
        raise Unreadable(_ole_words(path))
    if head.startswith(_ZIP):
        kind = _zip_kind(path)
        if kind == "docx":
            return _read_docx(path)
        return _read_xlsx(path, sheet)
    if suffix in (".xlsx", ".xlsm", ".docx", ".xls", ".doc"):
        raise Unreadable(
            f"it is called {suffix} but is not one (it is not a zip, as every {suffix} "
            "file is): it may be damaged, or be another kind of file renamed"
        )
    if suffix in (".csv", ".txt", ".tsv") or not suffix:
        return _read_csv(path)
    raise Unreadable(
        f"concordat imports .xlsx, .xlsm, .csv and .docx files, not {suffix}: save the plan "
        "as one of those"
    )


def _ole_words(path: Path) -> str:
    """What an old Office file (or an encrypted new one, which is kept in the same old
    container) is, and what to do with it."""
    with path.open("rb") as handle:
        data = handle.read(min(MAX_FILE_BYTES, 4 * 1024 * 1024))
    if (
        "EncryptionInfo".encode("utf-16-le") in data
        or "EncryptedPackage".encode("utf-16-le") in data
    ):
        return (
            "it is protected with a password (encrypted): open it in Excel, remove the "
            "password (File > Info > Protect Workbook > Encrypt with Password, then clear "
            "it), save it, and import that copy"
        )
    if "WordDocument".encode("utf-16-le") in data:
        return (
            "it is an old Word document (.doc, Word 97-2003): open it in Word or LibreOffice "
            "and save it as .docx, then import that"
        )
    return (
        "it is an old Excel workbook (.xls, Excel 97-2003), which concordat does not read: "
        "open it in Excel or LibreOffice and save it as .xlsx (or export the plan's sheet "
        "as CSV), then import that"
    )


def _zip_kind(path: Path) -> str:
    """ "docx" or "xlsx", after checking the sizes the zip's directory declares."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except _DAMAGED as error:
        raise Unreadable(
            f"it is damaged: its zip directory cannot be read ({_reason(error)})"
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise Unreadable(f"it holds {len(entries)} files inside: not a spreadsheet or document")
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MAX_ENTRY_BYTES or (entry.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise Unreadable(
                f"it unpacks to far more than it holds ({entry.filename} would be "
                f"{entry.file_size // (1024 * 1024)} MB from {entry.compress_size} bytes): "
                "a zip bomb, or a damaged file; nothing was unpacked"
            )
    if total > MAX_UNPACKED_BYTES:
        raise Unreadable(
            f"it would unpack to {total // (1024 * 1024)} MB: far larger than any action plan; "
            "nothing was unpacked"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and _declares_entities(
                    archive, entry
                ):
                    raise Unreadable(
                        f"{entry.filename} inside it declares XML entities, which Excel and "
                        "Word never write (an 'entity bomb' expands them to gigabytes): "
                        "nothing was read"
                    )
    except _DAMAGED as error:
        raise Unreadable(f"it is damaged: {_reason(error)}") from None
    names = {e.filename for e in entries}
    if "word/document.xml" in names:
        body = next(e for e in entries if e.filename == "word/document.xml")
        if body.file_size > MAX_DOCUMENT_BYTES:  # python-docx holds the whole of it in memory
            raise Unreadable(
                f"its text is {body.file_size // (1024 * 1024)} MB: far larger than any action "
                "plan; nothing was read"
            )
        return "docx"
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    raise Unreadable(
        "it is a zip, but neither an Excel workbook nor a Word document (no xl/ or word/ "
        "inside): save the plan as .xlsx, .docx or .csv"
    )


def _declares_entities(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares entities (in its document type, at its start)."""
    with archive.open(entry) as stream:
        head = stream.read(8192)
    return b"<!ENTITY" in head


# -- Excel ------------------------------------------------------------------------------------


def _read_xlsx(path: Path, wanted: str | None) -> Document:
    import warnings

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():  # "data validation not supported" and the like
            warnings.simplefilter("ignore")
            book = load_workbook(
                io.BytesIO(path.read_bytes()),
                read_only=True,
                data_only=True,  # the value Excel saved; formulas are never evaluated
                keep_vba=False,  # an .xlsm's macros are never even loaded
                keep_links=False,
            )
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(f"it cannot be read as a workbook: {_reason(error)}") from None
    notes: list[str] = []
    if path.suffix.lower() == ".xlsm" or getattr(book, "vba_archive", None) is not None:
        notes.append("it holds macros: only the values were read; no macro was run")
    names = [ws.title for ws in book.worksheets]
    if wanted is not None and wanted not in names:
        raise Unreadable(f"it has no sheet '{wanted}'; its sheets: {', '.join(names)}")
    tables = []
    palette = theme_palette(getattr(book, "loaded_theme", None))
    try:
        for ws in book.worksheets:
            if wanted is not None and ws.title not in (wanted, "Who owns what", "Key"):
                continue
            tables.append(_sheet(ws, palette))
    except Unreadable:
        raise
    except Exception as error:
        raise Unreadable(f"a sheet cannot be read: {_reason(error)}") from None
    finally:
        book.close()
    return Document("xlsx", tables, notes)


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def _sheet(ws: Any, palette: tuple[str, ...]) -> Table:
    rows: list[list[Cell]] = []
    table = Table(ws.title, rows)
    filled = 0
    for scanned, row in enumerate(
        ws.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_SCANNED_ROWS), start=1
    ):
        cells = [_xl_cell(c, scanned, i, palette) for i, c in enumerate(row)]
        if any(c.value is not None or c.fill for c in cells):
            filled += 1
            if filled > MAX_ROWS:
                table.too_many_rows = True
                break
        rows.append(cells)
    else:
        if scanned >= MAX_SCANNED_ROWS:
            table.too_many_rows = True
    if not table.too_many_rows:
        _layout(ws, table)
    return table


def _xl_cell(cell: Any, row: int, column: int, palette: tuple[str, ...]) -> Cell:
    where = f"{column_letter(column)}{row}"
    value = getattr(cell, "value", None)
    if isinstance(value, datetime):
        value = value.date()
    elif isinstance(value, time):
        value = value.isoformat()
    elif isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, int):
        value = float(value)
    elif value is not None and not isinstance(value, str | float | date):
        value = str(value)
    return Cell(value, where, _fill(cell, palette))


def _fill(cell: Any, palette: tuple[str, ...] = ()) -> str | None:
    """A cell's solid fill as six hex digits, or None (no fill, or a colour not known)."""
    try:
        fill = cell.fill
    except (AttributeError, IndexError, KeyError):
        return None
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    colour = fill.fgColor if fill.fill_type == "solid" else (fill.fgColor or fill.bgColor)
    return colour_hex(colour, palette)


#: The order of a theme's colours, as a colour's theme index counts them.
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink")  # fmt: skip
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def theme_palette(xml: bytes | None) -> tuple[str, ...]:
    """A workbook's theme colours (Excel's palette: "Green, Accent 6"), as six hex digits."""
    from xml.etree.ElementTree import ParseError, fromstring

    if not xml:
        return ()
    try:
        root = fromstring(xml)  # its size bounded, entities refused, by the zip check
    except ParseError:
        return ()
    scheme = root.find(f".//{_DRAWING}clrScheme")
    if scheme is None:
        return ()
    found: dict[str, str] = {}
    for child in scheme:
        rgb, system = child.find(f"{_DRAWING}srgbClr"), child.find(f"{_DRAWING}sysClr")
        value = rgb.get("val") if rgb is not None else None
        if value is None and system is not None:
            value = system.get("lastClr")
        found[child.tag.removeprefix(_DRAWING)] = (value or "").upper()
    return tuple(found.get(name, "") for name in _THEME_ORDER)


def _tinted(hex_rgb: str, tint: float) -> str:
    """A theme colour lightened (tint > 0) or darkened (tint < 0) as Excel does."""
    import colorsys

    r, g, b = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, min(max(light, 0.0), 1.0), saturation)
    return "".join(f"{round(v * 255):02X}" for v in (r, g, b))


def colour_hex(colour: Any, palette: tuple[str, ...] = ()) -> str | None:
    from openpyxl.styles.colors import COLOR_INDEX  # type: ignore[import-untyped]

    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) in (6, 8):
        return colour.rgb[-6:].upper()
    index = getattr(colour, "indexed", None)
    if kind == "indexed" and isinstance(index, int) and 0 <= index < len(COLOR_INDEX) - 2:
        return str(COLOR_INDEX[index])[-6:].upper()
    theme = getattr(colour, "theme", None)
    if kind == "theme" and isinstance(theme, int) and 0 <= theme < len(palette):
        base = palette[theme]
        if re.fullmatch(r"[0-9A-F]{6}", base):
            tint = getattr(colour, "tint", 0.0) or 0.0
            return _tinted(base, float(tint)) if tint else base
    return None


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _layout(ws: Any, table: Table) -> None:
    """What openpyxl's streaming reader does not give: hidden rows, merged ranges (their
    value copied into every cell they cover, as a reader sees it), and formulas whose
    result was never saved. Read from the sheet's XML, whose size the zip check bounded."""
    uncalculated: set[str] = set()
    try:
        with ws._get_source() as source:  # the sheet's XML inside the zip
            for _event, element in iterparse(source, events=("end",)):
                tag = element.tag
                if tag == f"{_MAIN}row":
                    if element.get("hidden") in ("1", "true"):
                        table.hidden.append(int(element.get("r", "0")))
                    element.clear()
                elif tag == f"{_MAIN}c":
                    if element.find(f"{_MAIN}f") is not None:
                        value = element.find(f"{_MAIN}v")
                        if value is None or not (value.text or "").strip():
                            uncalculated.add(element.get("r", ""))
                elif tag == f"{_MAIN}mergeCell":
                    ref = element.get("ref", "")
                    if ref:
                        table.merged.append(ref)
    except Exception:  # the values were read; the layout is a help, not a need
        return
    for row in table.rows:
        for cell in row:
            if cell.where in uncalculated:
                cell.uncalculated = True
    for ref in table.merged:
        _spread(table, ref)


def _spread(table: Table, ref: str) -> None:
    """A merged range's value in every cell it covers (a reader sees it in each)."""
    from openpyxl.utils import column_index_from_string  # type: ignore[import-untyped]

    corners = [_CELL_REF.fullmatch(part) for part in ref.split(":")]
    if len(corners) != 2 or not all(corners):
        return
    (c1, r1), (c2, r2) = ((column_index_from_string(m[1]) - 1, int(m[2])) for m in corners if m)
    if r1 - 1 >= len(table.rows) or r2 - r1 > MAX_ROWS or c2 - c1 > MAX_COLUMNS:
        return
    top = table.rows[r1 - 1]
    if c1 >= len(top):
        return
    source = top[c1]
    for r in range(r1, min(r2, len(table.rows)) + 1):
        row = table.rows[r - 1]
        for c in range(c1, min(c2, MAX_COLUMNS - 1) + 1):
            while len(row) <= c:
                row.append(Cell(None, f"{column_letter(len(row))}{r}"))
            if row[c] is not source:
                row[c] = Cell(source.value, row[c].where, source.fill or row[c].fill)


# -- CSV --------------------------------------------------------------------------------------


def _read_csv(path: Path) -> Document:
    data = path.read_bytes()
    notes: list[str] = []
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = data.decode("utf-16")
        else:
            raise Unreadable(
                "it is not text (it holds zero bytes): is it a spreadsheet saved as something else?"
            )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            notes.append("it is not UTF-8: it was read as Windows-1252 (Excel's CSV on Windows)")
    sample = text[:8192]
    delimiter = max((",", ";", "\t"), key=sample.count)
    rows: list[list[Cell]] = []
    table = Table(path.name, rows)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    csv.field_size_limit(1_000_000)
    filled = 0
    try:
        for number, record in enumerate(reader, start=1):
            cells = [
                Cell(value or None, f"{column_letter(i)}{number}")
                for i, value in enumerate(record[:MAX_COLUMNS])
            ]
            if any(c.value for c in cells):
                filled += 1
                if filled > MAX_ROWS:
                    table.too_many_rows = True
                    break
            rows.append(cells)
    except csv.Error as error:
        raise Unreadable(f"it is not a CSV file that can be read: {error}") from None
    return Document("csv", [table], notes)


# -- Word -------------------------------------------------------------------------------------


def _read_docx(path: Path) -> Document:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(path.read_bytes()))
    except Exception as error:
        raise Unreadable(f"it cannot be read as a Word document: {_reason(error)}") from None
    tables = []
    notes = []
    for number, word_table in enumerate(document.tables, start=1):
        try:
            tables.append(_word_table(word_table, f"table {number}", qn))
        except Exception as error:  # a table whose grid python-docx cannot follow
            notes.append(f"table {number} cannot be read ({_reason(error)}): it was skipped")
    if not tables:
        raise Unreadable("it has no tables: concordat reads a plan kept as a table in Word")
    return Document("docx", tables, notes)


def _word_table(word_table: Any, name: str, qn: Any) -> Table:
    table = Table(name, [])
    for r, word_row in enumerate(word_table.rows, start=1):
        if r > MAX_ROWS:
            table.too_many_rows = True
            break
        cells = []
        for c, word_cell in enumerate(list(word_row.cells)[:MAX_COLUMNS]):
            where = f"{column_letter(c)}{r}"
            text = word_cell.text
            inner = word_cell.tables
            if inner:
                table.nested.append(where)
                text = "\n".join([text.strip(), *_nested_lines(inner)]).strip()
            fill = None
            properties = word_cell._tc.tcPr
            shading = properties.find(qn("w:shd")) if properties is not None else None
            if shading is not None:
                value = (shading.get(qn("w:fill")) or "").upper()
                if re.fullmatch(r"[0-9A-F]{6}", value):
                    fill = value
            cells.append(Cell(text or None, where, fill))
        table.rows.append(cells)
    return table


def _nested_lines(tables: list[Any], depth: int = 0) -> Iterator[str]:
    """The text of tables inside a cell, a row to a line (deeper tables too, to a limit)."""
    for inner in tables:
        for row in inner.rows:
            parts = []
            for cell in row.cells:
                text = cell.text.strip()
                if text and text not in parts:
                    parts.append(text)
                if cell.tables and depth < 5:
                    parts += list(_nested_lines(cell.tables, depth + 1))
            if parts:
                yield " | ".join(parts)
