"""The board pack as a Markdown board paper: the same sections as the HTML page, for Word,
Google Docs, a wiki or a pull request.

Every string from the data goes through the Markdown helpers every other format uses
(``safe.md_cell``, ``render.common.md_lines``): Markdown characters escaped, no raw HTML, no
autolink or mention, personal identifiers masked. Charts become their tables (with the
measure's trend as a sparkline and in words), since a pasted paper cannot carry a drawing.
The last line is an HTML comment (hidden when rendered) by which concordat knows a file it
may overwrite.
"""

from __future__ import annotations

from concordat.render.common import due_words, md_lines, plural, updated_words
from concordat.render.detail import sparkline
from concordat.report import svg
from concordat.report.history import History, slip_words
from concordat.report.site import Site
from concordat.report.view import BoardReport
from concordat.safe import md_cell
from concordat.views.status import DUE_SOON_DAYS, CommitmentRow
from concordat.vocab import NEEDS_REASON, STATUS_ORDER, Status

#: The last line of every paper concordat writes.
MARKER = "<!-- written by concordat report: concordat may overwrite this file -->"


def _status(status: Status) -> str:
    return f"{status.symbol} {status.value.replace('-', ' ')}"


def _date(row: CommitmentRow) -> str:
    words = due_words(row)
    due = svg.long_date(row.commitment.due)
    return f"{due} ({words})" if words else due


def _owner(row: CommitmentRow) -> str:
    return md_cell(row.owner.name if row.owner else row.commitment.owner)


def _partners(row: CommitmentRow) -> str:
    return md_cell(", ".join(p.name if p else pid for pid, p in row.partners))


