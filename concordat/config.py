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


_SETTING_LINE = re.compile(r'\s*("?)([^"=\s]+)\1\s*=')


class _Places:
    """Where each setting is written; tomllib keeps no places. Read once, so a file of many
    settings is placed in linear time."""

    def __init__(self, text: str) -> None:
        self._at: dict[tuple[str | None, str], Position] = {}
        table: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                table = stripped.strip("[] ")
                self._at.setdefault((None, table), Position(number, line.index(table) + 1))
                continue
            match = _SETTING_LINE.match(line)
            if match:
                key = match.group(2)
                self._at.setdefault((table, key), Position(number, line.index(key) + 1))

    def of(self, key: str, *, table: str | None = None) -> Position | None:
        """Where ``key = ...`` is written (inside ``[table]`` when given), or ``[key]``."""
        return self._at.get((table, key))


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
