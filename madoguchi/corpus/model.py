"""The FAQ corpus as staff wrote it, with the file and line of every field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

from madoguchi.paths import ROOT
from madoguchi.profile import CityProfile

FIELDS = ("id", "title", "department", "url", "reviewed", "examples", "answer", "voice", "sms")
TEXT_FIELDS = ("answer", "voice", "sms")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def display_path(path: Path) -> str:
    """A path as people should read it in messages: relative to the repository if inside."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Message:
    """One of the assistant's own messages (messages.yml), with optional buttons."""

    text: str
    buttons: Tuple[Tuple[str, str], ...] = ()  # (title, payload)


@dataclass
class Topic:
    id: str
    title: str
    department: str
    url: str
    reviewed: str
    examples: List[str]
    answer: str
    voice: str
    sms: str
    file: Path
    line: int
    field_lines: Dict[str, int] = field(default_factory=dict)
    example_lines: List[int] = field(default_factory=list)
    local: bool = False  # a topic this city added beyond spec/topics.yml
    imported: bool = False  # from the city's FAQ list (one question each): madoguchi.corpus.faq_import

    @property
    def short_title(self) -> str:
        """The title without its bracketed details, for buttons and charts."""
        return self.title.split("（")[0]

    @property
    def category(self) -> str:
        return self.id.split("/", 1)[0]

    def where(self, field_name: str = "") -> str:
        line = self.field_lines.get(field_name, self.line)
        return f"{display_path(self.file)}:{line}"


@dataclass
class Corpus:
    profile: CityProfile
    topics: List[Topic]
    messages: Dict[str, Message] = field(default_factory=dict)  # the assistant's own messages

    def message(self, name: str) -> str:
        """An own message's text with the city's placeholders filled (runtime ones are kept)."""
        return fill_placeholders(self.messages[name].text, self.profile.placeholders())

    def by_id(self) -> Dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}

    def categories(self) -> List[str]:
        return sorted({topic.category for topic in self.topics})

    def full_url(self, topic: Topic) -> str:
        return self.profile.full_url(topic.url)

    def render(self, topic: Topic, text_field: str) -> str:
        """A text field with placeholders filled from the city profile."""
        return fill_placeholders(getattr(topic, text_field), self.profile.placeholders(self.full_url(topic)))

    def sms_text(self, topic: Topic) -> str:
        """The SMS as sent: the staff's short text, a line break and the page's URL."""
        return f"{self.render(topic, 'sms').strip()}\n{self.full_url(topic)}"


def placeholders_in(text: str) -> List[str]:
    return _PLACEHOLDER.findall(text)


def fill_placeholders(text: str, values: Dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text).strip()