def _table(heads: list[str], rows: list[list[str]], right: int = 0) -> list[str]:
    """A table; the last ``right`` columns are figures, aligned right."""
    align = ["---"] * (len(heads) - right) + ["--:"] * right
    out = ["| " + " | ".join(heads) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return out


def paper(report: BoardReport, *, home: str | None = None) -> str:
    view = report.status
    history = report.history if isinstance(report.history, History) else None
    names = {o.signatory.id: o.signatory.name for o in (*view.organisations, *view.former)}
    out: list[str] = []
    if home:
        out += [f"[All areas]({home})", ""]
    out += [f"# {md_cell(report.area)}: Mental Health Crisis Care Concordat board report", ""]
    facts = [f"- **As of:** {svg.long_date(report.as_of)}"]
    if report.period:
        first, last = svg.long_date(report.period.first), svg.long_date(report.period.last)
        facts.append(f"- **Plan period:** {first} to {last}")
    latest = svg.long_date(report.latest_update) if report.latest_update else "none yet"
    facts.append(f"- **Latest update:** {latest}")
    out += [*facts, ""]
    if report.allowed_because is not None:
        count = plural(len(report.private), "finding")
        out += [
            f"> **Written although the privacy guard found personal data** ({count}, masked "
            f"here wherever it appears). Reason given: {md_cell(report.allowed_because)}",
            "",
        ]
    if report.doubt is not None:
        words = report.doubt.words(marks=False)
        lines = [f"> **{md_cell(words[0])}**", *(f"> {md_cell(w)}" for w in words[1:])]
        if report.doubt.in_doubt:
            lines.append("> Commitments marked *in doubt* have an error in their own entry.")
        out += [*(line + "  " for line in lines[:-1]), lines[-1], ""]

    out += ["## Headline counts", ""]
    rows = [[_status(s), str(n)] for s, n in view.by_status.items()]
    rows += [["Overdue", str(view.overdue)]]
    rows += [[f"Due in the next {DUE_SOON_DAYS} days", str(view.due_soon)]]
    rows += [[f"Stale (no update for over {view.stale_days} days)", str(view.stale)]]
    out += _table(["Status", "Commitments"], rows, right=1)
    out += ["", f"{plural(view.total, 'commitment')} in all.", ""]

    out += ["## Exceptions: off track, at risk and overdue", ""]
    if not report.exceptions:
        out += ["No commitment is off track, at risk or overdue.", ""]
    for e in report.exceptions:
        row, c = e.row, e.row.commitment
        out += [f"### {md_cell(c.id)} {md_cell(c.title)}", ""]
        state = _status(c.status) + (" and overdue" if row.overdue else "")
        if row.in_doubt:
            state += ", *in doubt*"
        out.append(f"- **Status:** {state}")
        out.append(f"- **Owner:** {_owner(row)}")
        if row.partners:
            out.append(f"- **Partners:** {_partners(row)}")
        out.append(f"- **Due:** {_date(row)}")
        out.append(f"- **Reason:** {md_lines(c.reason) if c.reason else '**none given**'}")
        out.append(f"- **Latest update:** {_latest(row, names)}")
        slip = _slippage(history, c.id)
        if slip:
            out.append(f"- **Slippage:** {slip}")
        out.append("")
    out += [f"### Stale: no update for over {view.stale_days} days", ""]
    if report.stale:
        stale = [
            [
                md_cell(r.id),
                md_lines(r.commitment.title),
                _owner(r),
                _status(r.status),
                svg.long_date(r.latest.date) if r.latest else "never",
            ]
            for r in report.stale
        ]
        out += [*_table(["Id", "Commitment", "Owner", "Status", "Last update"], stale), ""]
    else:
        out += ["Nothing is stale.", ""]

    out += ["## What changed since the last board", ""]
    if history is None:
        out += [md_cell(getattr(report.history, "why", "")), ""]
    elif not history.changes:
        out += [f"Nothing changed since {md_cell(history.since)}.", ""]
    else:
        out += [f"Since {md_cell(history.since)}:", ""]
        for ch in history.changes:
            about = f"**{md_cell(ch.commitment)}**: " if ch.commitment else ""
            out.append(f"- {about}{md_cell(ch.words)}" + (" (for the worse)" if ch.worse else ""))
        out.append("")

    out += ["## Who owns what", ""]
    orgs = (*view.organisations, *(o for o in view.former if o.leads or o.partner_in))
    heads = [
        "Organisation",
        "Leads",
        "Partner in",
        *(s.value.replace("-", " ") for s in STATUS_ORDER),
    ]
    heads += ["Overdue", "Due soon"]
    org_rows = []
    for o in orgs:
        name = md_cell(o.signatory.name)
        if o.left:
            name += f" (left; now {md_cell(o.successor.name) if o.successor else 'no successor'})"
        counts = [o.leads, o.partner_in, *(o.by_status[s] for s in STATUS_ORDER)]
        org_rows.append([name, *(str(n) for n in (*counts, o.overdue, o.due_soon))])
    out += [*_table(heads, org_rows, right=len(heads) - 1), ""]

    out += ["## Every commitment by theme", ""]
    if not view.themes:
        out += ["No commitments could be read." if report.doubt else "No commitments yet.", ""]
    for group in view.themes:
        out += [f"### {md_cell(group.theme.heading)}", ""]
        heads = ["Id", "Commitment", "Owner", "Partners", "Due", "Status", "Updated"]
        if history:
            heads.append("Slippage")
        body = []
        for row in group.rows:
            c = row.commitment
            about = md_lines(c.title)
            if c.reason and c.status in NEEDS_REASON:
                about += f"<br>*Reason:* {md_lines(c.reason)}"
            if row.latest is not None:
                about += f"<br>*Latest:* {md_lines(row.latest.note)}"
            cells = [
                md_cell(c.id) + (" *in doubt*" if row.in_doubt else ""),
                about,
                _owner(row),
                _partners(row),
                _date(row),
                _status(c.status),
                updated_words(row) + (", **stale**" if row.stale else ""),
            ]
            if history:
                cells.append(_slippage(history, c.id) or "none")
            body.append(cells)
        out += [*_table(heads, body), ""]

    out += ["## Outcome measures", ""]
    if not report.measures:
        out += ["No commitment has an outcome measure yet.", ""]
    for measures in report.measures:
        c = measures.row.commitment
        out += [f"### {md_cell(c.id)} {md_cell(c.title)}", ""]
        for mv in measures.measures:
            m = mv.measure
            unit = f" ({md_cell(m.unit)})" if m.unit else ""
            out += [f"**{md_cell(m.name)}**{unit}", ""]
            figures = svg.points(m)
            if not figures:
                out += ["No figures recorded yet.", ""]
                continue
            table = [[svg.long_date(p.day), p.kind, svg.number(p.value)] for p in figures]
            out += _table(["Date", "Figure", "Value"], table, right=1)
            trend = sparkline(mv.points)
            described = md_cell(svg.alternative(m, mv.direction))
            source = f" Source: {md_cell(m.source)}." if m.source else ""
            out += ["", f"Trend: {trend} {mv.direction}. {described}{source}", ""]
    out += [MARKER]
    return "\n".join(out) + "\n"


def _latest(row: CommitmentRow, names: dict[str, str]) -> str:
    if row.latest is None:
        return "never updated"
    latest = row.latest
    by = md_cell(names.get(latest.by, latest.by))
    when = f"{svg.long_date(latest.date)} ({updated_words(row)})"
    return f"{when}, {by}: {md_lines(latest.note)}"


def _slippage(history: History | None, commitment_id: str) -> str:
    return md_cell(slip_words(history.slippage.get(commitment_id) if history else None))


def index(site: Site) -> str:
    """The Markdown site's index: the roll-up, each area linking to its paper."""
    out = [f"# Mental Health Crisis Care Concordat: {plural(len(site.pages), 'area')}", ""]
    out += [f"As of {svg.long_date(site.as_of)}.", ""]
    heads = ["Area", "Commitments", "Open", *(s.value.replace("-", " ") for s in STATUS_ORDER)]
    heads += ["Overdue", "Stale"]
    rows = []
    for p in site.pages:
        r = p.row
        name = f"[{md_cell(r.area)}]({p.file})" + (" (files have errors)" if r.broken else "")
        counts = [r.commitments, r.open, *(r.by_status.get(s.value, 0) for s in STATUS_ORDER)]
        rows.append([name, *(str(n) for n in (*counts, r.overdue, r.stale))])
    out += [*_table(heads, rows, right=len(heads) - 1), "", MARKER]
    return "\n".join(out) + "\n"
