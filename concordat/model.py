"""The file format, v1: pydantic models and the vocabularies they use.

Field names here are a public contract: partnership files, JSON output and later tools depend
on them. Add optional fields freely; never rename or remove one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from concordat.vocab import Role, Sector, Status, Theme

FORMAT_VERSION = 1


SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
COMMITMENT_ID = r"^[0-9]+(?:\.[0-9]+)*[a-z]?$"
WEB_LINK = r"^https?://[^\s/$.?#][^\s]*$"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A UK financial quarter as the files write it: "2015/16 Q1" (the space and case may vary).
QUARTER = re.compile(r"(\d{4})/(\d{2}) ?Q([1-4])", re.IGNORECASE)
_QUARTER_END = {1: (6, 30), 2: (9, 30), 3: (12, 31), 4: (3, 31)}


#: Dates already read, by the text written: a national run reads the same few hundred dates
#: tens of thousands of times.
_READ_DATES: dict[str, date] = {}


def parse_iso_date(value: Any) -> Any:
    """Accept exactly YYYY-MM-DD and a real calendar day (pydantic's own date is laxer)."""
    if not isinstance(value, str):
        return value  # pydantic reports the wrong type
    known = _READ_DATES.get(value)
    if known is not None:
        return known
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        raise PydanticCustomError(
            "iso_date", "'{value}' is not a date written as YYYY-MM-DD", {"value": value}
        )
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise PydanticCustomError(
            "iso_date", "'{value}' is not a real date ({reason})", {"value": value, "reason": error}
        ) from None
    day = _plausible(day, value)
    if len(_READ_DATES) < 10_000:
        _READ_DATES[value] = day
    return day


#: Dates outside these years are typing mistakes (0214 for 2014), never partnership history.
PLAUSIBLE_YEARS = (1900, 2199)


def _plausible(day: date, value: Any) -> date:
    if not PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1]:
        raise PydanticCustomError(
            "iso_date",
            "'{value}' is not a plausible date: the year must be between {low} and {high}",
            {"value": value, "low": PLAUSIBLE_YEARS[0], "high": PLAUSIBLE_YEARS[1]},
        )
    return day


def quarter_end(first_year: int, quarter: int) -> date:
    """Last day of a UK financial-year quarter: 2015/16 Q1 ends 30 June 2015."""
    month, day = _QUARTER_END[quarter]
    return date(first_year + 1 if quarter == 4 else first_year, month, day)


def parse_due(value: Any) -> Any:
    """A due date: an ISO date, or a UK financial quarter such as "2015/16 Q1"."""
    if isinstance(value, str):
        match = QUARTER.fullmatch(value.strip())
        if match:
            first, second, quarter = (int(g) for g in match.groups())
            if (first + 1) % 100 != second:
                raise PydanticCustomError(
                    "iso_date",
                    "'{value}' is not a financial year: the second year must follow the first",
                    {"value": value},
                )
            return _plausible(quarter_end(min(first, 9998), quarter), value)
        if not _ISO_DATE.fullmatch(value.strip()):
            raise PydanticCustomError(
                "iso_date",
                "'{value}' is neither a date (YYYY-MM-DD) nor a financial quarter (2015/16 Q1)",
                {"value": value},
            )
    return parse_iso_date(value)


# How the types read in the JSON Schema that editors and check-jsonschema use (`concordat
# schema`). YAML 1.2 readers see an unquoted 2014-08-01 as text, so dates are patterned text.
_DATE_SCHEMA = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_QUARTER_SCHEMA = {
    "type": "string",
    "pattern": r"^\d{4}/\d{2} ?[Qq][1-4]$",
    "description": "A UK financial quarter: 2015/16 Q1 ends on 30 June 2015",
}
IsoDate = Annotated[
    date,
    BeforeValidator(parse_iso_date),
    WithJsonSchema({**_DATE_SCHEMA, "examples": ["2014-08-01"]}),
]
DueDate = Annotated[
    date,
    BeforeValidator(parse_due),
    WithJsonSchema(
        {"anyOf": [_DATE_SCHEMA, _QUARTER_SCHEMA], "examples": ["2027-03-31", "2026/27 Q3"]}
    ),
]
#: Real ids are a few characters ("2.1a", "10.12"); a longer one is a mistake, and a number
#: of thousands of digits is more than Python turns into an int by default.
MAX_COMMITMENT_ID = 24
CommitmentId = Annotated[
    str,
    Field(pattern=COMMITMENT_ID, max_length=MAX_COMMITMENT_ID),
    # an unquoted 2.1 is a number to YAML readers; concordat reads the text as written
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": COMMITMENT_ID}, {"type": "number"}]}),
]
SignatoryId = Annotated[str, Field(pattern=SLUG)]
Text = Annotated[str, Field(min_length=1)]
WebLink = Annotated[str, Field(pattern=WEB_LINK)]


