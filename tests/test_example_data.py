"""The shipped Norfolk data is a real example: valid, varied, and worth a board's attention."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from concordat import check_area
from concordat.diagnostics import Severity
from concordat.vocab import Status, Theme
from tests.conftest import AS_OF, REPO


def test_shipped_data_has_no_errors_and_shows_the_tools_value() -> None:
    checked = check_area(REPO, AS_OF)
    area, report = checked.area, checked.report
    assert area.name == "Norfolk"
    assert [d for d in report.diagnostics if d.severity is Severity.ERROR] == []
    codes = Counter(d.code for d in report.diagnostics)
    assert codes["P001"] >= 2 and codes["P003"] >= 1  # overdue and stale work is visible


def test_shipped_plan_covers_every_theme_and_status_mix() -> None:
    area = check_area(REPO, AS_OF).area
    commitments = [c.item for c in area.commitments]
    assert len(commitments) >= 15
    assert {c.theme for c in commitments} == set(Theme)
    assert {c.status for c in commitments} == set(Status)
    open_ = [c for c in commitments if c.status.is_open]
    assert any(c.due < AS_OF for c in open_)
    assert any(AS_OF <= c.due <= AS_OF + timedelta(days=90) for c in open_)
    assert all(c.measures or not c.status.is_open for c in commitments)


def test_merged_organisations_point_at_todays_bodies() -> None:
    area = check_area(REPO, AS_OF).area
    by_id = {s.item.id: s.item for s in area.signatories}
    left = [s for s in by_id.values() if s.left]
    assert len(left) >= 2
    for signatory in left:
        if signatory.successor:
            assert by_id[signatory.successor].left is None
