"""YAML (or JSON) to plain Python, remembering the line of every mapping key and list item.

PyYAML's composer keeps each node's position; building the values ourselves from those nodes
keeps a path -> line table, so a problem found later (by pydantic or by a check) can name the
line it comes from.

The scanning and parsing, most of the time, are libyaml's (its C parser hands the Python composer
the same events, with the same marks, about six times faster than the pure-Python parser); a
document libyaml refuses is parsed again in Python, whose error messages the checks report.
"""

from __future__ import annotations

from typing import Any, NoReturn

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from loaders import limits

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, fix: str, path: Path = ()) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.fix = fix
        self.path = path


class _Bounded:
    """Composing under bounds checked as each node is made (mixed into a PyYAML composer).

    Anchors and aliases are welcome (a quote shared by several facts is written once), but what
    is bounded is the document they stand for: every alias counts the values and characters of
    its anchor again, so one anchored string reused as many quotes is refused at the alias that
    takes the written-out document past the file-size limit, having built nothing but the
    small document actually sent.
    """

    def _start_bounds(self) -> None:
        self.path: list[str | int] = []
        self.nodes = 0
        self.chars = 0
        # Written-out (values, characters) of each anchor whose node is complete.
        self.expanded: dict[str, tuple[int, int]] = {}

    def _refuse(self, mark: Any, message: str, fix: str) -> NoReturn:
        raise YamlProblem(mark.line + 1 if mark else 0, message, fix, tuple(self.path))

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # A mapping's key is composed with index None; its value with the key's node.
        step = str(index.value) if isinstance(index, ScalarNode) else index
        if step is not None:
            self.path.append(step)
        try:
            event = self.peek_event()  # type: ignore[attr-defined]
            before = (self.nodes, self.chars)
            self._count(event)
            node: Node | None = super().compose_node(parent, index)  # type: ignore[misc]
            anchor = getattr(event, "anchor", None)
            if anchor is not None and not isinstance(event, AliasEvent):
                self.expanded[anchor] = (self.nodes - before[0], self.chars - before[1])
        finally:
            if step is not None:
                self.path.pop()
        return node

    def _count(self, event: Any) -> None:
        if isinstance(event, AliasEvent):
            if event.anchor not in self.expanded:
                self._refuse(
                    event.start_mark,
                    f"YAML alias *{event.anchor} refers to an anchor that encloses it, or to none",
                    "define the anchor before, and outside, the alias",
                )
            nodes, chars = self.expanded[event.anchor]
        else:
            nodes = 1
            chars = len(event.value) if isinstance(event, ScalarEvent) else 0
            if chars > limits.MAX_VALUE_CHARS:
                self._refuse(
                    event.start_mark,
                    f"a value of {chars} characters; at most {limits.MAX_VALUE_CHARS}",
                    "shorten it: quote the shortest span that carries the fact",
                )
        self.nodes += nodes
        self.chars += chars
        if self.nodes > limits.MAX_NODES:
            self._refuse(
                event.start_mark,
                f"the document, its YAML aliases written out, has more than {limits.MAX_NODES} "
                "values",
                "split it into several fact files, and use fewer YAML aliases",
            )
        if self.chars > limits.MAX_FILE_BYTES:
            self._refuse(
                event.start_mark,
                "the document, its YAML aliases written out, holds more than "
                f"{limits.MAX_FILE_BYTES} characters",
                "split it into several fact files, and use fewer YAML aliases",
            )


class _Composer(_Bounded, yaml.SafeLoader):
    """The pure-Python parser: the reference, whose error messages are reported."""

    def __init__(self, text: str) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._start_bounds()


_CParser: Any = getattr(getattr(yaml, "_yaml", None), "CParser", None)


class _FastComposer(_Bounded, Composer, _CParser or object, SafeConstructor, Resolver):  # type: ignore[misc]
    """The same composer and bounds over libyaml's events (Composer before CParser in the MRO,
    so that composing, and with it the bounds, stays in Python)."""

    def __init__(self, text: str) -> None:
        _CParser.__init__(self, text)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self._start_bounds()


def _compose(text: str) -> Node | None:
    # A bound refused (YamlProblem) stands; a document libyaml cannot parse is parsed again in
    # Python, so its error reads as it always has.
    if _CParser is not None:
        try:
            fast: Node | None = _FastComposer(text).get_single_node()
            return fast
        except (yaml.YAMLError, RecursionError):
            pass
    composer = _Composer(text)
    try:
        node: Node | None = composer.get_single_node()
        return node
    finally:
        composer.dispose()


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
            try:
                return self._scalars.construct_object(node, deep=True)
            except ValueError:
                # An unquoted date that is not real (2023-02-30) fails in PyYAML itself; kept as
                # text, it meets the date check, which names its field and says what is wrong.
                return node.value
        raise YamlProblem(node.start_mark.line + 1, "unsupported YAML node", "use plain YAML")


def parse(text: str) -> tuple[Any, dict[Path, int]]:
    """The document's value and the line of each path; raises YamlProblem on a syntax error."""
    size = len(text.encode("utf-8"))
    if size > limits.MAX_FILE_BYTES:
        raise YamlProblem(
            0,
            f"the file is {size} bytes; a fact file may be at most {limits.MAX_FILE_BYTES}",
            "split the report into several fact files",
        )
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
