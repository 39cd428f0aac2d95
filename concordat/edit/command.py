"""``concordat update`` and ``concordat add``: the steps from the command line's values to
a file written, or a refusal that says why and writes nothing.

Exit codes: 0 written (or, with ``--dry-run``, shown); 1 refused because the change would
add an error to the data, or the entry cannot be read; 2 the command cannot run as given
(an unknown id, a value that is not a date, a file that changed meanwhile or cannot be
written).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from concordat import output
from concordat.area import Located
from concordat.diagnostics import Diagnostic, did_you_mean
from concordat.edit import session
from concordat.edit.change import (
    AddRequest,
    UpdateRequest,
    add_splices,
    update_splices,
)
from concordat.edit.session import FileChange, Refusal
from concordat.model import QUARTER, Commitment, parse_due
from concordat.pipeline import Checked
from concordat.source import SourceFile
from concordat.vocab import Theme

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_LINK = re.compile(r"https?://\S+")


def record_update(
    folder: Path,
    commitment_id: str,
    request: UpdateRequest,
    *,
    today: date,
    dry_run: bool,
    no_color: bool,
) -> int:
    """Add ``request``'s update to the commitment; the exit code."""
    try:
        request = tidy_update(request)
        checked = _checked(folder, today)
        located = _commitment(checked, commitment_id.strip())
        _check_request(checked, request)
        change = session.editable(located.source)
        node = session.node_of(located)
        change = session.planned(lambda: update_splices(change.before, node, request), change)
        verdict = _verified(checked, change, today)
        _reads_back_update(verdict.after, commitment_id.strip(), request)
    except Refusal as refusal:
        return _refused(refusal)
    return _finish(change, verdict, folder, dry_run, no_color, f"update to {commitment_id}")


def record_addition(
    folder: Path,
    request: AddRequest,
    *,
    today: date,
    dry_run: bool,
    no_color: bool,
) -> int:
    """Append the commitment ``request`` describes; the exit code."""
    try:
        request = tidy_addition(request)
        checked = _checked(folder, today)
        request = _numbered(checked, request)
        _check_signatory(checked, request.owner, "--owner", today)
        for partner in request.partners:
            _check_signatory(checked, partner, "--partner", today)
        _check_due(request.due)
        source, after = _place(checked, request.theme)
        change = session.editable(source)
        root = source.root
        change = session.planned(lambda: add_splices(change.before, root, after, request), change)
        verdict = _verified(checked, change, today)
        _reads_back_addition(verdict.after, request)
    except Refusal as refusal:
        return _refused(refusal)
    return _finish(change, verdict, folder, dry_run, no_color, f"commitment {request.id}")


# -- what was typed ---------------------------------------------------------------------------


def _text(value: str | None, option: str, *, required: bool = False) -> str | None:
    """``value`` as it will be read back (trimmed, as the loader trims), or a refusal: empty
    where text is needed, or bytes that are not text (a terminal in another encoding)."""
    if value is None:
        return None
    if re.search("[\ud800-\udfff]", value):
        raise Refusal(
            f"{option}: the text holds bytes that are not UTF-8 text",
            "type it again, or set the terminal to UTF-8",
        )
    value = value.strip()
    if not value and required:
        raise Refusal(f"{option} is empty", f"give {option} the words to record")
    return value or None


def tidy_due(due: str) -> str:
    """A due date in the form the files use: an ISO date, or '2027/28 Q1'."""
    due = due.strip()
    quarter = QUARTER.fullmatch(due)
    if quarter:
        return f"{quarter.group(1)}/{quarter.group(2)} Q{quarter.group(3)}"
    return due


def tidy_update(request: UpdateRequest) -> UpdateRequest:
    from dataclasses import replace

    return replace(
        request,
        by=request.by.strip(),
        note=_text(request.note, "--note", required=True) or "",
        reason=_text(request.reason, "--reason"),
        evidence=_text(request.evidence, "--evidence"),
        due=tidy_due(request.due) if request.due is not None else None,
    )


