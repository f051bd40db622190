"""YAML loading that remembers the line of every mapping key and sequence item.

Validation messages point staff to `file:line`, so the loader keeps PyYAML's marks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import yaml


class LineDict(dict):
    """A mapping with `line` (its own first line) and `lines` (key -> line of the key)."""

    line: int = 0
    lines: Dict[Any, int]


class LineList(list):
    """A sequence with `line` and `lines` (index -> line of the item)."""

    line: int = 0
    lines: List[int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def load_yaml_with_lines(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.reader.ReaderError as error:  # a control character (NUL, U+0080 …) in the file
        line = text.count("\n", 0, error.position) + 1
        raise YamlSyntaxError(line, f"使えない制御文字 U+{error.character:04X} があります") from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, error.problem or str(error)) from error
