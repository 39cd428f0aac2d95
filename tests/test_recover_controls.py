"""A character YAML refuses, anywhere in one entry, costs that entry only (issue 13).

Property tests: wherever a control character is put in a commitment's lines, validate reports
one Y001 at it (line and column as an editor counts them) and the other entries are read.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from concordat import source
from concordat.area import load
from tests.conftest import COMMITMENTS, write_area

#: Every character libyaml refuses but NUL (a NUL makes the file binary: F004).
REFUSED = [chr(c) for c in (*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85))]
REFUSED += [chr(c) for c in range(0x86, 0xA0)] + ["\ufffe", "\uffff"]
LINES = COMMITMENTS.splitlines(keepends=True)
#: The lines of each entry: (first, end), counted from 0, the "commitments:" line being 0.
ENTRIES = [(1 + 8 * n, 9 + 8 * n) for n in range(5)]


@given(
    entry=st.integers(0, 4),
    line=st.integers(0, 7),
    where=st.floats(0, 1),
    char=st.sampled_from(REFUSED),
)
def test_a_refused_character_costs_only_its_entry(
    tmp_path_factory: object, entry: int, line: int, where: float, char: str
) -> None:
    first, _ = ENTRIES[entry]
    number = first + line
    text = LINES[number]
    column = 4 + int(where * (len(text.rstrip("\n")) - 4))  # after the indentation
    lines = [*LINES]
    lines[number] = text[:column] + char + text[column:]
    folder = Path(tmp_path_factory.mktemp("area"))  # type: ignore[attr-defined]
    write_area(folder, {"commitments.yaml": "".join(lines)})
    area = load(folder)
    found = [d for d in area.diagnostics if d.code == "Y001"]
    assert [(d.line, d.column) for d in found] == [(number + 1, column + 1)], found
    ids = sorted(c.item.id for c in area.commitments)
    assert ids == sorted(f"{n}.1" for n in range(5) if n != entry)
    assert [u.id for u in area.unread] == [f"{entry}.1"]
    assert [u.line for u in area.unread] == [first + 1]


def test_the_check_matches_what_libyaml_refuses() -> None:
    """Every character the guard refuses, libyaml refuses too, and the others it reads."""
    import yaml

    from concordat.source.file import REFUSED as PATTERN

    for code in [*range(1, 0xA0), 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000]:
        char = chr(code)
        try:
            yaml.compose(f"a: 'x{char}'\n", Loader=source.compose.Loader)
            refused = False
        except yaml.reader.ReaderError:
            refused = True
        except yaml.YAMLError:
            refused = False  # a line break or a quote: not a character question
        assert bool(PATTERN.search(char)) == refused, hex(code)