def _no_items() -> list[Any]:
    """An empty list. (pydantic reads a factory's signature; a Python function's is read far
    faster than the built-in ``list``'s, which goes through the tokenizer.)"""
    return []


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
        use_enum_values=False,
    )


class Silence(_Model):
    """Accept one known problem on this item, with the reason, instead of turning a check off."""

    code: Annotated[str, Field(pattern=r"^[A-Z][0-9]{3}$")] = Field(
        description="The diagnostic code to silence on this item", examples=["P004"]
    )
    reason: Text = Field(description="Why the partnership accepts it")


class Signatory(_Model):
    """An organisation in the partnership."""

    id: SignatoryId = Field(description="Short slug, unique in the area: norfolk-constabulary")
    name: Text = Field(description="The organisation's full name")
    short_name: Text | None = Field(None, description="A short name for narrow tables: NSFT")
    sector: Sector = Field(description="What kind of organisation it is")
    signed: IsoDate = Field(description="The date it signed the declaration")
    role: Role = Field(Role.SIGNATORY, description="signatory (default) or supporter")
    left: IsoDate | None = Field(None, description="The date it left (merged, closed)")
    successor: SignatoryId | None = Field(
        None, description="The signatory that took over its commitments"
    )
    url: WebLink | None = Field(None, description="Its website")
    notes: Text | None = Field(None, description="Anything a reader should know")
    silence: list[Silence] = Field(default_factory=_no_items)

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def has_left(self, as_of: date) -> bool:
        """Whether it had left the partnership by ``as_of``."""
        return self.left is not None and self.left <= as_of


class DatedValue(_Model):
    date: IsoDate
    value: float


class Measure(_Model):
    """How progress is measured: a baseline, a target, and readings over time."""

    name: Text = Field(description="What is counted: s136 detentions held in police custody")
    unit: Text | None = Field(None, description="The unit: people per quarter, %, minutes")
    source: Text | None = Field(None, description="Where the figures come from")
    baseline: DatedValue | None = None
    target: DatedValue | None = None
    readings: list[DatedValue] = Field(default_factory=_no_items)


class Update(_Model):
    """A dated progress note."""

    date: IsoDate
    by: SignatoryId = Field(description="The signatory that reported it")
    note: Text
    status: Status | None = Field(None, description="The status reported at the time")
    evidence: WebLink | None = Field(None, description="A link to a paper or data")


#: The hint for an owner that names several organisations.
ONE_LEAD = (
    "one organisation leads each commitment: keep its id under 'owner:' and list the others "
    "under 'partners: [...]'"
)


class Commitment(_Model):
    """One action in the plan: a promise with an accountable owner."""

    id: CommitmentId = Field(
        description='Unique in the area, numbered inside its theme: "2.1"', examples=["2.1"]
    )
    title: Text
    theme: Theme
    owner: SignatoryId = Field(description="The one accountable lead (a signatory id)")
    partners: list[SignatoryId] = Field(default_factory=_no_items)
    status: Status
    due: DueDate = Field(description='An ISO date or a financial quarter: "2015/16 Q1"')
    start: IsoDate | None = None
    outcome: Text | None = Field(None, description="What will be different for people")
    reason: Text | None = Field(
        None, description="Why it is at risk, off track or withdrawn, and what is being done"
    )
    links: list[WebLink] = Field(default_factory=_no_items)
    measures: list[Measure] = Field(default_factory=_no_items)
    updates: list[Update] = Field(default_factory=_no_items)
    silence: list[Silence] = Field(default_factory=_no_items)

    @property
    def last_update(self) -> date | None:
        return max((u.date for u in self.updates), default=None)

    def is_overdue(self, as_of: date) -> bool:
        """Open, and past its due date on ``as_of``."""
        return self.status.is_open and self.due < as_of

    def is_stale(self, as_of: date, stale_days: int) -> bool:
        """Open, and nothing reported for more than ``stale_days``: no update since its last
        update (or its start, if it has none), or no update at all on work said to be under
        way without a start date."""
        if not self.status.is_open:
            return False
        since = self.last_update or self.start
        if since is None:
            return self.status is not Status.NOT_STARTED
        return (as_of - since).days > stale_days


def _none_is_empty(value: Any) -> Any:
    return [] if value is None else value


#: A top-level list; a key followed only by comments (a fresh file) is an empty list.
ItemList = Annotated[list[Any], BeforeValidator(_none_is_empty)]


class SignatoriesFile(_Model):
    """The top level of signatories.yaml."""

    area: Text = Field(description="The partnership's area: Norfolk")
    signatories: ItemList


class CommitmentsFile(_Model):
    """The top level of commitments.yaml and of each file in commitments/."""

    commitments: ItemList


#: Every field name the file format defines, in any file (for hints on broken lines).
FIELD_NAMES = frozenset(
    name
    for cls in (Signatory, Commitment, Measure, Update, DatedValue, Silence, SignatoriesFile)
    for name in cls.model_fields
) | frozenset(CommitmentsFile.model_fields)
