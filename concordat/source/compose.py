"""Safe YAML reading that keeps the line and column of every value.

The file is composed into a node tree (libyaml's C composer when present), never constructed,
so no YAML 1.1 type guessing happens and no tag can run code. The tree is then turned into
plain Python data in which every scalar is the text the author wrote (or ``None`` for an empty
value); the pydantic models type each value by its field, so ``id: 2.10`` stays ``"2.10"`` and
``name: no`` stays ``"no"``. The node tree is kept so any error can be traced back to its place.
"""

from __future__ import annotations

import codecs
import gc
import operator
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.diagnostics import Diagnostic, Position
from concordat.layout import MAX_FILE_BYTES

try:
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


#: Real data nests about six levels deep; anything past this is hostile or broken.
MAX_DEPTH = 64
#: Below this bound on nesting the C composer is safe to call directly (it recurses on the
#: C stack and crashes on tens of thousands of levels).
_CHEAP_DEPTH_BOUND = 4000

_TAG = "tag:yaml.org,2002:"
_NULL = _TAG + "null"
_MERGE = _TAG + "merge"
_SCALAR_TAGS = frozenset(
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")
)
_MAP_TAG = _TAG + "map"
_SEQ_TAG = _TAG + "seq"
_STR = _TAG + "str"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
#: The tag _QuickLoader gives every node (no tag was written); never a real tag's name.
_IMPLICIT = ""
#: Plain scalars Loader.resolve does not tag as text.
_PLAIN_SPECIAL = _NULL_WORDS | {"<<"}


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
                if value in _NULL_WORDS:
                    return _NULL
                if value == "<<":
                    return _MERGE
            return _STR
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


class _QuickLoader(Loader):
    """The Loader for files with no tags in them, which is nearly every file.

    ``resolve`` is still one Python call per node. A file without a "!" holds no tag at all,
    so every node's tag would come from ``resolve``: here it is a C built-in that returns ""
    for every node, and :class:`_Plain` tells a null from text by the node's style (a null is
    an unquoted ~, null or nothing) and a merge key by its plain ``<<``. The one case style
    cannot decide is the non-specific tag ``!``: libyaml resolves ``! 'null'`` as if it were
    unquoted, so it is a null although quoted. A file holding one contains "!", so it goes to
    the exact Loader.
    """

    resolve = staticmethod(_IMPLICIT.format)  # "".format(kind, value, implicit) == ""


def _loader(text: str) -> type[Loader]:
    return Loader if "!" in text else _QuickLoader


