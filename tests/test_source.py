"""The loader: scalars typed by the schema, positions kept, hostile structure refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from concordat import area as area_module
from concordat import source
from concordat.source import compose, plain
from tests.conftest import COMMITMENTS, SIGNATORIES, AreaRunner, only

ONE = """\
commitments:
  - id: 2.10
    title: 2015-03-31
    theme: urgent-access
    owner: mh-trust
    status: on-track
    due: 2016/17 Q4
    start: 2014-09-01
    outcome: no
    measures: [{name: yes, baseline: {date: 2014-03-31, value: 41}}]
    updates: [{date: 2026-11-01, by: mh-trust, note: 1.50}]
"""


def load(tmp_path: Path, files: dict[str, str]) -> area_module.Area:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return area_module.load(tmp_path)


def test_scalars_are_typed_by_the_schema_not_by_yaml_guessing(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"signatories.yaml": SIGNATORIES, "commitments.yaml": ONE})
    assert loaded.diagnostics == []
    (located,) = loaded.commitments
    c = located.item
    assert c.id == "2.10"  # not the float 2.1
    assert c.title == "2015-03-31"  # a date in a text field stays text
    assert c.outcome == "no"  # not False
    assert c.measures[0].name == "yes"
    assert c.measures[0].baseline is not None and c.measures[0].baseline.value == 41
    assert c.updates[0].note == "1.50"  # not 1.5
    assert c.due == date(2017, 3, 31)  # 2016/17 Q4 ends on 31 March 2017
    assert c.start == date(2014, 9, 1)


def test_financial_quarters_end_on_the_right_day(tmp_path: Path) -> None:
    from concordat.model import parse_due

    assert parse_due("2015/16 Q1") == date(2015, 6, 30)
    assert parse_due("2015/16 Q2") == date(2015, 9, 30)
    assert parse_due("2015/16 Q3") == date(2015, 12, 31)
    assert parse_due("2015/16 Q4") == date(2016, 3, 31)
    assert parse_due("2099/00 Q4") == date(2100, 3, 31)


def test_positions_point_at_the_value(tmp_path: Path) -> None:
    loaded = load(tmp_path, {"signatories.yaml": SIGNATORIES, "commitments.yaml": ONE})
    where = loaded.commitments[0].where("updates", 0, "note")
    assert where is not None and (where.line, where.column) == (11, 54)


def test_crlf_bom_and_lone_cr_are_accepted(area: AreaRunner) -> None:
    crlf = ("\ufeff" + COMMITMENTS).replace("\n", "\r\n").encode("utf-8")
    report = area({"commitments.yaml": crlf, "signatories.yaml": SIGNATORIES.replace("\n", "\r")})
    assert report.diagnostics == ()


def test_crlf_positions_are_still_right(area: AreaRunner) -> None:
    text = COMMITMENTS.replace("owner: icb", "owner: icbb").replace("\n", "\r\n")
    (found,) = only(area({"commitments.yaml": text.encode()}), "R001")
    assert (found.line, found.column) == (37, 12)


def test_alias_bomb_is_refused_quickly(area: AreaRunner) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    bomb = "\n".join(lines) + "\ncommitments: *a9\n"
    report = area({"commitments.yaml": bomb})  # refused before anything is expanded
    found = only(report, "Y005")
    assert len(found) == 82 and (found[0].line, found[0].column) == (2, 10)


def test_a_broken_file_does_not_hide_problems_in_another(area: AreaRunner) -> None:
    report = area(
        {
            "commitments.yaml": "commitments: [\n",
            "signatories.yaml": SIGNATORIES.replace("sector: police", "sector: polce"),
        }
    )
    assert [d.code for d in report.diagnostics] == ["Y001", "S004"]
    assert [d.file for d in report.diagnostics] == ["commitments.yaml", "signatories.yaml"]


def test_every_problem_in_a_file_is_reported_in_order(area: AreaRunner) -> None:
    text = (
        COMMITMENTS.replace("owner: police", "owner: polise")
        .replace("theme: recovery", "theme: recovry")
        .replace("status: on-track", "status: ok", 1)
    )
    report = area({"commitments.yaml": text})
    lines = [(d.line, d.code) for d in report.diagnostics if d.file == "commitments.yaml"]
    assert lines == sorted(lines)
    assert {c for _, c in lines} == {"R001", "S004"}
    assert len(lines) == 3


def test_split_commitment_files_are_read_in_name_order(area: AreaRunner) -> None:
    files: dict[str, str | bytes | None] = {
        "commitments.yaml": None,
        "commitments/b.yaml": COMMITMENTS,
        "commitments/a.yml": "commitments: []\n",
        "commitments/notes.txt": "not yaml at all: [",
    }
    report = area(files)
    assert report.files == ("signatories.yaml", "commitments/a.yml", "commitments/b.yaml")
    assert report.diagnostics == ()


def test_deep_nesting_does_not_crash_the_composer(area: AreaRunner) -> None:
    report = area({"commitments.yaml": "commitments: " + "[" * 200_000 + "\n"})
    assert [d.code for d in report.diagnostics] == ["Y009"]


def test_source_read_never_raises_on_odd_bytes(tmp_path: Path) -> None:
    samples = [b"\xff\xfe\x00", b"\xef\xbb\xbf", b"- a\n- b\n", b"'", b"\x1b[2J", b"\t\tx: 1"]
    for i, data in enumerate(samples):
        path = tmp_path / f"f{i}.yaml"
        path.write_bytes(data)
        read = source.read(path, path.name)
        assert read.data is not None or read.diagnostics or read.root is None


def test_a_syntax_error_costs_only_its_own_commitment(area: AreaRunner) -> None:
    text = COMMITMENTS.replace("note: going well", "note: going: well", 1).replace(
        "owner: icb", "owner: ibc"
    )
    report = area({"commitments.yaml": text})
    assert [(d.code, d.line) for d in report.diagnostics] == [("Y001", 9), ("R001", 37)]
    # the four readable commitments are still checked: only police, whose item broke, leads
    # nothing now, but P005 is held back because the file could not be fully read
    assert not only(report, "P005")


def test_an_error_between_items_is_reported_as_the_parser_saw_it(area: AreaRunner) -> None:
    text = "commitments:\n  - id: '1'\n  bad indentation: [\n"
    report = area({"commitments.yaml": text})
    assert [d.code for d in report.diagnostics] == ["Y001"]


def test_a_signatories_list_at_top_level_is_one_clear_error(area: AreaRunner) -> None:
    report = area({"signatories.yaml": "- id: police\n"})
    assert [(d.code, d.file, d.line) for d in report.diagnostics] == [
        ("Y007", "signatories.yaml", 1)
    ]


# -- the quick loader reads exactly what the exact one reads ----------------------------------

_TRICKY = """\
a: null
b: 'null'
c: |
  null
