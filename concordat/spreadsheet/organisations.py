"""The organisations a plan names in "Led by" and "Partners", as signatories with stable ids.

Plans write the same body several ways ("NSFT", "Norfolk & Suffolk NHS FT", "Norfolk and
Suffolk NHS Foundation Trust"). Names are one organisation when they are the same words once
case, punctuation, "&", "the" and common abbreviations (FT, CCG, ICB...) are put aside, or
when one is the initials of the other ("NSFT"), or the short name written in brackets after
it ("Norfolk County Council (NCC)"). Each merge is reported, so a coordinator can undo a
wrong one. An id is made from the full name, so the same sheet always gives the same ids.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from concordat.vocab import Sector

_STOP = frozenset({"the", "of", "and", "for", "in", "&"})
_EXPAND = {
    "ft": ["foundation", "trust"],
    "ccg": ["clinical", "commissioning", "group"],
    "icb": ["integrated", "care", "board"],
    "cc": ["county", "council"],
    "opcc": ["office", "police", "crime", "commissioner"],
    "pcc": ["police", "crime", "commissioner"],
    "police": ["constabulary"],
    "services": ["service"],
    "ltd": [],
    "limited": [],
}
MAX_ID = 48


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+|&", _ascii(name).lower())


def name_key(name: str) -> tuple[str, ...]:
    """The words that make a name: "Norfolk & Suffolk NHS FT" and "Norfolk and Suffolk NHS
    Foundation Trust" have one key."""
    out: list[str] = []
    for word in _words(name):
        if word in _STOP:
            continue
        out += _EXPAND.get(word, [word])
    return tuple(out)


def _initials(name: str) -> set[str]:
    """The acronyms a name may be written as: NSFT, NASFT, NSNFT for Norfolk and Suffolk
    NHS Foundation Trust."""
    words = [w for w in _words(name) if w != "&"]
    if len(words) < 2:
        return set()
    found = set()
    for kept in (words, [w for w in words if w not in _STOP], list(name_key(name))):
        found.add("".join(w[0] for w in kept))
        found.add("".join(w[0] for w in kept if w != "nhs"))
    return found


_SHORT = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Za-z][A-Za-z0-9&.\- ]{1,15})\)$")


def split_short(text: str) -> tuple[str, str | None]:
    """ "Norfolk County Council (NCC)" -> ("Norfolk County Council", "NCC")."""
    match = _SHORT.fullmatch(text.strip())
    if match and len(match["short"].split()) <= 2:
        return match["name"].strip(), match["short"].strip()
    return text.strip(), None


def slug(name: str) -> str:
    words = [w for w in _words(name) if w != "&"]
    text = "-".join(words) or "organisation"
    if len(text) > MAX_ID:
        text = text[:MAX_ID].rsplit("-", 1)[0]
    return text


_SECTOR_WORDS: tuple[tuple[str, Sector], ...] = (
    ("transport police", Sector.TRANSPORT_POLICE),
    ("police and crime commissioner", Sector.PCC),
    ("opcc", Sector.PCC),
    ("pcc", Sector.PCC),
    ("constabulary", Sector.POLICE),
    ("police", Sector.POLICE),
    ("ambulance", Sector.AMBULANCE),
    ("fire", Sector.FIRE_RESCUE),
    ("healthwatch", Sector.HEALTHWATCH),
    ("mind", Sector.VOLUNTARY),
    ("clinical commissioning", Sector.COMMISSIONER),
    ("ccg", Sector.COMMISSIONER),
    ("integrated care board", Sector.COMMISSIONER),
    ("icb", Sector.COMMISSIONER),
    ("nhs england", Sector.COMMISSIONER),
    ("council", Sector.LOCAL_AUTHORITY),
    ("mental health", Sector.MENTAL_HEALTH_TRUST),
    ("hospital", Sector.ACUTE_TRUST),
)


def likely_sector(name: str) -> Sector | None:
    """What the name suggests the sector is: only ever offered as a hint, never written."""
    words = " ".join(_words(name))
    for word, sector in _SECTOR_WORDS:
        if re.search(rf"\b{word}\b", words):
            return sector
    return None


@dataclass
class Organisation:
    """One organisation, and every way the plan wrote it, with the cells."""

    id: str
    name: str
    short_name: str | None = None
    written: dict[str, list[str]] = field(default_factory=dict)  # text -> cells
    #: Known from an exported "Who owns what" sheet: its sector, dates and role.
    known: dict[str, str] = field(default_factory=dict)


class Organisations:
    """The organisations met so far, by every way they were written."""

    def __init__(self) -> None:
        self.every: list[Organisation] = []
        self._by_key: dict[tuple[str, ...], Organisation] = {}
        self._by_short: dict[str, Organisation] = {}
        self._merged: dict[int, Organisation] = {}

    def known(self, org_id: str, name: str, short_name: str | None, facts: dict[str, str]) -> None:
        """An organisation the workbook itself lists with its id (concordat's own export)."""
        org = Organisation(org_id, name, short_name, {}, facts)
        self.every.append(org)
        self._by_key.setdefault(name_key(name), org)
        for text in (short_name, org_id, name):
            if text:
                self._by_short.setdefault(text.strip().lower(), org)

    def find(self, text: str) -> Organisation | None:
        name, short = split_short(text)
        if text.strip().lower() in self._by_short:
            return self._by_short[text.strip().lower()]
        key = name_key(name)
        if key in self._by_key:
            return self._by_key[key]
        if short and short.lower() in self._by_short:
            return self._by_short[short.lower()]
        return None

    def add(self, text: str, where: str) -> Organisation:
        """The organisation ``text`` names, made when it is new."""
        org = self.find(text)
        if org is None:
            name, short = split_short(text)
            org = Organisation("", name, short)
            self.every.append(org)
            self._by_key[name_key(name)] = org
            if short:
                self._by_short[short.lower()] = org
        org.written.setdefault(text.strip(), []).append(where)
        return org

    def resolve(self, org: Organisation) -> Organisation:
        """The organisation ``org`` was merged into (itself, if it was not)."""
        return self._merged.get(id(org), org)

    def settle(self) -> None:
        """Merge acronyms into the names they abbreviate, choose each one's name (the full
        form written most often), then give each an id made from its name."""
        acronym = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
        short = [o for o in self.every if not o.known and acronym.fullmatch(o.name)]
        long = [o for o in self.every if o not in short]
        for org in short:
            letters = org.name.lower().replace("&", "")
            matches = [
                o for o in long if any(letters in _initials(t) for t in (o.name, *o.written))
            ]
            if len(matches) == 1:
                target = matches[0]
                for text, cells in org.written.items():
                    target.written.setdefault(text, []).extend(cells)
                target.short_name = target.short_name or org.name
                self._merged[id(org)] = target
        self.every = [o for o in self.every if id(o) not in self._merged]
        taken = {o.id for o in self.every if o.known}
        for org in self.every:
            if org.known:
                continue
            full = [t for t in org.written if not acronym.fullmatch(t)]
            if full:
                best = max(full, key=lambda t: (len(org.written[t]), len(t)))
                org.name = split_short(best)[0]
            base = slug(org.name)
            org.id, n = base, 2
            while org.id in taken:
                org.id, n = f"{base}-{n}", n + 1
            taken.add(org.id)

    def merges(self) -> list[Organisation]:
        """Organisations the plan wrote in more than one way."""
        return [o for o in self.every if len(o.written) > 1]