def tidy_addition(request: AddRequest) -> AddRequest:
    from dataclasses import replace

    return replace(
        request,
        id=request.id.strip(),
        title=_text(request.title, "--title", required=True) or "",
        owner=request.owner.strip(),
        partners=tuple(p.strip() for p in request.partners),
        due=tidy_due(request.due),
        outcome=_text(request.outcome, "--outcome"),
        reason=_text(request.reason, "--reason"),
    )


# -- finding what to change ----------------------------------------------------------------


def _checked(folder: Path, today: date) -> Checked:
    from concordat.layout import AreaNotFound
    from concordat.pipeline import check_area

    try:
        return check_area(folder, today)
    except AreaNotFound as error:
        raise Refusal(str(error)) from None


def _commitment(checked: Checked, wanted: str) -> Located[Commitment]:
    area = checked.area
    for located in area.commitments:
        if located.item.id == wanted:
            return located
    unread = [u for u in area.unread if u.id == wanted]
    if unread:
        raise Refusal(
            f"commitment {wanted} could not be read: its entry in {unread[0].where} has errors",
            "put right what concordat validate reports there, then run this again",
            problems=True,
        )
    hint = did_you_mean(wanted, [c.item.id for c in area.commitments])
    unreadable = [d for d in area.diagnostics if d.code.startswith("F")]
    raise Refusal(
        f"no commitment '{wanted}' in this area" + (f"; {hint}" if hint else ""),
        "some of the area's files could not be read (concordat validate says why): "
        + "; ".join(f"{d.file}: {d.message}" for d in unreadable[:3])
        if unreadable
        else None,
    )


def _check_signatory(checked: Checked, org: str, option: str, today: date) -> None:
    """Refuse an id that names no signatory, or one that has left (naming who took over)."""
    from concordat.views.status import signatories_by_id

    known = signatories_by_id(checked.area)
    if org in known:
        signatory = known[org]
        if signatory.has_left(today) and signatory.left is not None:
            after = signatory.successor
            raise Refusal(
                f"{option}: {signatory.label} left the partnership on {signatory.left.isoformat()}",
                f"its work passed to {after}: give {option} {after}"
                if after
                else "give the signatory that took over its work",
            )
        return
    hint = did_you_mean(org, list(known))
    raise Refusal(
        f"{option}: no signatory '{org}' in this area" + (f"; {hint}" if hint else ""),
        "give the signatory's id, as written in signatories.yaml (concordat orgs lists them)",
    )


def _check_request(checked: Checked, request: UpdateRequest) -> None:
    _check_signatory(checked, request.by, "--by", request.day)
    if request.evidence is not None and not _LINK.fullmatch(request.evidence):
        raise Refusal(
            f"--evidence: '{request.evidence}' is not a web link",
            "give the full address, starting https://",
        )
    if request.due is not None:
        _check_due(request.due)
        if request.reason is None:
            raise Refusal(
                "--due moves the due date, and a moved date needs a reason the board can read",
                "add --reason TEXT: why it moved, and what is being done",
            )


def _check_due(due: str) -> None:
    try:
        parse_due(due)
    except ValueError as error:  # pydantic's own errors are ValueErrors
        words = getattr(error, "message", None)
        text = words() if callable(words) else str(error)
        raise Refusal(f"--due: {text}", "write 2027-03-31, or a quarter: 2026/27 Q4") from None


def _numbered(checked: Checked, request: AddRequest) -> AddRequest:
    """``request`` with its id: the one asked for, if free, else the next in its theme."""
    from dataclasses import replace

    area = checked.area
    written = {c.item.id for c in area.commitments} | {u.id for u in area.unread if u.id}
    for source in area.files:
        written |= source.unparsed_ids
    prefix = f"{request.theme.number}."
    if request.id:
        if request.id in written:
            raise Refusal(f"--id: commitment {request.id} already exists in this area")
        if not request.id.startswith(prefix):
            raise Refusal(
                f"--id: {request.id} is not numbered in its theme ({request.theme.heading})",
                f"ids in this theme start {prefix}: leave --id out for the next free one",
            )
        return request
    numbers = [int(i[len(prefix) :]) for i in written if re.fullmatch(rf"{prefix}\d+", i)]
    return replace(request, id=f"{prefix}{max(numbers, default=0) + 1}")


