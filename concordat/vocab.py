"""The file format's vocabularies: sectors, roles, themes and statuses.

Kept apart from the pydantic models so the command line can offer them (in --help and shell
completion) without importing pydantic.
"""

from __future__ import annotations

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


class Status(StrEnum):
    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    COMPLETE = "complete"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self not in (Status.COMPLETE, Status.WITHDRAWN)


#: Statuses in the order they are shown: not yet started, through delivery, to closed.
STATUS_ORDER: tuple[Status, ...] = tuple(Status)
