"""The file format's vocabularies, and every fact about each word: the one place they live.

Sectors, roles, themes and statuses, with each theme's number and title and each status's
order, RAG word, key letter, colour and symbol. Kept apart from the pydantic models so the
command line can offer them (in --help and shell completion) without importing pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Sector(StrEnum):
    POLICE = "police"
    PCC = "pcc"
    AMBULANCE = "ambulance"
    MENTAL_HEALTH_TRUST = "mental-health-trust"
    ACUTE_TRUST = "acute-trust"
    COMMISSIONER = "commissioner"
    LOCAL_AUTHORITY = "local-authority"
    VOLUNTARY = "voluntary"
    HEALTHWATCH = "healthwatch"
    TRANSPORT_POLICE = "transport-police"
    FIRE_RESCUE = "fire-rescue"
    OTHER = "other"


#: The agencies every declaration needs (the Concordat's core signatory types).
CORE_SECTORS: tuple[Sector, ...] = (
    Sector.POLICE,
    Sector.AMBULANCE,
    Sector.MENTAL_HEALTH_TRUST,
    Sector.LOCAL_AUTHORITY,
    Sector.COMMISSIONER,
)


class Role(StrEnum):
    SIGNATORY = "signatory"
    SUPPORTER = "supporter"


class Theme(StrEnum):
    """The Concordat's themes, in its own order (actions are numbered inside them)."""

    COMMISSIONING = "commissioning"
    ACCESS_BEFORE_CRISIS = "access-before-crisis"
    URGENT_ACCESS = "urgent-access"
    QUALITY_OF_CARE = "quality-of-care"
    RECOVERY = "recovery"

    @property
    def number(self) -> int:
        """The theme's number in the Concordat: commissioning is 0, recovery 4."""
        return _THEME_NUMBERS[self]

    @property
    def heading(self) -> str:
        """'2. Urgent and emergency access to crisis care'."""
        return f"{self.number}. {_THEME_TITLES[self]}"


_THEME_NUMBERS = {theme: number for number, theme in enumerate(Theme)}
_THEME_TITLES = {
    Theme.COMMISSIONING: "Commissioning for earlier intervention and responsive crisis services",
    Theme.ACCESS_BEFORE_CRISIS: "Access to support before crisis point",
    Theme.URGENT_ACCESS: "Urgent and emergency access to crisis care",
    Theme.QUALITY_OF_CARE: "Quality of treatment and care when in crisis",
    Theme.RECOVERY: "Recovery and staying well",
}


class Status(StrEnum):
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    COMPLETE = "complete"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        """Whether work is still to be done: neither complete nor withdrawn."""
        return self not in (Status.COMPLETE, Status.WITHDRAWN)

    @property
    def rag(self) -> str:
        """The word in the common BRAG key: blue complete, green on track, and so on."""
        return _STATUS_FACTS[self].rag

    @property
    def letter(self) -> str:
        """The key letter in narrow tables: B, G, A, R, NS, W."""
        return _STATUS_FACTS[self].letter

    @property
    def style(self) -> str:
        """The terminal colour (a rich style) of the BRAG key."""
        return _STATUS_FACTS[self].style

    @property
    def symbol(self) -> str:
        """The same key as a coloured circle, for Markdown where colour is not available."""
        return _STATUS_FACTS[self].symbol


@dataclass(frozen=True)
class _StatusFacts:
    rag: str
    letter: str
    style: str
    symbol: str


_STATUS_FACTS = {
    Status.NOT_STARTED: _StatusFacts("grey", "NS", "grey62", "⚪"),
    Status.ON_TRACK: _StatusFacts("green", "G", "bold green", "🟢"),
    Status.AT_RISK: _StatusFacts("amber", "A", "bold dark_orange", "🟠"),
    Status.OFF_TRACK: _StatusFacts("red", "R", "bold red", "🔴"),
    Status.COMPLETE: _StatusFacts("blue", "B", "bold blue", "🔵"),
    Status.WITHDRAWN: _StatusFacts("withdrawn", "W", "dim", "⚫"),
}

#: Statuses in the order they are shown: not yet started, through delivery, to closed.
STATUS_ORDER: tuple[Status, ...] = tuple(Status)
#: The order of the BRAG key printed under tables: blue, green, amber, red, then the rest.
KEY_ORDER: tuple[Status, ...] = (
    Status.COMPLETE,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.NOT_STARTED,
    Status.WITHDRAWN,
)
#: Statuses that need a reason: why the work is in trouble, or why it stopped.
NEEDS_REASON: tuple[Status, ...] = (Status.AT_RISK, Status.OFF_TRACK, Status.WITHDRAWN)

#: The words people write for a status, and the status each most likely means: the colours
#: and letters of the BRAG key concordat prints, and the everyday words of progress reports.
_STATUS_WORDS: dict[str, Status] = {
    **{s.rag: s for s in Status},
    **{s.letter.lower(): s for s in Status},
    "complete": Status.COMPLETE, "completed": Status.COMPLETE, "done": Status.COMPLETE,
    "closed": Status.COMPLETE, "finished": Status.COMPLETE, "delivered": Status.COMPLETE,
    "achieved": Status.COMPLETE, "in progress": Status.ON_TRACK, "ongoing": Status.ON_TRACK,
    "started": Status.ON_TRACK, "underway": Status.ON_TRACK, "under way": Status.ON_TRACK,
    "progressing": Status.ON_TRACK, "on track": Status.ON_TRACK, "not started": Status.NOT_STARTED,
    "not yet started": Status.NOT_STARTED, "planned": Status.NOT_STARTED,
    "to do": Status.NOT_STARTED, "late": Status.OFF_TRACK, "delayed": Status.OFF_TRACK,
    "behind": Status.OFF_TRACK, "overdue": Status.OFF_TRACK, "slipped": Status.OFF_TRACK,
    "off track": Status.OFF_TRACK, "at risk": Status.AT_RISK, "risk": Status.AT_RISK,
    "cancelled": Status.WITHDRAWN, "canceled": Status.WITHDRAWN, "dropped": Status.WITHDRAWN,
    "removed": Status.WITHDRAWN, "merged": Status.WITHDRAWN, "stopped": Status.WITHDRAWN,
}  # fmt: skip


def status_for(word: str) -> Status | None:
    """The status a RAG colour, key letter or everyday word most likely means, if any."""
    key = " ".join(word.lower().replace("-", " ").replace("_", " ").split())
    return _STATUS_WORDS.get(key)
