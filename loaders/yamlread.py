"""YAML (or JSON) to plain Python, remembering the line of every mapping key and list item.

PyYAML's composer keeps each node's position; building the values ourselves from those nodes
keeps a path -> line table, so a problem found later (by pydantic or by a check) can name the
line it comes from.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, fix: str, path: Path = ()) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.fix = fix
        self.path = path


# Aliases let a small document stand for a huge one ("billion laughs"); what is built and then
# validated is the expanded document, so its size is bounded before anything is built.
MAX_NODES = 200_000


def _expanded_size(node: Node, memo: dict[int, int], active: set[int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise YamlProblem(
            node.start_mark.line + 1, "a YAML alias refers to itself", "remove the recursive alias"
        )
    active.add(key)
    size = 1
    if isinstance(node, MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo, active) + _expanded_size(v, memo, active)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            size += _expanded_size(item, memo, active)
    active.discard(key)
    memo[key] = size
    if size > MAX_NODES:
        raise YamlProblem(
            node.start_mark.line + 1,
            f"the document expands to more than {MAX_NODES} values",
            "split it into several fact files, and use fewer YAML aliases",
        )
    return size


class _Builder:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self._scalars = SafeConstructor()

    def build(self, node: Node, path: Path) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(
                        key_node.start_mark.line + 1,
                        "YAML merge keys (<<) are not supported",
                        "write the keys out in full",
                    )
                key = self._scalars.construct_object(key_node, deep=True)
                key = str(key)
                if key in out:
                    raise YamlProblem(
                        key_node.start_mark.line + 1,
                        f"key '{key}' appears twice in one mapping",
                        "keep one of them",
                        (*path, key),
                    )
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, (*path, key))
                # A value's own line is where its key is, which is what a reader looks for.
                self.lines[(*path, key)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self._scalars.construct_object(node, deep=True)
        raise YamlProblem(node.start_mark.line + 1, "unsupported YAML node", "use plain YAML")


def _compose(text: str) -> Node | None:
    # libyaml's parser keeps the same line marks and is about seven times faster than PyYAML's
    # Python one; a document it refuses is composed again by the Python parser, whose messages
    # (and their lines) are the ones users and tests know.
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse(text: str) -> tuple[Any, dict[Path, int]]:
    """The document's value and the line of each path; raises YamlProblem on a syntax error."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            what += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise YamlProblem(
            line, f"YAML syntax error: {what}", "fix the YAML syntax (indentation, quotes, colons)"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"YAML error: {exc}", "fix the YAML syntax") from None
    except RecursionError:
        raise YamlProblem(0, "the document is nested too deeply", "flatten it") from None
    if node is None:
        return None, {}
    builder = _Builder()
    try:
        _expanded_size(node, {}, set())
        value = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlProblem(
            mark.line + 1 if mark else 0,
            f"YAML value error: {exc.problem}",
            "quote the value as a string",
        ) from None
    except RecursionError:
        raise YamlProblem(0, "the document is nested too deeply", "flatten it") from None
    return value, builder.lines


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of a path, else of its nearest ancestor that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 0)
