"""concordat.toml: an area's own settings, all optional, and the settings checks run with.

```toml
stale-days = 90                      # warn after this many days without an update
core-sectors = ["police", "ambulance", "mental-health-trust", "local-authority", "commissioner"]

[severity]                           # per-code: "error", "warning" or "off"
P004 = "off"
P001 = "error"
```

A broken or misspelt setting is an error diagnostic with its line, never silently ignored.
So is a concordat.toml that cannot be read: a folder, a pipe, a link to nothing, a link out of
the area (never followed: its values would be echoed in messages), one too large or nested
too deeply. The text is kept for the privacy guard, which searches it too.
"""

from __future__ import annotations

import ast
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from concordat.diagnostics import (
    CODES,
    Diagnostic,
    Position,
    Severity,
    Suggester,
    did_you_mean,
    one_of,
)
from concordat.layout import MAX_FILE_BYTES
from concordat.source.file import line_starts, offset_position
from concordat.source.text import inside
from concordat.vocab import CORE_SECTORS, Sector

FILE_NAME = "concordat.toml"
#: Days without an update after which an open commitment counts as stale: a quarterly
#: reporting cycle plus a month of slack.
DEFAULT_STALE_DAYS = 120
#: Families whose problems make the data unreadable or ambiguous: never downgraded.
#: The privacy guard (X) neither: personal data must not be published, whatever an area says.
FIXED_FAMILIES = ("F", "Y", "S", "I", "C", "X")
SETTINGS = ("stale-days", "core-sectors", "allowed-contacts", "severity")


@dataclass(frozen=True)
class Settings:
    """What the checks judge an area by."""

    as_of: date
    stale_days: int = DEFAULT_STALE_DAYS
    core_sectors: tuple[Sector, ...] = CORE_SECTORS
    #: Organisational emails and phone numbers the privacy guard lets through.
    allowed_contacts: tuple[str, ...] = ()
    #: concordat.toml as shown to people, its text, and whether it could be read as TOML
    #: (until it can, its allowed-contacts are unknown): for the privacy guard.
    file: str | None = None
    text: str | None = None
    parsed: bool = False


@dataclass(frozen=True)
class Config:
    """An area's concordat.toml, as read (the defaults when there is none)."""

    stale_days: int = DEFAULT_STALE_DAYS
    core_sectors: tuple[Sector, ...] = CORE_SECTORS
    #: code -> "error" | "warning" | "off"
    severity: dict[str, str] = field(default_factory=dict)
    file: str | None = None
    allowed_contacts: tuple[str, ...] = ()
    text: str | None = None
    parsed: bool = False

    def settings(self, as_of: date, stale_days: int | None = None) -> Settings:
        """The settings for a run as of ``as_of``; ``stale_days`` from the command line wins."""
        return Settings(
            as_of=as_of,
            stale_days=stale_days or self.stale_days,
            core_sectors=self.core_sectors,
            allowed_contacts=self.allowed_contacts,
            file=self.file,
            text=self.text,
            parsed=self.parsed,
        )


def fixed_because(code: str) -> str:
    """Why ``code``, of a family in :data:`FIXED_FAMILIES`, cannot be changed or silenced."""
    if code.startswith("X"):
        return (
            "the privacy guard is never turned off or down, because personal data must "
            "never be published"
        )
    return "problems in its family make the data unreadable or ambiguous"


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SPACES = " \t"
Path_ = tuple[str, ...]


