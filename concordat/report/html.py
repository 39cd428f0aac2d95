"""The board pack as one self-contained HTML page, and the site's index: Jinja2 templates
with autoescaping on.

Every value a template writes goes through :func:`_finalize` first: text is made printable
(control and bidirectional characters shown as escapes, personal identifiers masked) and then
escaped by Jinja2, so no string from the data can become markup, and no template can forget
to mask one. The page needs nothing else: its CSS is inline, its charts are inline SVG, it
runs no script, and its Content-Security-Policy forbids scripts, remote loads and every
style but its own (by hash), so that even a mistake here could not load or run anything.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from concordat.render.common import due_words, plural, updated_words
from concordat.report import svg
from concordat.report.history import History, slip_words
from concordat.report.view import BoardReport
from concordat.safe import printable, text_lines
from concordat.version import __version__
from concordat.views.status import DUE_SOON_DAYS, CommitmentRow
from concordat.vocab import NEEDS_REASON, STATUS_ORDER, Status

if TYPE_CHECKING:
    from concordat.report.site import Site

#: In every page's head: how a file concordat may overwrite is recognised.
GENERATOR = "concordat report"
TEMPLATES = Path(__file__).with_name("templates")
#: Only web links become links; the data's are checked by the schema, and again here.
_WEB_LINK = re.compile(r"https?://[^\s\"'<>\\]+", re.IGNORECASE)


#: Text already made printable and escaped: a page writes the same names and words again
#: and again (bounded, so a hostile file cannot grow it without end).
_SHOWN: dict[str, Markup] = {}


def _finalize(value: Any) -> Any:
    """What a template writes: our own markup as it is, text made printable and escaped,
    nothing for None."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        shown = _SHOWN.get(value)
        if shown is None:
            shown = escape(printable(value))
            if len(value) < 500 and len(_SHOWN) < 20_000:
                _SHOWN[value] = shown
        return shown
    if value is None:
        return ""
    return value


_BADGES = {
    s: Markup('<span class="status s-{0}">{1}</span>').format(s.value, s.value.replace("-", " "))
    for s in Status
}


def _status(status: Status) -> Markup:
    """A status in words, in its colour."""
    return _BADGES[status]


def _due(row: CommitmentRow) -> Markup:
    """The due date, and how late it is or how soon (our own words and digits only)."""
    due = row.commitment.due
    out = f'<time datetime="{due.isoformat()}">{svg.long_date(due)}</time>'
    words = due_words(row)
    if words:
        out += f'<br><span class="{"overdue" if row.overdue else "muted"}">{words}</span>'
    return Markup(out)


_LINES: dict[str, Markup] = {}


def _lines(text: str) -> Markup:
    """Text with its line breaks kept, as ``<br>``, every line escaped and masked."""
    shown = _LINES.get(text)
    if shown is None:
        shown = Markup("<br>").join(escape(line) for line in text_lines(text))
        if len(text) < 500 and len(_LINES) < 20_000:
            _LINES[text] = shown
    return shown


def _link(url: str, words: str | None = None) -> Markup:
    """A web link, or the text as text when it is not one (no javascript:, no data:)."""
    shown = printable(url)
    if not _WEB_LINK.fullmatch(shown):
        return escape(shown)
    return Markup('<a href="{0}" rel="nofollow noopener noreferrer">{1}</a>').format(
        shown, words if words is not None else shown
    )


def _words(value: str) -> str:
    """'on-track' as 'on track'."""
    return value.replace("-", " ")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        lines=_lines, link=_link, long_date=svg.long_date, words=_words, iso=date.isoformat
    )
    env.globals.update(
        plural=plural,
        due_words=due_words,
        status=_status,
        due=_due,
        updated_words=updated_words,
        number=svg.number,
        chart=svg.chart,
        alternative=svg.alternative,
        figures=svg.points,
        figure_rows=svg.figure_rows,
        key_mark=svg.key_mark,
        chart_key=tuple(svg.KEY),
        statuses=STATUS_ORDER,
        needs_reason=NEEDS_REASON,
        due_soon_days=DUE_SOON_DAYS,
        version=__version__,
        generator=GENERATOR,
    )
    return env


@functools.cache
def _css() -> tuple[Markup, Markup]:
    """The stylesheet, and the Content-Security-Policy that allows it alone (by its hash)."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    policy = (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return Markup(css), Markup(policy)  # our own words: no quote in them is escaped


def _common(as_of: date) -> dict[str, Any]:
    css, policy = _css()
    return {"css": css, "csp": policy, "as_of": as_of}


def page(report: BoardReport, *, home: str | None = None) -> str:
    """One area's board pack; ``home``: a relative link to the site's index, on a site."""
    view = report.status
    # names come from the area's own signatories, including those whose entries lie
    # elsewhere in the status view (organisations that have left)
    names = {o.signatory.id: o.signatory for o in (*view.organisations, *view.former)}
    history = report.history if isinstance(report.history, History) else None

    def label(signatory_id: str) -> str:
        known = names.get(signatory_id)
        return known.name if known else signatory_id

    def owner_name(row: CommitmentRow) -> str:
        return row.owner.name if row.owner else row.commitment.owner

    def partner_names(row: CommitmentRow) -> str:
        return ", ".join(p.name if p else pid for pid, p in row.partners)

    def slippage(commitment_id: str) -> str:
        return slip_words(history.slippage.get(commitment_id) if history else None)

    context = {
        **_common(report.as_of),
        "r": report,
        "home": home,
        "history": history,
        "orgs": (*view.organisations, *(o for o in view.former if o.leads or o.partner_in)),
        "quiet": tuple(o for o in view.former if not (o.leads or o.partner_in)),
        "nothing": _nothing(report),
        "label": label,
        "owner_name": owner_name,
        "partner_names": partner_names,
        "slippage": slippage,
    }
    return environment().get_template("report.html.j2").render(context) + "\n"


def _nothing(report: BoardReport) -> str:
    doubt = report.doubt
    if doubt is not None and (doubt.unread or doubt.unread_files):
        return "No commitments could be read: see what could not be read, above."
    return "The plan has no commitments yet."


def index(site: Site) -> str:
    """The site's front page: the roll-up, one row per area, each linking to its page."""
    good = [p for p in site.pages if not p.row.broken]
    broken: Sequence[Any] = [p for p in site.pages if p.row.broken]
    context = {
        **_common(site.as_of),
        "pages": site.pages,
        "good": good,
        "broken": broken,
        "totals": site.rollup.totals,
    }
    return environment().get_template("index.html.j2").render(context) + "\n"
