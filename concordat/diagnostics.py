"""Diagnostics: what is wrong, where, and how to fix it.

Every problem concordat finds is a :class:`Diagnostic` with a stable code. Codes are grouped
in families by their letter and are never reused or renumbered; retired codes stay in
:data:`CODES` marked as such. Each code is documented in ``docs/diagnostics.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W = Severity.ERROR, Severity.WARNING

#: Every diagnostic code concordat can emit. Append only: never renumber or reuse a code.
CODES: dict[str, Code] = _codes(
    # F: files (finding and reading them)
    Code("F001", "missing-file", E, "a required data file is missing from the area folder"),
    Code("F002", "unreadable-file", E, "a data file cannot be read (permissions, not a file)"),
    Code("F003", "not-utf8", E, "a data file is not UTF-8 text"),
    Code("F004", "binary-file", E, "a data file contains NUL bytes: it is not text"),
    Code("F005", "file-too-large", E, "a data file is larger than concordat will read"),
    Code("F006", "conflicting-files", E, "both name.yaml and name.yml exist"),
    Code("F007", "plan-in-two-places", E, "commitments.yaml and a commitments/ folder share ids"),
    # Y: YAML structure
    Code("Y001", "yaml-syntax", E, "the file is not valid YAML"),
    Code("Y002", "duplicate-key", E, "the same key appears twice in one mapping"),
    Code("Y003", "tag-not-allowed", E, "a YAML tag such as !!python/object is used"),
    Code("Y004", "multiple-documents", E, "the file holds more than one YAML document"),
    Code("Y005", "alias-not-allowed", E, "a YAML alias (*name) or merge key (<<) is used"),
    Code("Y006", "empty-file", E, "the file is empty or holds only comments"),
    Code("Y007", "top-level-not-mapping", E, "the file does not start with a mapping"),
    Code("Y008", "complex-key", E, "a mapping key is a list or mapping, not text"),
    Code("Y009", "too-deep", E, "the YAML is nested far deeper than any real data"),
    Code("Y010", "comment-in-text", W, "a comment starts inside a line of text, which is lost"),
    Code("Y011", "escape-in-quotes", W, "a backslash in double quotes makes a control character"),
    # S: schema
    Code("S001", "unknown-field", E, "a field the file format does not define"),
    Code("S002", "missing-field", E, "a required field is missing or empty"),
    Code("S003", "wrong-type", E, "a value has the wrong type (text, number, list, mapping)"),
    Code("S004", "not-in-vocabulary", E, "a sector, role, theme or status word is not recognised"),
    Code("S005", "bad-id", E, "an id does not follow the id format"),
    Code("S006", "bad-date", E, "a date is not a real ISO date or financial quarter"),
    Code("S007", "bad-link", E, "a link is not a web address"),
    # I: identity
    Code("I001", "duplicate-signatory", E, "two signatories share an id"),
    Code("I002", "duplicate-commitment", E, "two commitments share an id"),
    # R: references between signatories and commitments
    Code("R001", "unknown-signatory", E, "an id that names no declared signatory"),
    Code("R002", "owner-has-left", E, "an open commitment is owned by an organisation that left"),
    Code("R003", "owner-also-partner", W, "the owner is listed again as a partner"),
    Code("R004", "duplicate-partner", W, "the same partner is listed twice"),
    Code("R005", "partner-has-left", W, "an open commitment lists a partner that has left"),
    Code("R006", "successor-has-left", W, "a successor has itself left, or points back"),
    # D: dates that contradict each other or the as-of date
    Code("D001", "start-after-due", E, "a commitment starts after it is due"),
    Code("D002", "update-in-future", E, "an update is dated after the as-of date"),
    Code("D003", "reading-before-baseline", E, "a measure reading predates its baseline"),
    Code("D004", "reading-in-future", E, "a measure reading is dated after the as-of date"),
    Code("D005", "target-before-baseline", E, "a measure's target date is before its baseline"),
    Code("D006", "left-before-signed", E, "a signatory left before it signed"),
    # P: progress and delivery (warnings)
    Code("P001", "overdue", W, "an open commitment is past its due date"),
    Code("P002", "complete-without-evidence", W, "a complete commitment has no update or evidence"),
    Code("P003", "stale", W, "an open commitment has had no update for too long"),
    Code("P004", "no-measure", W, "an open commitment has no measure"),
    Code("P005", "owns-nothing", W, "a signatory leads no commitment"),
    Code("P006", "no-reason", W, "an at-risk, off-track or withdrawn commitment gives no reason"),
    Code("P007", "no-commitments", W, "the plan holds no commitments"),
    # A: the declaration as a whole
    Code("A001", "core-agency-missing", W, "a core agency type is not among the signatories"),
    # X: the privacy guard
    Code("X001", "nhs-number", E, "a valid NHS number in free text"),
    Code("X002", "email-address", E, "an email address that is not an allowed contact"),
    Code("X003", "phone-number", E, "a UK phone number that is not an allowed contact"),
    Code("X004", "date-of-birth", E, "a date introduced as a date of birth"),
    Code("X005", "postcode-with-birth-date", E, "a postcode beside a date of birth"),
    # C: configuration (concordat.toml) and silences
    Code("C001", "config-syntax", E, "concordat.toml cannot be read or is not valid TOML"),
    Code("C002", "unknown-setting", E, "a setting or diagnostic code that does not exist"),
    Code("C003", "bad-setting", E, "a setting has a value concordat cannot use"),
    Code("C004", "unused-silence", W, "a silence matches no problem: it can be removed"),
    # P, continued: what the record in git shows
    Code("P008", "due-moved-unexplained", W, "a due date moved later with no update or reason"),
)


@dataclass(frozen=True, slots=True)
class Position:
    """A place in a file. Lines and columns count from 1."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def at(
        cls,
        code: str,
        message: str,
        file: str,
        position: Position | None,
        hint: str | None = None,
    ) -> Diagnostic:
        """Build a diagnostic whose severity is the code's default."""
        if position is None:
            return cls(code, message, file, hint=hint, severity=CODES[code].severity)
        return cls(
            code,
            message,
            file,
            position.line,
            position.column,
            hint,
            position.end_line,
            position.end_column,
            CODES[code].severity,
        )

    @property
    def name(self) -> str:
        return CODES[self.code].name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Silenced:
    """A problem a coordinator accepted, with the reason they gave."""

    diagnostic: Diagnostic
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one validation run: every diagnostic, in a stable order."""

    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...]
    silenced: tuple[Silenced, ...] = ()

    @classmethod
    def build(
        cls,
        diagnostics: Iterable[Diagnostic],
        files: Sequence[str],
        silenced: Iterable[Silenced] = (),
    ) -> Report:
        unique = dict.fromkeys(diagnostics)  # drop exact repeats, keep first-seen order
        quiet = sorted(silenced, key=lambda s: s.diagnostic.sort_key())
        return cls(tuple(sorted(unique, key=Diagnostic.sort_key)), tuple(files), tuple(quiet))

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def exit_code(self, *, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0


class Suggester:
    """ "Did you mean" over one set of choices, asked many times.

    The choices are indexed once and a word asked again is answered from memory. Close
    matches compare the word with every choice, so the comparisons one suggester makes are
    bounded: past :attr:`BUDGET` (far beyond any real area) a word gets no suggestion, and a
    file of thousands of unknown ids is still checked in linear time.
    """

    #: Choices compared, over all words asked, before close matches are no longer sought.
    BUDGET = 50_000

    def __init__(self, choices: Iterable[str]) -> None:
        self._lowered = {c.lower(): c for c in choices}
        self._keys = list(self._lowered)
        self._asked: dict[str, str | None] = {}
        self._spent = 0

    def __call__(self, word: str) -> str | None:
        """A "did you mean" hint for a misspelt word, or None when nothing is close."""
        if word not in self._asked:
            self._asked[word] = self._suggest(word)
        return self._asked[word]

    def _suggest(self, word: str) -> str | None:
        lowered = self._lowered
        key = word.strip().lower()
        if key in lowered and lowered[key] != word:
            return f"did you mean '{lowered[key]}'?"
        normalised = key.replace(" ", "-").replace("_", "-")
        if normalised in lowered:
            return f"did you mean '{lowered[normalised]}'?"
        if self._spent + len(self._keys) > self.BUDGET:
            return None
        self._spent += len(self._keys)
        import difflib  # only a run that has something to suggest pays for it

        close = difflib.get_close_matches(key, self._keys, n=1, cutoff=0.6)
        return f"did you mean '{lowered[close[0]]}'?" if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint for a misspelt word, or None when nothing is close."""
    return Suggester(choices)(word)


def one_of(choices: Iterable[str]) -> str:
    return ", ".join(choices)