class _Places:
    """Where each setting is written, and which are written twice; tomllib keeps no places.

    One pass over the text, so a file of many settings is placed in linear time. It reads
    as much of TOML as places need: tables (``[severity]``, ``["severity"]``), keys bare,
    quoted or dotted (``severity.P004``), inline tables (``severity = {P004 = "off"}``), and
    strings, arrays and comments only to pass over them. Keys inside arrays are not placed.
    """

    def __init__(self, text: str) -> None:
        self._at: dict[Path_, Position] = {}
        #: Each key or table written again: its path, and where it is first and again.
        self.twice: list[tuple[Path_, Position, Position]] = []
        self.headings: set[Path_] = set()
        self._text = text
        self._starts = line_starts(text)
        self._scan()

    def of(self, key: str, *, table: str | None = None) -> Position | None:
        """Where ``key = ...`` is written (inside ``[table]`` when given), or ``[key]``."""
        return self._at.get((table, key) if table is not None else (key,))

    def _place(self, path: Path_, start: int, *, heading: bool = False) -> None:
        where = offset_position(self._text, start, self._starts)
        first = self._at.setdefault(path, where)
        if first is not where:
            self.twice.append((path, first, where))
        if heading:
            self.headings.add(path)

    def written_twice(self, near: Position | None) -> tuple[str, Position, str] | None:
        """What tomllib's "Cannot overwrite a value" at ``near`` is in plain words: which
        setting or table is written twice, on which lines; where, and a hint."""
        if not self.twice:
            return None
        line = near.line if near is not None else None
        path, first, again = next((t for t in self.twice if t[2].line == line), self.twice[0])
        lines = f"lines {first.line} and {again.line}"
        if path in self.headings:
            heading = "[" + ".".join(path) + "]"
            return (
                f"the table {heading} is declared twice ({lines})",
                again,
                f"put all its settings under the first {heading} and delete this heading",
            )
        where = f" in [{'.'.join(path[:-1])}]" if len(path) > 1 else ""
        return f"{path[-1]} is set twice{where} ({lines})", again, "keep one and delete the other"

    def _scan(self) -> None:
        text, n = self._text, len(self._text)
        table: Path_ | None = ()  # None inside an array of tables: nothing there is placed
        #: The open brackets: "[" for an array, an inline table's path (None: not placed)
        stack: list[Path_ | str | None] = []
        last: Path_ | None = None  # the path of the key whose value comes next
        line_start = True
        i = 0
        while i < n:
            c = text[i]
            if c in _SPACES:
                i += 1
            elif c == "#":
                i = self._end_of_line(i)
            elif c in "\r\n":
                i += 1
                line_start = not stack
            elif line_start:  # a table's heading or a key, at the start of a line
                line_start = False
                if c == "[":
                    double = text.startswith("[[", i)
                    keys, i = self._keys(i + (2 if double else 1))
                    table = tuple(k for k, _ in keys) if keys and not double else None
                    if table:
                        self._place(table, keys[0][1], heading=True)
                    i = self._end_of_line(i)
                    continue
                keys, j = self._keys(i)
                if not keys or not text.startswith("=", j):
                    i = self._end_of_line(i)
                    continue
                last = None if table is None else table + tuple(k for k, _ in keys)
                if last is not None:
                    self._place(last, keys[-1][1])
                i = j + 1
            elif c in "\"'":
                i = self._string_end(i)
            elif c == "[":
                stack.append("[")
                i += 1
            elif c == "{":
                stack.append(None if stack and stack[-1] == "[" else last)
                i = self._inline_key(i + 1, stack[-1])
            elif c == "," and stack and stack[-1] != "[":
                i = self._inline_key(i + 1, stack[-1])
            else:
                if c in "]}" and stack:
                    stack.pop()
                i += 1

    def _inline_key(self, i: int, prefix: Path_ | str | None) -> int:
        """After ``{`` or ``,`` in an inline table (placed at ``prefix``): place the key
        there, and return where its value starts."""
        keys, j = self._keys(i)
        if not keys or not self._text.startswith("=", j):
            return i
        if isinstance(prefix, tuple):
            self._place(prefix + tuple(k for k, _ in keys), keys[-1][1])
        return j + 1

    def _keys(self, i: int) -> tuple[list[tuple[str, int]], int]:
        """The parts of a dotted key at ``i``, each with where its name starts, and where
        the key ends (spaces passed over); no parts when there is no key there."""
        text, keys = self._text, []
        while True:
            while i < len(text) and text[i] in _SPACES:
                i += 1
            if i < len(text) and text[i] in "\"'":
                end = self._string_end(i)
                raw = text[i:end]
                if not raw.endswith(raw[0]) or len(raw) < 2 or "\n" in raw:
                    return [], i
                keys.append((_key_name(raw), i + 1))
                i = end
            else:
                found = _BARE_KEY.match(text, i)
                if found is None:
                    return [], i
                keys.append((found.group(), i))
                i = found.end()
            while i < len(text) and text[i] in _SPACES:
                i += 1
            if not text.startswith(".", i):
                return keys, i
            i += 1

    def _string_end(self, i: int) -> int:
        """Where the string that starts at ``i`` ends (just past its closing quote)."""
        text, quote = self._text, self._text[i]
        if text.startswith(quote * 3, i):
            end = text.find(quote * 3, i + 3)
            if end < 0:
                return len(text)
            end += 3
            while text.startswith(quote, end):  # up to two quotes may end the content
                end += 1
            return end
        j = i + 1
        while j < len(text) and text[j] not in "\r\n":
            if text[j] == "\\" and quote == '"':
                j += 2
                continue
            if text[j] == quote:
                return j + 1
            j += 1
        return j

    def _end_of_line(self, i: int) -> int:
        found = self._text.find("\n", i)
        return len(self._text) if found < 0 else found


