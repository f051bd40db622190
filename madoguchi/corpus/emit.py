"""Writing corpus topics as YAML text, remembering where each line came from.

Used when a topic is made outside a YAML editor (the console's new-topic form, an Excel
workbook, a city's FAQ list). Every line is tagged with its source (a sheet and row, a
CSV line), so a problem the validator finds at `file:line` can be shown where staff can
fix it. Texts are written plain when YAML reads them back unchanged, quoted otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import yaml

from madoguchi.corpus.yamlines import safe_load

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # written plain, as in hand-written files
Source = Optional[str]  # e.g. "シート「waste」5行目"; None when the line has no source of its own


def yaml_scalar(text: str) -> str:
    """One line of YAML that reads back as exactly `text` (inner whitespace runs become one space)."""
    text = " ".join(str(text).split())
    try:
        if safe_load(f"- {text}") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _block(text: str, indent: str) -> List[str]:
    lines = str(text).strip("\n").splitlines()
    return [f"{indent}{line.rstrip()}" if line.strip() else "" for line in lines]


@dataclass
class TopicText:
    """One topic to write: its fields, flags and examples, each with where it came from."""

    fields: Dict[str, str]  # id, title, department, url, reviewed, answer, voice, sms
    examples: List[str]
    source: Source = None
    example_sources: List[Source] = field(default_factory=list)
    flags: Tuple[str, ...] = ()  # "local", "imported"


def topic_lines(topic: TopicText) -> List[Tuple[str, Source]]:
    item, inner = "    ", "      "
    lines: List[Tuple[str, Source]] = [(f"  - id: {yaml_scalar(topic.fields['id'])}", topic.source)]
    lines.append((f"{item}title: {yaml_scalar(topic.fields['title'])}", topic.source))
    lines += [(f"{item}{flag}: true", topic.source) for flag in topic.flags]
    for name in ("department", "url"):
        lines.append((f"{item}{name}: {yaml_scalar(topic.fields[name])}", topic.source))
    reviewed = str(topic.fields["reviewed"]).strip()
    lines.append((f"{item}reviewed: {reviewed if _ISO_DATE.fullmatch(reviewed) else yaml_scalar(reviewed)}", topic.source))
    lines.append((f"{item}examples:", topic.source))
    sources = topic.example_sources or [topic.source] * len(topic.examples)
    lines += [(f"{inner}- {yaml_scalar(q)}", s) for q, s in zip(topic.examples, sources)]
    lines.append((f"{item}answer: |", topic.source))
    lines += [(line, topic.source) for line in _block(topic.fields["answer"], inner)]
    for name in ("voice", "sms"):
        lines.append((f"{item}{name}: {yaml_scalar(topic.fields[name])}", topic.source))
    return lines


def category_file(category: str, topics: List[TopicText], header: str = "") -> Tuple[str, Dict[int, Source]]:
    """The text of a whole category file and, per 1-based line, where that line came from."""
    lines: List[Tuple[str, Source]] = [(f"# {line}" if line else "#", None) for line in header.splitlines()]
    lines += [(f"category: {category}", None), ("topics:", None)]
    for topic in topics:
        lines.append(("", None))
        lines += topic_lines(topic)
    text = "\n".join(line for line, _ in lines) + "\n"
    return text, {n: source for n, (_, source) in enumerate(lines, start=1) if source}
