"""`concordat init`: the files a new partnership repository starts with.

Every file is written atomically and only when it does not exist yet: init never replaces
anything, so running it again, or in a folder that already has some files, is safe. It never
writes through a symbolic link that leaves the folder (nor into a folder that is itself a
link): it refuses before writing anything. When a write fails part-way (a full disk, a
read-only folder), it stops there, and says which files it created and which it did not.

Whatever the folder is called, what init writes is valid YAML that validates: the area name
made from the folder's name keeps only printable characters, and is quoted when YAML would
read it as anything but that text.

The CI workflow, the pre-commit hook and the partnership's README install concordat from its
git repository at one commit. When concordat itself was installed from a git repository with
a public https address (``pipx install "concordat-tracker @ git+https://..."``, or a clone of
one), init writes that address and commit, and the files work unchanged. Otherwise it writes
placeholders, and the closing message lists each one with its file and line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from concordat.config import DEFAULT_STALE_DAYS
from concordat.config import FILE_NAME as CONFIG_FILE
from concordat.files import Refused, check_inside, write_atomic
from concordat.schema import schema_texts
from concordat.version import DIST_NAME
from concordat.vocab import CORE_SECTORS, Sector, Status, Theme

#: The files the hook in .pre-commit-hooks.yaml runs on: the area's data and settings.
DATA_FILES = r"(^|/)((signatories|commitments)\.ya?ml|commitments/[^/]+\.ya?ml|concordat\.toml)$"

URL_PLACEHOLDER = "https://github.com/YOUR-ORGANISATION/concordat"
COMMIT_PLACEHOLDER = "COMMIT-SHA"

#: Each placeholder, and what to put in its place.
PLACEHOLDERS = {
    URL_PLACEHOLDER: "the https address of concordat's git repository",
    COMMIT_PLACEHOLDER: "a full commit SHA of that repository, the same in every file "
    "(`git ls-remote ADDRESS HEAD` prints the newest), or a release tag of it",
}


@dataclass(frozen=True)
class Source:
    """Where concordat is installed from: a git repository's address and one commit of it."""

    url: str
    commit: str


UNKNOWN = Source(URL_PLACEHOLDER, COMMIT_PLACEHOLDER)


@dataclass(frozen=True)
class FillIn:
    """A placeholder init wrote: the file, the line (from 1), and the placeholder."""

    path: Path
    line: int
    placeholder: str


@dataclass(frozen=True)
class Failure:
    """Where init stopped: the file it could not write, why, and the files it did not
    create (that one and those after it)."""

    path: Path
    reason: str
    not_created: tuple[Path, ...]


@dataclass(frozen=True)
class Outcome:
    created: tuple[Path, ...]
    skipped: tuple[Path, ...]
    fill_ins: tuple[FillIn, ...] = ()
    source: Source | None = None
    failure: Failure | None = None


def _folder_name(folder: Path) -> str:
    try:
        return folder.resolve().name
    except (OSError, RuntimeError):  # a link that loops; the current folder was deleted
        try:
            return Path(os.path.normpath(Path.cwd() / folder)).name
        except OSError:
            return ""


def area_name(folder: Path) -> str:
    """The partnership's name, from its folder's: words capitalised, and only printable
    characters (a control character, or a byte that is not UTF-8, becomes a space); "Your
    area" when the folder's name holds personal data, which the files must never carry."""
    from concordat.safe import personal_data

    name = "".join(c if c.isprintable() else " " for c in _folder_name(folder))
    if personal_data(name):  # a folder named after a person's NHS number, email or phone
        return "Your area"  # would write it into files meant to be published
    words = name.replace("-", " ").replace("_", " ").split()
    return " ".join(w[:1].upper() + w[1:] for w in words) or "Your area"


def yaml_text(text: str) -> str:
    """``text`` as a YAML value that reads back as exactly that text: as it is when YAML
    reads it so (``West Sussex``), else double-quoted (``"A #1"``, ``"Null"``, ``"[x"``).
    ``text`` holds only printable characters (:func:`area_name`)."""
    import yaml

    try:
        plain = yaml.safe_load(f"area: {text}\n") == {"area": text}
    except yaml.YAMLError:
        plain = False
    if plain and re.fullmatch(r"[^\W_][\w .'()]*", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _public(url: str) -> bool:
    """An https address with no credentials in it: one a CI runner can clone as written."""
    parts = urlparse(url)
    return parts.scheme == "https" and bool(parts.hostname) and "@" not in parts.netloc


def _is_commit(text: str) -> bool:
    return re.fullmatch(r"[0-9a-f]{40}", text) is not None


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10, check=True
    )
    return done.stdout.strip()