_UTF16_32_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def position(node: Node) -> Position:
    start, end = node.start_mark, node.end_mark
    return Position(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def offset_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Position(line, column)


def _byte_position(data: bytes, offset: int) -> Position:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return Position(line, column)


def _describe_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


@dataclass
class SourceFile:
    """One YAML file: its plain data, its node tree, and what went wrong reading it."""

    path: Path
    name: str  # the path shown to people, relative to where concordat was run
    root: Node | None = None
    data: Any = None
    #: The decoded text (without a byte-order mark), for checks that search the source.
    text: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: True when a syntax error was recovered from: some items of the file are missing.
    partial: bool = False
    #: The ids written in items that could not be parsed (found by a plain text search).
    unparsed_ids: set[str] = field(default_factory=set)

    def problem(
        self, code: str, message: str, where: Position | None, hint: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic.at(code, message, self.name, where, hint))

    # -- finding nodes again -------------------------------------------------------------
    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Position | None:
        """The position of the value at ``path`` (or of its key), or its nearest ancestor."""
        if self.root is None:
            return None
        return position(locate(self.root, path, key=key))


def locate(node: Node, path: Sequence[str | int], *, key: bool = False) -> Node:
    """Walk ``path`` (mapping keys and list indexes) from ``node`` as far as it exists."""
    last = len(path) - 1
    for i, step in enumerate(path):
        if isinstance(node, MappingNode) and isinstance(step, str):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    node = k if (key and i == last) else v
                    break
            else:
                return node
        elif isinstance(node, SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large tree of objects is being built.

    Composing YAML creates hundreds of thousands of nodes and none of them form cycles, but
    each allocation counts towards the collector's thresholds, so it runs over and over on a
    growing heap: that is three quarters of the time of composing a large file. Reference
    counting still frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read(path: Path, name: str, within: Path | None = None) -> SourceFile:
    """Read one YAML file. Never raises for bad content: problems become diagnostics.

    With ``within``, a file that is a symbolic link to somewhere outside that folder is
    refused: a data file must not be a way to read other files on the machine.
    """
    source = SourceFile(path, name)
    if within is not None and not _inside(path, within):
        source.problem(
            "F002",
            f"{name} is a symbolic link to a file outside the area folder",
            None,
            "replace the link with the file itself",
        )
        return source
    text = _read_text(source)
    if text is None:
        return source
    source.text = text
    root = _compose(source, text) or source.root
    if root is None:
        return source
    source.root = root
    source.data = _Plain(source).convert(root, 0)
    return source


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _read_text(source: SourceFile) -> str | None:
    path = source.path
    try:
        if not path.is_file():
            if path.is_symlink() and not path.exists():
                what = "a symbolic link to a file that does not exist"
            else:
                what = "a folder" if path.is_dir() else "not a regular file"
            source.problem("F002", f"cannot read {source.name}: it is {what}", None)
            return None
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.problem(
                "F005",
                f"{source.name} is {size / 1048576:.1f} MB; concordat reads files up to "
                f"{MAX_FILE_BYTES // 1048576} MB",
                None,
                "split commitments into several files in a commitments/ folder",
            )
            return None
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        source.problem("F002", f"cannot read {source.name}: {reason}", None)
        return None
    for bom, encoding in _UTF16_32_BOMS:
        if data.startswith(bom):
            source.problem(
                "F003",
                f"{source.name} is {encoding} text; concordat reads UTF-8",
                Position(1, 1),
                "save the file as UTF-8 in your editor",
            )
            return None
    nul = data.find(b"\x00")
    if nul >= 0:
        source.problem(
            "F004",
            "the file contains a NUL byte: it is binary, not YAML text",
            _byte_position(data, nul),
            "check the right file was saved here",
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        source.problem(
            "F003",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8",
            _byte_position(data, error.start),
            "save the file as UTF-8 in your editor",
        )
        return None
    return text.removeprefix("\ufeff")


def _compose(source: SourceFile, text: str) -> Node | None:
    if _nesting_bound(text) >= _CHEAP_DEPTH_BOUND and not _depth_ok(source, text):
        return None
    if "*" in text and not _aliases_ok(source, text):
        return None
    try:
        node: Node | None = yaml.compose(text, Loader=_loader(text))
    except yaml.reader.ReaderError as error:
        where = offset_position(text, error.position)
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        source.problem(
            "Y001",
            f"{char} is a control character, which YAML does not allow",
            where,
            "delete it; it was probably pasted in by accident",
        )
        return None
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error) and not _depth_ok(source, text):
            return None  # libyaml's own limit on nesting, met before concordat's
        if isinstance(error, yaml.composer.ComposerError) or not _recover(source, text):
            _syntax_problem(source, text, error)
        return None
    if node is None:
        source.problem(
            "Y006",
            "the file is empty" if not text.strip() else "the file holds only comments",
            Position(1, 1),
        )
    return node


_TOP_KEY = re.compile(r"^[^\s#\-][^:#]*:(\s|$)")
_ITEM = re.compile(r"^( *)- ")
_ID_LINE = re.compile(r"^ *(?:- +)?id: *['\"]?([^'\"\s#,}]+)")


def _recover(source: SourceFile, text: str) -> bool:
    """After a syntax error, read each item of a top-level list on its own.

    A broken commitment then costs only itself: its syntax error is reported at its place and
    every other item is still read and checked. Lines keep their numbers because each part is
    parsed padded with blank lines. Returns False when the file's shape is not a top-level
    mapping of lists, so the caller reports the original error instead.
    """
    lines = text.split("\n")
    header = list(lines)
    chunks: list[tuple[str, int, int]] = []  # (list key, first line, end line)
    key: str | None = None
    indent: int | None = None
    for number, line in enumerate(lines):
        if _TOP_KEY.match(line):
            key, indent = line.split(":", 1)[0].strip(), None
            continue
        match = _ITEM.match(line)
        if key is None or match is None:
            continue
        if indent is None:
            indent = len(match.group(1))
        if len(match.group(1)) == indent:
            if chunks and chunks[-1][0] == key and chunks[-1][2] == -1:
                chunks[-1] = (key, chunks[-1][1], number)
            chunks.append((key, number, -1))
    if not chunks:
        return False
    # close the last chunk of each key at the next top-level line, or at the end
    closed: list[tuple[str, int, int]] = []
    for index, (chunk_key, first, end) in enumerate(chunks):
        if end == -1:
            end = next(
                (n for n in range(first + 1, len(lines)) if _TOP_KEY.match(lines[n])),
                len(lines),
            )
            if index + 1 < len(chunks) and chunks[index + 1][1] < end:
                end = chunks[index + 1][1]
        closed.append((chunk_key, first, end))
    for _, first, end in closed:
        header[first:end] = [""] * (end - first)
    try:
        root = yaml.compose("\n".join(header), Loader=Loader)
    except yaml.YAMLError:
        return False
    if not isinstance(root, MappingNode):
        return False
    items: dict[str, list[Node]] = {chunk_key: [] for chunk_key, _, _ in closed}
    problems_before = len(source.diagnostics)
    for chunk_key, first, end in closed:
        padded = "\n" * first + "\n".join(lines[first:end])
        try:
            node = yaml.compose(padded, Loader=Loader)
        except yaml.MarkedYAMLError as error:
            _syntax_problem(source, padded, error)
            source.unparsed_ids.update(
                m.group(1) for m in map(_ID_LINE.match, lines[first:end]) if m
            )
            continue
        except yaml.YAMLError:
            continue
        if isinstance(node, SequenceNode):
            items[chunk_key].extend(node.value)
    if len(source.diagnostics) == problems_before:
        return False  # the error lies between items: report it as the whole file saw it
    for index, (key_node, value_node) in enumerate(root.value):
        if isinstance(key_node, ScalarNode) and key_node.value in items:
            found = items[key_node.value]
            start = found[0].start_mark if found else value_node.start_mark
            end_mark = found[-1].end_mark if found else value_node.end_mark
            root.value[index] = (key_node, SequenceNode(_SEQ_TAG, found, start, end_mark))
    source.root = root
    source.partial = True
    return True


def _syntax_problem(source: SourceFile, text: str, error: yaml.MarkedYAMLError) -> None:
    mark = error.problem_mark or error.context_mark
    where = Position(mark.line + 1, mark.column + 1) if mark else None
    problem = (error.problem or "invalid YAML").strip()
    if isinstance(error, yaml.composer.ComposerError) and "another document" in problem:
        source.problem(
            "Y004",
            "a second YAML document starts here; a data file holds one document",
            where,
            "remove the '---' line, or move the second part to its own file",
        )
        return
    hint = None
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only: replace the tab with spaces"
    elif error.context:
        context = error.context.strip()
        if error.context_mark is not None and error.context_mark is not mark:
            context += f" started on line {error.context_mark.line + 1}"
        problem = f"{problem} ({context})"
    source.problem("Y001", problem, where, hint or _syntax_hint(error))


_UNCLOSED = (("flow sequence", "'['"), ("flow mapping", "'{'"), ("quoted", "quote"))


def _syntax_hint(error: yaml.MarkedYAMLError) -> str | None:
    """What usually causes this parser error, in a coordinator's words."""
    context, problem = error.context or "", error.problem or ""
    if error.context_mark is not None:
        for what, thing in _UNCLOSED:
            if what in context:
                return f"the {thing} opened on line {error.context_mark.line + 1} is not closed"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, or a key is indented wrongly"
    if "could not find expected ':'" in problem:
        return "check this line is a 'key: value' pair at the right indentation"
    return None


def _nesting_bound(text: str) -> int:
    """A cheap upper bound on how deeply the YAML in ``text`` can nest."""
    if len(text) < _CHEAP_DEPTH_BOUND:
        return len(text)
    longest = max(map(len, text.split("\n")))
    return text.count("[") + text.count("{") + longest


def _depth_ok(source: SourceFile, text: str) -> bool:
    """Measure nesting with libyaml's iterative parser before the recursive composer runs.

    libyaml 0.2.6 and later refuse more than 1000 levels in their scanner, which looks ahead
    past the whole nest before the parser yields an event; PyYAML's own parser reads lazily,
    so it finds the place where the nesting passes concordat's limit.
    """
    try:
        return _depth_within_limit(source, text, Loader)
    except yaml.YAMLError as error:
        if "nesting depth" not in str(error):
            return True  # the composer reports the syntax error at its place
    try:
        return _depth_within_limit(source, text, yaml.SafeLoader)
    except yaml.YAMLError:
        return True


def _depth_within_limit(source: SourceFile, text: str, loader: type) -> bool:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                source.problem(
                    "Y009",
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    Position(mark.line + 1, mark.column + 1) if mark else None,
                    "a concordat file nests about six levels; check the indentation",
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


def _aliases_ok(source: SourceFile, text: str) -> bool:
    """Refuse aliases: they can expand a small file into gigabytes ("billion laughs")."""
    found = False
    try:
        for token in yaml.scan(text, Loader=Loader):
            if isinstance(token, yaml.AliasToken):
                found = True
                mark = token.start_mark
                source.problem(
                    "Y005",
                    f"alias '*{token.value}' is not allowed",
                    Position(mark.line + 1, mark.column + 1),
                    "write the value out in full where it is needed",
                )
    except yaml.YAMLError:
        return True  # the composer reports the syntax error at its place
    return not found


class _Plain:
    """Turns a node tree into plain data: dicts, lists, text and None."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if not tag:  # _QuickLoader's "": no tag was written (nearly every scalar)
            if node.style or node.value not in _PLAIN_SPECIAL:  # quoted, or plain text
                return node.value
            if node.value == "<<":  # a merge key out of place: tag it as Loader would
                node.tag = _MERGE
                return self.scalar(node)
            return None
        if tag is _STR:  # what Loader.resolve gives every plain or quoted text
            return node.value
        if tag == _NULL:
            return None
        if tag not in _SCALAR_TAGS:
            self._tag_problem(node)
        return node.value

    def convert(self, node: Node, depth: int) -> Any:
        # This runs once per node of every file, so plain text (nearly every scalar) is taken
        # inline in mapping values and list items; anything else goes through scalar().
        if type(node) is ScalarNode:
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            self.source.problem(
                "Y009",
                f"the data is nested more than {MAX_DEPTH} levels deep",
                position(node),
                "a concordat file nests about six levels; check the indentation",
            )
            return None
        deeper = depth + 1
        if type(node) is SequenceNode:
            if node.tag and node.tag != _SEQ_TAG:
                self._tag_problem(node)
            return [
                (
                    item.value
                    if type(item) is ScalarNode
                    and not item.tag
                    and (item.style or item.value not in _PLAIN_SPECIAL)
                    else self.convert(item, deeper)
                )
                for item in node.value
            ]
        assert isinstance(node, MappingNode)
        if node.tag and node.tag != _MAP_TAG:
            self._tag_problem(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                kind = "list" if isinstance(key_node, SequenceNode) else "mapping"
                self.source.problem(
                    "Y008",
                    f"a {kind} is used as a key; keys must be plain text",
                    position(key_node),
                )
                continue
            key = key_node.value
            if key == "<<" and (key_node.tag == _MERGE or not (key_node.tag or key_node.style)):
                self.source.problem(
                    "Y005",
                    "merge key '<<' is not allowed",
                    position(key_node),
                    "write the fields out in full",
                )
                continue
            if key in result:
                self._duplicate(node, key_node)
                continue
            if type(value_node) is not ScalarNode:
                result[key] = self.convert(value_node, deeper)
            elif value_node.tag or (not value_node.style and value_node.value in _PLAIN_SPECIAL):
                result[key] = self.scalar(value_node)  # a tag, a null or a stray <<
            else:
                result[key] = value_node.value  # text: nearly every value
        return result

    def _duplicate(self, mapping: MappingNode, repeat: Node) -> None:
        first = next(
            k for k, _ in mapping.value if type(k) is ScalarNode and k.value == repeat.value
        )
        line = first.start_mark.line + 1
        self.source.problem(
            "Y002",
            f"duplicate key '{repeat.value}': it is already set on line {line}",
            position(repeat),
            "YAML keeps only one of the two values: delete or rename one",
        )

    def _tag_problem(self, node: Node) -> None:
        self.source.problem(
            "Y003",
            f"tag '{_describe_tag(node.tag)}' is not allowed",
            position(node),
            "remove the tag: concordat files hold plain text, numbers, dates, lists and mappings",
        )
