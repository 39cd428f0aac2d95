"""`concordat init`: the files a new partnership repository starts with.

Every file is written atomically and only when it does not exist yet: init never replaces
anything, so running it again, or in a folder that already has some files, is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from concordat.config import DEFAULT_STALE_DAYS
from concordat.config import FILE_NAME as CONFIG_FILE
from concordat.files import write_atomic
from concordat.schema import schema_texts
from concordat.vocab import CORE_SECTORS, Sector, Status, Theme

DATA_FILES = r"(^|/)((signatories|commitments)\.ya?ml|commitments/[^/]+\.ya?ml|concordat\.toml)$"


@dataclass(frozen=True)
class Outcome:
    created: tuple[Path, ...]
    skipped: tuple[Path, ...]


def area_name(folder: Path) -> str:
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Your area"


def _signatories(area: str) -> str:
    sectors = ", ".join(s.value for s in Sector)
    return f"""\
# yaml-language-server: $schema=schema/signatories.schema.json
# The organisations in the {area} Mental Health Crisis Care Concordat partnership.
# One entry per organisation; commitments.yaml refers to them by id. Check with:
#   concordat validate
area: {area}
signatories:
  # - id: example-police            # a short slug: lower-case letters, digits, hyphens
  #   name: Example Police          # the organisation's full name
  #   short_name: EP                # optional: for narrow tables
  #   sector: police                # {sectors}
  #   signed: 2026-04-01            # the date it signed the declaration
  #   role: signatory               # signatory (default) or supporter
  #   left: 2027-03-31              # optional: the date it left (merged, closed)
  #   successor: another-id         # optional: who took over its commitments
"""


def _commitments() -> str:
    themes = " | ".join(t.value for t in Theme)
    numbered = ", ".join(f"{t.number} {t.value}" for t in Theme)
    statuses = " | ".join(s.value for s in Status)
    return f"""\
# yaml-language-server: $schema=schema/commitments.schema.json
# The action plan: what each organisation promised. Number actions inside their theme
# ({numbered}).
commitments:
  # - id: "2.1"
  #   title: Police cells are never used as a place of safety because health places are full
  #   theme: urgent-access          # {themes}
  #   owner: example-police         # a signatory id: the one accountable lead
  #   partners: [another-id]        # optional: signatory ids
  #   status: not-started           # {statuses}
  #   due: 2026/27 Q4               # an ISO date, or a UK financial quarter
  #   outcome: What will be different for people in crisis
  #   measures:
  #     - name: s136 detentions held in police custody
  #       unit: people per quarter
  #       baseline: {{date: 2026-03-31, value: 12}}
  #       target: {{date: 2027-03-31, value: 0}}
  #   updates:
  #     - date: 2026-06-30
  #       by: example-police
  #       note: What happened, in a sentence or two
  #       evidence: https://example.org/board-paper.pdf
"""


def _config() -> str:
    core = ", ".join(f'"{s.value}"' for s in CORE_SECTORS)
    stale = DEFAULT_STALE_DAYS
    return f"""\
# concordat settings for this area. Every setting is optional; these are the defaults.
# stale-days = {stale}   # warn when an open commitment has had no update for this many days
# core-sectors = [{core}]
#
# [severity]         # per diagnostic code: "error", "warning" or "off"
# P004 = "warning"
"""


_PRE_COMMIT = f"""\
# Check the partnership's files before every commit: `pip install pre-commit concordat`,
# then `pre-commit install`. The hook reads the whole area, so it runs once per commit.
repos:
  - repo: local
    hooks:
      - id: concordat-validate
        name: concordat validate
        entry: concordat validate
        language: system
        pass_filenames: false
        require_serial: true
        files: {DATA_FILES}
"""

_WORKFLOW = """\
# Check the partnership's files on every push and pull request. Problems appear as
# annotations on the changed lines and as a table in the job summary.
name: concordat
on:
  push:
  pull_request:

jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install concordat
        # Change this to where your organisation keeps concordat.
        run: python -m pip install "concordat @ git+https://github.com/YOUR-ORGANISATION/concordat"
      - name: Check the partnership's files
        run: concordat validate .
"""


def _readme(area: str) -> str:
    return f"""\
# {area} Mental Health Crisis Care Concordat partnership

This repository holds the partnership's declaration and action plan, so that every partner can
see who owns each commitment, what is late and what has been delivered.

- `signatories.yaml`: the organisations that signed, and those that left.
- `commitments.yaml`: the action plan: each commitment's owner, partners, due date, status,
  measures and dated updates.
- `concordat.toml`: settings for the checks.

See who owns what:

    concordat status

Check the files after editing them (CI runs the same check on every change):

    concordat validate

Partnership data is published for accountability: describe services, never people. Never
write a patient's name, NHS number, date of birth or contact details in these files.
"""


def files(folder: Path) -> dict[Path, str]:
    area = area_name(folder)
    out = {
        folder / "signatories.yaml": _signatories(area),
        folder / "commitments.yaml": _commitments(),
        folder / CONFIG_FILE: _config(),
        folder / ".pre-commit-config.yaml": _PRE_COMMIT,
        folder / ".github" / "workflows" / "concordat.yml": _WORKFLOW,
        folder / "README.md": _readme(area),
    }
    for name, text in schema_texts().items():
        out[folder / "schema" / name] = text
    return out


def scaffold(folder: Path) -> Outcome:
    """Write every starter file that does not exist yet."""
    created: list[Path] = []
    skipped: list[Path] = []
    for path, text in files(folder).items():
        if path.exists() or path.is_symlink():
            skipped.append(path)
        else:
            write_atomic(path, text)
            created.append(path)
    return Outcome(tuple(created), tuple(skipped))
