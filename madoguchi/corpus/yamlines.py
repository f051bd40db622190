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
    """PyYAML's own parser: its errors name the character and line that are wrong."""


class _FastLineLoader(yaml.CSafeLoader):
    """libyaml's parser (in PyYAML's wheels): ten times faster on the corpus, which every
    console edit re-reads whole, with the same marks; a file it refuses is read again by
    _LineLoader for the message."""


def _construct_mapping(loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: yaml.constructor.SafeConstructor, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def safe_load(text: str) -> Any:
    """yaml.safe_load through libyaml: the same values, ten times faster; a text libyaml
    refuses is read again by PyYAML's parser, whose error names the character and line."""
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load_yaml_with_lines(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - CSafeLoader subclass
    except yaml.YAMLError:
        pass  # libyaml's errors give a byte offset and no character: PyYAML's parser says which
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.reader.ReaderError as error:  # a control character (NUL, U+0080 …) in the file
        line = text.count("\n", 0, error.position) + 1
        raise YamlSyntaxError(line, f"使えない制御文字 U+{error.character:04X} があります") from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, error.problem or str(error)) from error
