"""YAML text to a node tree, safely: libyaml's composer with guards before and after it.

The file is composed into a node tree (libyaml's C composer when present), never constructed,
so no YAML 1.1 type guessing happens and no tag can run code. Before composing, nesting too
deep for the composer's recursion and aliases that could expand without bound are refused;
a syntax error is raised to the caller (which may recover item by item) after it has been put
into a coordinator's words by :func:`syntax_problem`.
"""

from __future__ import annotations

import operator
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode, SequenceNode

from concordat.diagnostics import Position
from concordat.source import syntax
from concordat.source.file import SourceFile, editor_mark, line_starts, offset_position

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


#: Real data nests about six levels deep; anything past this is hostile or broken.
MAX_DEPTH = 64
#: Below this bound on nesting the C composer is safe to call directly (it recurses on the
#: C stack and crashes on tens of thousands of levels).
_CHEAP_DEPTH_BOUND = 4000

TAG = "tag:yaml.org,2002:"
NULL = TAG + "null"
MERGE = TAG + "merge"
SCALAR_TAGS = frozenset(
    TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")
)
MAP_TAG = TAG + "map"
SEQ_TAG = TAG + "seq"
STR = TAG + "str"
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
#: The tag _QuickLoader gives every node (no tag was written); never a real tag's name.
IMPLICIT = ""
#: Plain scalars Loader.resolve does not tag as text.
PLAIN_SPECIAL = NULL_WORDS | {"<<"}


class Loader(_Base):  # type: ignore[misc]
    """libyaml's safe composer with a resolver that does only what concordat needs.

    PyYAML's resolver runs YAML 1.1's regular expressions on every plain scalar (to guess
    ints, floats, bools, timestamps) in Python, which is half the time of composing a file.
    concordat types values by the schema instead, so only nulls and merge keys matter here.
    """

    # Path-based resolvers are never registered, so their bookkeeping is skipped. The composer
    # calls these two hooks for every node: C built-ins that take the same arguments and do
    # nothing cost a fraction of a Python function call.
    descend_resolver = staticmethod(operator.is_)
    ascend_resolver = staticmethod(tuple)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if value in NULL_WORDS:
                    return NULL
                if value == "<<":
                    return MERGE
            return STR
        return SEQ_TAG if kind is SequenceNode else MAP_TAG


class _QuickLoader(Loader):
    """The Loader for files with no tags in them, which is nearly every file.

    ``resolve`` is still one Python call per node. A file without a "!" holds no tag at all,
    so every node's tag would come from ``resolve``: here it is a C built-in that returns ""
    for every node, and :mod:`concordat.source.plain` tells a null from text by the node's
    style (a null is an unquoted ~, null or nothing) and a merge key by its plain ``<<``. The
    one case style cannot decide is the non-specific tag ``!``: libyaml resolves ``! 'null'``
    as if it were unquoted, so it is a null although quoted. A file holding one contains "!",
    so it goes to the exact Loader.
    """

    resolve = staticmethod(IMPLICIT.format)  # "".format(kind, value, implicit) == ""


def loader_for(text: str) -> type[Loader]:
    return Loader if "!" in text else _QuickLoader


def describe_tag(tag: str) -> str:
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


def compose(source: SourceFile, text: str, first_line: int = 0) -> Node | None:
    """The node tree of ``text``, or None when it is refused or empty (reported in ``source``).

    ``text`` is the file, or one part of it that starts ``first_line`` lines into the file
    (positions in problems count from the file's start; the nodes' own marks do not).
    Raises :class:`yaml.MarkedYAMLError` for a syntax error, unreported: the caller may read
    the file's items one by one instead (:mod:`concordat.source.recover`).
    """
    if _nesting_bound(text) >= _CHEAP_DEPTH_BOUND and not _depth_ok(source, text, first_line):
        return None
    if "*" in text and not _aliases_ok(source, text, first_line):
        return None
    try:
        node: Node | None = yaml.compose(text, Loader=loader_for(text))
    except yaml.reader.ReaderError as error:
        where = offset_position(text, _reader_offset(text, error))
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        source.problem(
            "Y001",
            f"{char} is a control character, which YAML does not allow",
            Position(where.line + first_line, where.column),
            "delete it; it was probably pasted in by accident",
        )
        return None
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error) and not _depth_ok(source, text, first_line):
            return None  # libyaml's own limit on nesting, met before concordat's
        raise
    if node is None:
        source.problem(
            "Y006",
            "the file is empty" if not text.strip() else "the file holds only comments",
            Position(1, 1),
        )
    return node


