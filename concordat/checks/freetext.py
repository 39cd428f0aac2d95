"""Which values in a file are free text: everything but ids, vocabulary words, dates,
numbers and links. The privacy guard searches them, and a comment inside one is a warning."""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Values of these keys are ids, vocabulary words, dates, numbers or links, not free text.
STRUCTURED_KEYS = frozenset(
    {
        "id", "owner", "partners", "by", "successor", "sector", "role", "theme", "status",
        "date", "signed", "left", "start", "due", "value", "code", "url", "evidence", "links",
    }
)  # fmt: skip


def free_text(root: Node) -> Iterator[ScalarNode]:
    """Every scalar that is not the value of a structured key, in the order written.

    A walk with a stack of its own, not recursion: the tree may be nested far deeper than
    Python's recursion limit before any check has refused it.
    """
    todo: list[tuple[Node, str | None]] = [(root, None)]
    while todo:
        node, key = todo.pop()
        if isinstance(node, ScalarNode):
            if key not in STRUCTURED_KEYS:
                yield node
        elif isinstance(node, SequenceNode):
            todo.extend((item, key) for item in reversed(node.value))
        elif isinstance(node, MappingNode):
            todo.extend(
                (v, k.value if isinstance(k, ScalarNode) else None) for k, v in reversed(node.value)
            )