def _key_name(raw: str) -> str:
    """A quoted key's name, as tomllib reads it (escapes and all)."""
    if raw[0] == "'":
        return raw[1:-1]
    import tomllib

    try:
        return next(iter(tomllib.loads(f"{raw} = 0")))
    except (tomllib.TOMLDecodeError, StopIteration):
        return raw[1:-1]


def load(folder: Path, name: str) -> tuple[Config, list[Diagnostic]]:
    """Read ``concordat.toml`` from the area folder, if there is one."""
    path = folder / FILE_NAME
    problems: list[Diagnostic] = []

    def problem(code: str, message: str, where: Position | None, hint: str | None = None) -> None:
        problems.append(Diagnostic.at(code, message, name, where, hint))

    unreadable = _unreadable(path, folder)
    if unreadable == "":
        return Config(), []
    if unreadable is not None:
        problem("C001", f"cannot read {FILE_NAME}: {unreadable}", None, _UNREADABLE_HINT)
        return Config(file=name), problems
    import tomllib  # only an area with settings pays for the TOML parser

    text: str | None = None
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        data = tomllib.loads(text)
    except OSError as error:
        reason = error.strerror or str(error)
        problem("C001", f"cannot read {FILE_NAME}: {reason}", None, _UNREADABLE_HINT)
        return Config(file=name), problems
    except UnicodeDecodeError as error:
        problem(
            "C001",
            f"cannot read {FILE_NAME}: byte 0x{error.object[error.start]:02x} is not valid UTF-8",
            _byte_position(error.object, error.start),
            "save the file as UTF-8 in your editor",
        )
        return Config(file=name), problems
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        where = Position(int(found.group(1)), int(found.group(2))) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        written_again = message.startswith(("Cannot overwrite", "Cannot declare"))
        twice = _Places(text or "").written_twice(where) if written_again else None
        control = _CONTROL.fullmatch(message)
        if twice is not None:
            problem("C001", twice[0], twice[1], twice[2])
        elif control is not None:
            char = ast.literal_eval(control.group(1))
            problem(
                "C001",
                f"U+{ord(char):04X} is a control character, which TOML does not allow",
                where,
                "delete it; it was probably pasted in by accident",
            )
        else:
            problem("C001", f"{FILE_NAME} is not valid TOML: {message}", where)
        return Config(file=name, text=text), problems
    except RecursionError:  # tomllib recurses once per level of nesting
        problem(
            "C001",
            f"{FILE_NAME} is nested too deeply to read: settings are one or two levels deep",
            _deepest(text or ""),
            "check the brackets around this place",
        )
        return Config(file=name, text=text), problems

    places = _Places(text)
    suggest_setting = Suggester(SETTINGS)
    stale_days = DEFAULT_STALE_DAYS
    core: tuple[Sector, ...] = CORE_SECTORS
    severity: dict[str, str] = {}
    contacts: tuple[str, ...] = ()
    for key, value in data.items():
        where = places.of(key)
        if key not in SETTINGS:
            hint = suggest_setting(key) or f"settings: {one_of(SETTINGS)}"
            problem("C002", f"unknown setting '{key}'", where, hint)
        elif key == "stale-days":
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                stale_days = value
            else:
                problem("C003", f"stale-days must be a whole number of days, not {value!r}", where)
        elif key == "core-sectors":
            words = [s.value for s in Sector]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problem("C003", "core-sectors must be a list of sector words", where)
                continue
            bad = [v for v in value if v not in words]
            for word in bad:
                hint = did_you_mean(word, words) or f"sectors: {one_of(words)}"
                problem("C003", f"core-sectors: '{word}' is not a sector", where, hint)
            if not bad:
                core = tuple(Sector(v) for v in value)
        elif key == "allowed-contacts":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                contacts = tuple(value)
            else:
                problem(
                    "C003", "allowed-contacts must be a list of emails and phone numbers", where
                )
        elif key == "severity":
            if not isinstance(value, dict):
                problem("C003", 'severity must be a table: [severity] then CODE = "off"', where)
                continue
            severity = _severities(value, places, problem)
    return Config(stale_days, core, severity, name, contacts, text, parsed=True), problems