def _reader_offset(text: str, error: yaml.reader.ReaderError) -> int:
    """Where in ``text`` the character the reader refused is. libyaml gives the offset in
    bytes of UTF-8, not in characters, so after any accented letter it points too far on; the
    reader stops at the first such character, so it is the first of its kind in the text."""
    if isinstance(error.character, int):
        found = text.find(chr(error.character))
        if found >= 0:
            return found
    return min(max(int(error.position), 0), len(text))


def _at(mark: Any, first_line: int, starts: list[int]) -> Position:
    """A mark of the text whose ``line_starts`` are ``starts`` (``first_line`` lines into
    the file) as a position in the file, its line counted as an editor counts lines."""
    placed = editor_mark(mark, starts)
    return Position(placed.line + 1 + first_line, placed.column + 1)


def syntax_problem(
    source: SourceFile, text: str, error: yaml.MarkedYAMLError, first_line: int = 0
) -> None:
    """Report a syntax error in plain words, at the mistake. ``text`` is what was parsed: the
    file, or the part of it that starts ``first_line`` lines into the file."""
    problem = (error.problem or "").strip()
    starts = line_starts(text)
    if isinstance(error, yaml.composer.ComposerError) and "another document" in problem:
        mark = error.problem_mark or error.context_mark
        source.problem(
            "Y004",
            "a second YAML document starts here; a data file holds one document",
            _at(mark, first_line, starts) if mark else None,
            "remove the '---' line, or move the second part to its own file",
        )
        return
    for name in ("problem_mark", "context_mark"):  # lines as an editor counts them
        mark = getattr(error, name)
        if mark is not None:
            setattr(error, name, editor_mark(mark, starts))
    explained = syntax.explain(text, error, first_line)
    source.problem("Y001", explained.message, explained.where, explained.hint)


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on how deeply the YAML in ``text`` can nest."""
    if len(text) < _CHEAP_DEPTH_BOUND:
        return len(text)
    longest = max(map(len, text.split("\n")))
    return text.count("[") + text.count("{") + longest


def _depth_ok(source: SourceFile, text: str, first_line: int) -> bool:
    """Measure nesting with libyaml's iterative parser before the recursive composer runs.

    libyaml 0.2.6 and later refuse more than 1000 levels in their scanner, which looks ahead
    past the whole nest before the parser yields an event; PyYAML's own parser reads lazily,
    so it finds the place where the nesting passes concordat's limit.
    """
    try:
        return _depth_within_limit(source, text, Loader, first_line)
    except yaml.YAMLError as error:
        if "nesting depth" not in str(error):
            return True  # the composer reports the syntax error at its place
    try:
        return _depth_within_limit(source, text, yaml.SafeLoader, first_line)
    except yaml.YAMLError:
        return True


def _depth_within_limit(source: SourceFile, text: str, loader: type, first_line: int) -> bool:
    depth = 0
    starts = line_starts(text)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                source.problem(
                    "Y009",
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    _at(event.start_mark, first_line, starts) if event.start_mark else None,
                    "a concordat file nests about six levels; check the indentation",
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _aliases_ok(source: SourceFile, text: str, first_line: int) -> bool:
    """Refuse aliases: they can expand a small file into gigabytes ("billion laughs").

    The scan stops at a syntax error and then vouches for nothing: the composer reports the
    error, and the file's items are each scanned again as they are read one by one.
    """
    try:
        aliases = [t for t in yaml.scan(text, Loader=Loader) if isinstance(t, yaml.AliasToken)]
    except yaml.YAMLError:
        return True
    starts = line_starts(text) if aliases else []
    for token in aliases:
        source.problem(
            "Y005",
            f"alias '*{token.value}' is not allowed",
            _at(token.start_mark, first_line, starts),
            "write the value out in full where it is needed",
        )
    return not aliases