def _clone_source(folder: Path) -> Source | None:
    """A clone's origin and its HEAD, if origin has a public address and HEAD was pushed."""
    try:
        url = _git(folder, "remote", "get-url", "origin")
        commit = _git(folder, "rev-parse", "HEAD")
        pushed = _git(folder, "branch", "--remotes", "--contains", commit)
    except (OSError, subprocess.SubprocessError):
        return None
    scp = re.fullmatch(r"git@([\w.-]+):(.+)", url)  # git@github.com:org/repo.git
    if scp:
        url = f"https://{scp[1]}/{scp[2]}"
    if _public(url) and _is_commit(commit) and pushed:
        return Source(url, commit)
    return None


def installed_source() -> Source | None:
    """Where the running concordat was installed from, if that is a public git repository.

    pip records it in the distribution's ``direct_url.json`` (PEP 610): a git install names
    the repository and the exact commit; a local folder may be a clone whose origin is one.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution(DIST_NAME).read_text("direct_url.json")
        info = json.loads(text or "{}")
    except (PackageNotFoundError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    url, vcs = str(info.get("url", "")), info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git":
        commit = str(vcs.get("commit_id", ""))
        return Source(url, commit) if _public(url) and _is_commit(commit) else None
    if "dir_info" in info and url.startswith("file://"):
        return _clone_source(Path(unquote(urlparse(url).path)))
    return None


def _requirement(source: Source) -> str:
    return f"{DIST_NAME} @ git+{source.url}@{source.commit}"


def _signatories(area: str) -> str:
    sectors = ", ".join(s.value for s in Sector)
    return f"""\
# yaml-language-server: $schema=schema/signatories.schema.json
# The organisations in the {area} Mental Health Crisis Care Concordat partnership.
# One entry per organisation; commitments.yaml refers to them by id. Check with:
#   concordat validate
area: {yaml_text(area)}
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


def pre_commit_config(source: Source = UNKNOWN) -> str:
    return f"""\
# Check the partnership's files before every commit. Once per machine:
#   python -m pip install pre-commit      (or: pipx install pre-commit)
# then, in this repository, `pre-commit install`. pre-commit installs concordat itself, at the
# commit below, and runs it once per commit over the whole area when a data file changes.
# `pre-commit autoupdate` moves rev to concordat's newest release tag (or newest commit).
repos:
  - repo: {source.url}
    rev: {source.commit}
    hooks:
      - id: concordat-validate
"""


def workflow(source: Source = UNKNOWN) -> str:
    return f"""\
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
        with:
          fetch-depth: 0  # the whole history: P008, concordat history and changes read it
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install concordat
        # The same commit as rev in .pre-commit-config.yaml: move them together.
        run: python -m pip install "{_requirement(source)}"
      - name: Check the partnership's files
        run: concordat validate .
      # The board pack for the public (concordat report): to publish it on GitHub Pages,
      # set Settings > Pages > Source to "GitHub Actions", then remove the # from these
      # lines and from the publish job below. It is written from the main branch only.
      # - name: Write the board pack
      #   if: github.ref == 'refs/heads/main'
      #   run: concordat report . -o site/index.html
      # - uses: actions/upload-pages-artifact@v3
      #   if: github.ref == 'refs/heads/main'
      #   with:
      #     path: site/

  # publish:
  #   needs: validate
  #   if: github.ref == 'refs/heads/main'
  #   runs-on: ubuntu-latest
  #   permissions:
  #     pages: write
  #     id-token: write
  #   environment:
  #     name: github-pages
  #   steps:
  #     - uses: actions/deploy-pages@v4
"""


