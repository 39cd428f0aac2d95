"""`concordat import`: a plan kept in Excel, CSV or Word, as an area's YAML files.

:func:`import_plan` reads the file (:mod:`concordat.spreadsheet.reading`), reads the plan in
it (:mod:`concordat.spreadsheet.plan`) and writes the text of ``signatories.yaml`` and
``commitments.yaml``; :func:`write` writes them, never replacing a file that exists and
never through a link that leaves the folder. What the plan did not say (a sector, a signing
date, an owner) is left empty with a comment, so ``concordat validate`` points at each one,
and is listed by :func:`report`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from concordat.files import Refused, check_inside, write_atomic
from concordat.safe import masked, printable
from concordat.spreadsheet.organisations import Organisation, likely_sector
from concordat.spreadsheet.plan import Finding, Item, Plan, read_plan
from concordat.spreadsheet.reading import Document, read
from concordat.vocab import Role, Sector, Status, Theme
from concordat.yamltext import scalar

SIGNATORIES = "signatories.yaml"
COMMITMENTS = "commitments.yaml"
#: Files in an area that import would stand beside, and so never writes into a folder with.
AREA_FILES = ("signatories.yaml", "signatories.yml", "commitments.yaml", "commitments.yml",
              "commitments")  # fmt: skip


@dataclass(frozen=True)
class Imported:
    """What an import would write, and what it found on the way."""

    source: Path
    folder: Path
    document: Document
    plan: Plan
    files: dict[Path, str]

    @property
    def unread(self) -> list[Finding]:
        return self.plan.found("unread")


def import_plan(
    source: Path,
    folder: Path,
    *,
    as_of: date,
    area: str | None = None,
    sheet: str | None = None,
    columns: dict[str, str] | None = None,
    rag: dict[str, Status] | None = None,
) -> Imported:
    """Read ``source`` as a plan for the area at ``folder``. Raises
    :class:`concordat.spreadsheet.reading.Unreadable` or
    :class:`concordat.spreadsheet.plan.PlanError` with what to do."""
    from concordat.init import area_name

    document = read(source, sheet=sheet)
    plan = read_plan(document, columns=columns, rag=rag or {}, as_of=as_of)
    name = area if area and area.strip() else (_named_area(document) or area_name(folder))
    about = f"{printable(source.name)} ({plan.source}) on {as_of.isoformat()}"
    files = {
        folder / SIGNATORIES: signatories_text(masked(name.strip()), plan, about),
        folder / COMMITMENTS: commitments_text(plan, about),
    }
    return Imported(source, folder, document, plan, files)


def _named_area(document: Document) -> str | None:
    """The area a workbook concordat exported names on its Key sheet."""
    for table in document.tables:
        if table.name != "Key":
            continue
        for row in table.rows:
            if len(row) > 1 and row[0].text == "Area" and row[1].text:
                return row[1].text
    return None


def _fill_in(what: str) -> str:
    return f"  # fill in: {what}"


def signatories_text(area: str, plan: Plan, about: str) -> str:
    sectors = ", ".join(s.value for s in Sector)
    lines = [
        "# The organisations of the partnership, imported by concordat from",
        f"# {about}.",
        "# Fill in what the plan did not say (each 'fill in' below), then check with:",
        "#   concordat validate",
        f"area: {scalar(area)}",
        "signatories:",
    ]
    for org in plan.organisations.every:
        lines += _signatory(org, sectors)
    if not plan.organisations.every:
        lines[-1] = "signatories: []"
    return "\n".join(lines) + "\n"


def _signatory(org: Organisation, sectors: str) -> list[str]:
    facts = org.known
    lines = [f"  - id: {org.id}", f"    name: {scalar(org.name)}"]
    if org.short_name and org.short_name != org.name:
        lines.append(f"    short_name: {scalar(org.short_name)}")
    sector = facts.get("sector", "")
    if sector in {s.value for s in Sector}:
        lines.append(f"    sector: {sector}")
    else:
        hint = likely_sector(org.name)
        said = f"; the name suggests {hint.value}" if hint else ""
        lines.append("    sector:" + _fill_in(f"one of {sectors}{said}"))
    signed = _iso(facts.get("signed", ""))
    if signed:
        lines.append(f"    signed: {signed}")
    else:
        lines.append("    signed:" + _fill_in("the date it signed the declaration, YYYY-MM-DD"))
    if facts.get("role") == Role.SUPPORTER.value:
        lines.append("    role: supporter")
    left = _iso(facts.get("left", ""))
    if left:
        lines.append(f"    left: {left}")
    successor = facts.get("successor", "")
    if successor and successor.replace("-", "").isalnum() and successor.islower():
        lines.append(f"    successor: {successor}")
    return lines


def _iso(text: str) -> str | None:
    try:
        return date.fromisoformat(text.strip()).isoformat() if text.strip() else None
    except ValueError:
        return None


def commitments_text(plan: Plan, about: str) -> str:
    themes = ", ".join(t.value for t in Theme)
    lines = [
        "# The action plan, imported by concordat from",
        f"# {about}.",
        "# Each commitment says the row it came from. Check with: concordat validate",
        "commitments:",
    ]
    for item in plan.items:
        lines += _commitment(item, themes)
    if not plan.items:
        lines[-1] = "commitments: []"
    return "\n".join(lines) + "\n"


def _commitment(item: Item, themes: str) -> list[str]:
    lines = [
        f"  # {printable(item.where)}",
        f"  - id: {scalar(item.id)}",
        f"    title: {scalar(item.title)}",
    ]
    lines.append(
        f"    theme: {item.theme.value}" if item.theme else "    theme:" + _fill_in(themes)
    )
    if item.owner:
        lines.append(f"    owner: {item.owner.id}")
    else:
        lines.append("    owner:" + _fill_in("the id of the one organisation that leads it"))
    if item.partners:
        lines.append(f"    partners: [{', '.join(p.id for p in item.partners)}]")
    lines.append(f"    status: {item.status.value}")
    iso = _iso(item.due) == item.due
    lines.append(f"    due: {item.due if iso else scalar(item.due)}")
    if item.outcome:
        lines.append(f"    outcome: {scalar(item.outcome)}")
    if item.reason:
        lines.append(f"    reason: {scalar(item.reason)}")
    if item.updates:
        lines.append("    updates:")
        for update in item.updates:
            lines.append(f"      - date: {update.date.isoformat()}")
            if update.by:
                lines.append(f"        by: {update.by.id}")
            else:
                lines.append(
                    "        by:" + _fill_in("the id of the organisation that reported it")
                )
            lines.append(f"        note: {scalar(update.note)}")
    return lines


# -- writing ------------------------------------------------------------------------------------


def refusal(folder: Path) -> str | None:
    """Why import will not write into ``folder``, if it will not: it never replaces a file."""
    if folder.exists() and not folder.is_dir():
        return f"{printable(str(folder))} is a file, not a folder"
    for name in AREA_FILES:
        path = folder / name
        if os.path.lexists(path):
            return (
                f"{printable(str(path))} exists: import never replaces what is there; import "
                "into a new folder, or move the existing files away first"
            )
    return None


def write(imported: Imported, written: Callable[[Path], None] = lambda path: None) -> list[Path]:
    """Write the files, calling ``written`` after each. Raises :class:`Refused` (a file
    exists, or a link leads out of the folder) before writing anything, and OSError naming
    the file that could not be written (those before it were, and were said)."""
    why = refusal(imported.folder)
    if why is not None:
        raise Refused(imported.folder, why.removeprefix(printable(str(imported.folder))).strip())
    imported.folder.mkdir(parents=True, exist_ok=True)
    for path in imported.files:
        check_inside(imported.folder, path)
    done = []
    for path, text in imported.files.items():
        if os.path.lexists(path):  # appeared meanwhile
            raise Refused(path, "appeared while import was writing: it was not replaced")
        write_atomic(path, text, inside=imported.folder)
        done.append(path)
        written(path)
    return done


# -- what is said -------------------------------------------------------------------------------


def report(imported: Imported) -> list[str]:
    """What the coordinator is told after an import: what was read, the merges, every cell
    that could not be read, and the short list of what to fill in."""
    plan, name = imported.plan, printable(imported.source.name)
    lines = [
        f"read {name}: {plan.source}, {len(plan.items)} commitments, "
        f"{len(plan.organisations.every)} organisations"
    ]
    lines += [f"note: {name}: {printable(n)}" for n in imported.document.notes]
    for finding in plan.found("merge"):
        lines.append(f"merged: {printable(finding.where)}: {printable(finding.message)}")
    for finding in plan.found("note"):
        lines.append(f"note: {name}: {printable(finding.where)}: {printable(finding.message)}")
    unread = plan.found("unread")
    if unread:
        lines.append(f"could not be read ({len(unread)}):")
        lines += [f"  {name}: {printable(f.where)}: {printable(f.message)}" for f in unread]
    lines += fill_ins(imported)
    return lines


def fill_ins(imported: Imported) -> list[str]:
    """The short list of what the plan did not say, which concordat validate will ask for."""
    plan = imported.plan
    missing = [
        o.id for o in plan.organisations.every if "sector" not in o.known or "signed" not in o.known
    ]
    lines: list[str] = []
    if missing:
        shown = ", ".join(missing[:8]) + (
            f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        )
        count = len(missing)
        lines.append(
            f"  {SIGNATORIES}: the sector and signing date of {count} organisations ({shown})"
        )
    for finding in plan.found("fill-in"):
        lines.append(f"  {COMMITMENTS}: {printable(finding.where)}: {printable(finding.message)}")
    if lines:
        lines.insert(0, "to fill in (the plan did not say; concordat validate points at each):")
    return lines