d: ~
e:
f: ""
g: NULL
h: [null, 'null', ~, "~", ]
i: {x: null, y: '', z: Null}
<<: {a: 1}
'<<': 2
j: - x
"""


def _plain(text: str, loader: type) -> tuple[object, list[tuple[str, int | None, int | None]]]:
    import yaml

    read = source.SourceFile(Path("x.yaml"), "x.yaml")
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as error:
        return type(error).__name__, []
    data = plain.to_plain(read, root) if root is not None else None
    return data, [(d.code, d.line, d.column) for d in read.diagnostics]


def _same_with_both_loaders(text: str) -> None:
    assert "!" not in text  # the only files _QuickLoader is given
    assert _plain(text, compose._QuickLoader) == _plain(text, compose.Loader)


def test_quick_loader_tells_nulls_and_merge_keys_by_style() -> None:
    data, problems = _plain(_TRICKY.replace("j: - x\n", ""), compose._QuickLoader)
    assert isinstance(data, dict)
    assert [data[k] for k in "abcdefg"] == [None, "null", "null\n", None, None, "", None]
    assert data["h"] == [None, "null", None, "~"] and data["i"] == {"x": None, "y": "", "z": None}
    assert problems == [("Y005", 11, 1)]  # the plain << is a merge key; the quoted one is text
    _same_with_both_loaders(_TRICKY)


def test_quick_loader_reads_the_shipped_files_as_the_exact_one_does() -> None:
    from tests.conftest import REPO

    for name in ("signatories.yaml", "commitments.yaml"):
        _same_with_both_loaders((REPO / name).read_text(encoding="utf-8").replace("!", "."))


def test_a_file_with_a_tag_goes_to_the_exact_loader(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    text = "a: ! 'null'\nb: null\n"  # libyaml resolves the non-specific tag ! as plain
    path.write_text(text, encoding="utf-8")
    assert _plain(text, compose._QuickLoader)[0] == {"a": "null", "b": None}
    assert (
        source.read(path, "x.yaml").data
        == _plain(text, compose.Loader)[0]
        == {"a": None, "b": None}
    )


_PIECES = ["a", "b:", ": ", "- ", "\n", "  ", "~", "null", "Null", "''", '""', "<<", "[", "]",
           "{", "}", ", ", "|", ">", "#", "'", '"', "x y", "1.5", "?", "&", "*", "---"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_quick_and_exact_loaders_agree_on_any_text(pieces: list[str]) -> None:
    _same_with_both_loaders("".join(pieces))


# -- reading item by item after a syntax error ------------------------------------------------

BROKEN_FIRST = COMMITMENTS.replace("title: Commitment led by police", "title: police: first", 1)
NHS = "943 476 5919"  # passes the check digit


def codes_at(report: object) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in report.diagnostics]  # type: ignore[attr-defined]


def test_an_alias_after_a_syntax_error_is_refused_not_expanded(area: AreaRunner) -> None:
    """The alias scan stops at the first syntax error, so each item is scanned on its own."""
    levels = ["    x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"    x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    bomb = BROKEN_FIRST.replace("    measures: [{name: a measure}]\n", "\n".join(levels) + "\n", 2)
    report = area({"commitments.yaml": bomb})
    assert ("Y001", 3) in codes_at(report)
    assert len(only(report, "Y005")) == 50  # every alias, at its place; nothing expanded
    assert (only(report, "Y005")[0].line, only(report, "Y005")[0].column) == (22, 14)


def test_nesting_just_under_libyamls_own_limit_is_refused(area: AreaRunner) -> None:
    """libyaml composes 980 levels; the checks that walk the tree (the privacy guard, woken
    by the @ in the comment) must not recurse through them."""
    deep = "[" * 980 + "x" + "]" * 980
    text = "# ask team@example.org\n" + COMMITMENTS.replace("note: going well", f"note: {deep}", 1)
    report = area({"commitments.yaml": text})
    assert [(d.code, d.line) for d in report.diagnostics if d.code == "Y009"] == [("Y009", 10)]


def test_a_quoted_top_level_key_keeps_its_items(area: AreaRunner) -> None:
    text = BROKEN_FIRST.replace("commitments:", '"commitments":', 1)
    text = text.replace("note: going well", f"note: seen {NHS}", 5)
    report = area({"commitments.yaml": text})
    assert ("Y001", 3) in codes_at(report)
    # the four readable items, and the unreadable first one: the guard reads its text too
    assert [d.line for d in only(report, "X001")] == [9, 17, 25, 33, 41]


def test_an_item_begun_on_a_bare_dash_line_is_read_alone(area: AreaRunner) -> None:
    text = COMMITMENTS.replace('  - id: "0.1"\n', '  -\n    id: "0.1"\n', 1)
    text = text.replace("note: going well", f"note: seen {NHS}", 1)
    text = text.replace("title: Commitment led by ambulance", "title: ambulance: broken", 1)
    report = area({"commitments.yaml": text})
    assert codes_at(report)[:2] == [("X001", 10), ("Y001", 12)]


def test_a_control_character_in_a_later_item_is_reported(area: AreaRunner) -> None:
    """libyaml meets a syntax error before a control character 30 KB further on; the item
    holding the character, read alone, reports it rather than vanishing."""
    item = COMMITMENTS.split("\n", 1)[1].split('  - id: "1.1"')[0]
    many = "".join(item.replace('"0.1"', f'"0.{n}"') for n in range(1, 101))
    text = "commitments:\n" + many.replace("title: Commitment led by police", "title: a: b", 1)
    text = text.replace("note: going well}]\n", "note: going \a well}]\n")
    text = text.replace("note: going \a well}]\n", "note: going well}]\n", 99)
    report = area({"commitments.yaml": text})
    assert codes_at(report)[:2] == [("Y001", 3), ("Y001", 801)]
    assert "U+0007 is a control character" in report.diagnostics[1].message


def test_positions_count_lines_as_yaml_does(area: AreaRunner) -> None:
    """A file with lone CR line ends: every position agrees on the line, X001 included."""
    text = COMMITMENTS.replace("note: going well", f"note: seen {NHS}", 1).replace(
        "owner: icb", "owner: icbb"
    )
    report = area({"commitments.yaml": text.replace("\n", "\r").encode()})
    assert [(d.code, d.line) for d in report.diagnostics] == [
        ("X001", 9),
        ("R001", 37),
        ("P005", 7),
    ]


def test_a_broken_signatory_written_as_a_flow_mapping_keeps_its_id(area: AreaRunner) -> None:
    broken = "  - {id: police, name: Testshire: Police, sector: police, signed: 2014-08-01}\n"
    signatories = SIGNATORIES.replace(SIGNATORIES.splitlines(keepends=True)[2], broken)
    report = area({"signatories.yaml": signatories})
    assert [d.code for d in report.diagnostics] == ["Y001"]  # and no R001 for 'police'


def test_a_syntax_error_at_the_end_of_a_file_is_placed_inside_it(area: AreaRunner) -> None:
    text = COMMITMENTS + "    a stray line with no colon"  # no final line break
    report = area({"commitments.yaml": text})
    last = text.count("\n") + 1
    assert [(d.code, d.line) for d in report.diagnostics] == [("Y001", last)]