def _readme(area: str, source: Source) -> str:
    return f"""\
# {area} Mental Health Crisis Care Concordat partnership

This repository holds the partnership's declaration and action plan, so that every partner can
see who owns each commitment, what is late and what has been delivered.

- `signatories.yaml`: the organisations that signed, and those that left.
- `commitments.yaml`: the action plan: each commitment's owner, partners, due date, status,
  measures and dated updates.
- `concordat.toml`: settings for the checks.

Get the `concordat` command once, with Python 3.11 or newer and pipx (or uv: `uv tool install`
takes the same argument); it is the version CI uses:

    pipx install "{_requirement(source)}"

See who owns what:

    concordat status

Check the files after editing them (CI runs the same check on every change):

    concordat validate

Partnership data is published for accountability: describe services, never people. Never
write a patient's name, NHS number, date of birth or contact details in these files.
"""


def files(folder: Path, source: Source = UNKNOWN) -> dict[Path, str]:
    area = area_name(folder)
    out = {
        folder / "signatories.yaml": _signatories(area),
        folder / "commitments.yaml": _commitments(),
        folder / CONFIG_FILE: _config(),
        folder / ".pre-commit-config.yaml": pre_commit_config(source),
        folder / ".github" / "workflows" / "concordat.yml": workflow(source),
        folder / "README.md": _readme(area, source),
    }
    for name, text in schema_texts().items():
        out[folder / "schema" / name] = text
    return out


def fill_ins(path: Path, text: str) -> list[FillIn]:
    """Every placeholder in a written file, in the order a reader meets them."""
    return [
        FillIn(path, number, placeholder)
        for number, line in enumerate(text.splitlines(), start=1)
        for placeholder in PLACEHOLDERS
        if placeholder in line
    ]


def scaffold(folder: Path) -> Outcome:
    """Write every starter file that does not exist yet.

    Raises :class:`concordat.files.Refused`, before writing anything, when a file would be
    written through a link that leaves ``folder`` or loops, or ``folder`` is a link. A write
    that fails stops the run: the outcome's failure says where, and what was not created.
    """
    source = installed_source()
    planned = files(folder, source or UNKNOWN)
    for path in planned:
        check_inside(folder, path)
    created: list[Path] = []
    skipped: list[Path] = []
    todo: list[FillIn] = []
    failure: Failure | None = None
    for path, text in planned.items():
        if os.path.lexists(path):  # a link too, even a broken one: never replaced
            skipped.append(path)
        elif failure is not None:
            failure = Failure(failure.path, failure.reason, (*failure.not_created, path))
        else:
            try:
                write_atomic(path, text, inside=folder)
            except OSError as error:
                failure = Failure(path, error.strerror or str(error), (path,))
            except Refused as error:  # a link that appeared while init was writing
                failure = Failure(path, f"{error.path} {error.reason}", (path,))
            else:
                created.append(path)
                todo += fill_ins(path, text)
    return Outcome(tuple(created), tuple(skipped), tuple(todo), source, failure)


def why_skipped(path: Path) -> str:
    """Why init left ``path`` alone, in its line ``skipped  PATH (...)``: a file, a folder
    or a link of that name is there, and init never replaces anything."""
    if path.is_symlink():
        return "a link of that name exists; init never replaces it, nor writes through it"
    if path.is_dir():
        return "it is a folder; init writes this file only where nothing of its name exists"
    return "it exists; init never replaces a file"


def closing(folder: Path, outcome: Outcome) -> list[str]:
    """What `concordat init` says last: each value to fill in, at its places, then what next."""
    lines: list[str] = []
    if outcome.fill_ins:
        lines.append(
            "fill in what init could not know (concordat was not installed from a git "
            "repository with a public https address):"
        )
        for placeholder, what in PLACEHOLDERS.items():
            places = [f for f in outcome.fill_ins if f.placeholder == placeholder]
            if places:
                lines.append(f"  {what}, in place of {placeholder}:")
                lines += [f"    {f.path}:{f.line}" for f in places]
    elif outcome.source and outcome.created:
        lines.append(
            f"CI and pre-commit install concordat from {outcome.source.url} at commit "
            f"{outcome.source.commit[:12]}"
        )
    if outcome.created and outcome.failure is None:
        lines.append(
            f"next: add your organisations to {folder / 'signatories.yaml'}, then run "
            f"concordat validate {folder}"
        )
    return lines
