"""A node tree to plain data: dicts, lists, text and None, with YAML's traps reported.

Every scalar becomes the text the author wrote (or ``None`` for an empty value); the pydantic
models type each value by its field, so ``id: 2.10`` stays ``"2.10"`` and ``name: no`` stays
``"no"``. Duplicate keys, tags, merge keys, keys that are lists or mappings and nesting past
:data:`MAX_DEPTH` are reported at their place as the tree is converted.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from concordat.source.compose import (
    MAP_TAG,
    MAX_DEPTH,
    MERGE,
    NULL,
    PLAIN_SPECIAL,
    SCALAR_TAGS,
    SEQ_TAG,
    STR,
    describe_tag,
)
from concordat.source.file import SourceFile, position


def to_plain(source: SourceFile, root: Node) -> Any:
    """The plain data of ``root``; problems found on the way go to ``source``."""
    return _Plain(source).convert(root, 0)


class _Plain:
    """Turns a node tree into plain data: dicts, lists, text and None."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if not tag:  # _QuickLoader's "": no tag was written (nearly every scalar)
            if node.style or node.value not in PLAIN_SPECIAL:  # quoted, or plain text
                return node.value
            if node.value == "<<":  # a merge key out of place: tag it as Loader would
                node.tag = MERGE
                return self.scalar(node)
            return None
        if tag is STR:  # what Loader.resolve gives every plain or quoted text
            return node.value
        if tag == NULL:
            return None
        if tag not in SCALAR_TAGS:
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
            if node.tag and node.tag != SEQ_TAG:
                self._tag_problem(node)
            return [
                (
                    item.value
                    if type(item) is ScalarNode
                    and not item.tag
                    and (item.style or item.value not in PLAIN_SPECIAL)
                    else self.convert(item, deeper)
                )
                for item in node.value
            ]
        assert isinstance(node, MappingNode)
        if node.tag and node.tag != MAP_TAG:
            self._tag_problem(node)
        result: dict[str, Any] = {}
        repeats: _Repeats | None = None  # made at the first repeated key: most maps have none
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
            if key == "<<" and (key_node.tag == MERGE or not (key_node.tag or key_node.style)):
                self.source.problem(
                    "Y005",
                    "merge key '<<' is not allowed",
                    position(key_node),
                    "write the fields out in full",
                )
                continue
            if key in result:
                repeats = repeats or _Repeats(self.source, node)
                repeats.keys.append(key_node)
                continue
            if type(value_node) is not ScalarNode:
                result[key] = self.convert(value_node, deeper)
            elif value_node.tag or (not value_node.style and value_node.value in PLAIN_SPECIAL):
                result[key] = self.scalar(value_node)  # a tag, a null or a stray <<
            else:
                result[key] = value_node.value  # text: nearly every value
        if repeats is not None:
            repeats.report()
        return result

    def _tag_problem(self, node: Node) -> None:
        self.source.problem(
            "Y003",
            f"tag '{describe_tag(node.tag)}' is not allowed",
            position(node),
            "remove the tag: concordat files hold plain text, numbers, dates, lists and mappings",
        )


class _Repeats:
    """The keys written twice in one mapping. A repeated 'id', or three or more repeated
    keys, is a new item whose '- ' (or '- id:' line) is missing, and is said once; one or
    two repeats are each a duplicate key."""

    def __init__(self, source: SourceFile, mapping: MappingNode) -> None:
        self.source = source
        self.first: dict[str, Node] = {}
        for key_node, _ in mapping.value:
            if type(key_node) is ScalarNode:
                self.first.setdefault(key_node.value, key_node)
        self.keys: list[ScalarNode] = []

    def report(self) -> None:
        ids = [k for k in self.keys if k.value == "id"]
        if ids or len(self.keys) >= 3:
            start = ids[0] if ids else self.keys[0]
            line = self.first[start.value].start_mark.line + 1
            names = ", ".join(dict.fromkeys(k.value for k in self.keys[:4]))
            self.source.problem(
                "Y002",
                f"a new item starts here without its '- ', so YAML reads it as more of the "
                f"item that starts on line {line}"
                if ids
                else f"the fields from here repeat those of the item above ({names}): it "
                "looks like a new item whose '- ' line is missing",
                position(start),
                "write '- ' before 'id:', lined up with the '- ' of the other items"
                if ids
                else "start the new item with '- ' lined up with the '- ' of the other items "
                "(and give it its 'id:', if the list's items have one)",
            )
            return
        for repeat in self.keys:
            line = self.first[repeat.value].start_mark.line + 1
            self.source.problem(
                "Y002",
                f"duplicate key '{repeat.value}': it is already set on line {line}",
                position(repeat),
                "YAML keeps only one of the two values: delete or rename one",
            )