#: tomllib's words for a control character: "Illegal character '\\x07'".
_CONTROL = re.compile(r"(?:Illegal|Found invalid) character ('\\x[0-9a-f]{2}')")

_UNREADABLE_HINT = f"make {FILE_NAME} a plain file in the area folder, or delete it"


def _unreadable(path: Path, folder: Path) -> str | None:
    """Why ``path`` cannot be read as the area's settings, without opening it (a pipe would
    wait for a writer): "" when there is nothing there, None when it can be read."""
    try:
        if not os.path.lexists(path):
            return ""
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except RuntimeError:
                return "it is a symbolic link that loops back on itself"
            except OSError:
                return "it is a symbolic link to a file that does not exist"
            if not inside(target, folder):
                return "it is a symbolic link to a file outside the area folder"
        info = path.stat()
    except RuntimeError:  # a loop of links, on Pythons that raise it
        return "it is a symbolic link that loops back on itself"
    except OSError as error:
        return error.strerror or str(error)
    if stat.S_ISDIR(info.st_mode):
        return "it is a folder"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_size > MAX_FILE_BYTES:
        return (
            f"it is {info.st_size / 1048576:.1f} MB; concordat reads files up to "
            f"{MAX_FILE_BYTES // 1048576} MB"
        )
    return None


def _byte_position(data: bytes, offset: int) -> Position:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return Position(line, len(data[start:offset].decode("utf-8", errors="replace")) + 1)


#: Past this many open brackets a settings file is certainly not what a person wrote.
_DEEP = 64


def _deepest(text: str) -> Position | None:
    """Where the brackets of ``text`` first nest more than :data:`_DEEP` levels (quoted
    text and comments aside, roughly: this only places a message)."""
    depth, line, column, quote = 0, 1, 0, ""
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
            if quote != "#":
                continue
            quote = ""
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'#":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > _DEEP:
                return Position(line, column)
        elif char in "]}":
            depth -= 1
    return None


def _severities(value: dict[str, object], places: _Places, problem: _Problem) -> dict[str, str]:
    levels = ("error", "warning", "off")
    found: dict[str, str] = {}
    suggest_code = Suggester(CODES)
    for code, level in value.items():
        where = places.of(code, table="severity")
        if code not in CODES:
            hint = suggest_code(code) or "codes are listed in docs/diagnostics.md"
            problem("C002", f"unknown diagnostic code '{code}'", where, hint)
        elif code.startswith(FIXED_FAMILIES):
            problem(
                "C003",
                f"{code} cannot be changed: {fixed_because(code)}",
                where,
                "delete the personal data, and remove it from the git history too"
                if code.startswith("X")
                else "fix the data instead",
            )
        elif level not in levels:
            problem("C003", f"{code}: severity must be one of {one_of(levels)}", where)
        else:
            found[code] = str(level)
    return found


class _Problem(Protocol):  # the signature of load's local `problem`
    def __call__(
        self, code: str, message: str, where: Position | None, hint: str | None = None
    ) -> None: ...


def severity_of(config: Config, code: str, default: Severity) -> Severity | None:
    """The severity a code has in this area, or None when it is turned off."""
    level = config.severity.get(code)
    if level == "off":
        return None
    return Severity(level) if level else default