def _place(checked: Checked, theme: Theme) -> tuple[SourceFile, int | None]:
    """The file to add a commitment of ``theme`` to, and the item to add it after: the
    theme's last commitment, else the last of an earlier theme, in Concordat order."""
    area = checked.area
    best: tuple[int, int, int] | None = None  # (theme number, file order, item index)
    files = [f for f in area.files if f is not area.signatories_file]
    for located in area.commitments:
        number = located.item.theme.number
        if number > theme.number or len(located.path) != 2:
            continue
        order = files.index(located.source) if located.source in files else 0
        index = located.path[1]
        assert isinstance(index, int)
        key = (number, order, index)
        if best is None or key > best:
            best = key
    if best is not None:
        return files[best[1]], best[2]
    if not files:
        raise Refusal("this area has no commitments file to add to", "run concordat init first")
    return files[0], None


# -- checking and writing ------------------------------------------------------------------


def _verified(checked: Checked, change: FileChange, today: date) -> session.Verdict:
    verdict = session.verify(checked, change, today)
    if verdict.new_errors:
        raise Refusal(
            "the change would add "
            + ("an error" if len(verdict.new_errors) == 1 else f"{len(verdict.new_errors)} errors")
            + " to the data, so nothing was written:\n"
            + "\n".join(_said(d) for d in verdict.new_errors),
            problems=True,
        )
    return verdict


def _said(diagnostic: Diagnostic) -> str:
    hint = f" ({diagnostic.hint})" if diagnostic.hint else ""
    return f"  {diagnostic.code} {diagnostic.message}{hint}"


def _reads_back_update(after: Checked, wanted: str, request: UpdateRequest) -> None:
    commitment = next((c.item for c in after.area.commitments if c.item.id == wanted), None)
    last = commitment.updates[-1] if commitment and commitment.updates else None
    ok = (
        commitment is not None
        and last is not None
        and (last.date, last.by, last.note, last.status, last.evidence)
        == (request.day, request.by, request.note.strip(), request.status, request.evidence)
        and (request.status is None or commitment.status is request.status)
        and (request.reason is None or commitment.reason == request.reason.strip())
        and (request.due is None or commitment.due == parse_due(request.due))
    )
    if not ok:
        _not_as_asked()


def _reads_back_addition(after: Checked, request: AddRequest) -> None:
    found = next((c.item for c in after.area.commitments if c.item.id == request.id), None)
    if found is None or (found.title, found.owner, tuple(found.partners), found.status) != (
        request.title.strip(),
        request.owner,
        tuple(request.partners),
        request.status,
    ):
        _not_as_asked()


def _not_as_asked() -> NoReturn:
    raise Refusal(
        "the changed file would not read back exactly as asked, so nothing was written",
        "this is a fault in concordat: please report it with the command you ran",
    )


def _finish(
    change: FileChange,
    verdict: session.Verdict,
    folder: Path,
    dry_run: bool,
    no_color: bool,
    what: str,
) -> int:
    _show_diff(session.diff(change), no_color)
    for warning in verdict.new_warnings:
        output.error_line(f"concordat: warning: {warning.code} {warning.message}")
    if dry_run:
        output.error_line(f"concordat: dry run: the {what} was not written")
        return EXIT_OK
    try:
        session.write(change, folder)
    except Refusal as refusal:
        return _refused(refusal)
    output.error_line(f"concordat: wrote the {what} to {change.name}")
    return EXIT_OK


def _show_diff(lines: Sequence[str], no_color: bool) -> None:
    for line in lines:
        style = ""
        if line.startswith("+") and not line.startswith("+++"):
            style = "green"
        elif line.startswith("-") and not line.startswith("---"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        output.say(line, no_color=no_color, style=style)


def _refused(refusal: Refusal) -> int:
    first, *rest = refusal.message.split("\n")
    output.error_line(f"concordat: error: {first}")
    for line in rest:
        output.error_line(line)
    if refusal.hint:
        output.error_line(f"hint: {refusal.hint}")
    return EXIT_PROBLEMS if refusal.problems else EXIT_USAGE
