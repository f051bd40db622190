"""The FAQ corpus as staff wrote it, with the file and line of every field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

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


TRANSLATED_FIELDS = ("id", "title", "reviewed", "examples", "answer", "voice", "sms")


@dataclass
class TopicTranslation:
    """A topic in another language (faq_corpus/translations/<language>/faq/<category>.yml).

    Department and page are the Japanese topic's; only what residents read is translated.
    """

    id: str
    language: str
    title: str
    reviewed: str
    examples: List[str]
    answer: str
    voice: str
    sms: str
    file: Path
    line: int
    field_lines: Dict[str, int] = field(default_factory=dict)
    example_lines: List[int] = field(default_factory=list)

    def where(self, field_name: str = "") -> str:
        return f"{display_path(self.file)}:{self.field_lines.get(field_name, self.line)}"


@dataclass
class Translation:
    """Everything written in one language beside the Japanese corpus."""

    language: str
    topics: Dict[str, TopicTranslation] = field(default_factory=dict)
    messages: Dict[str, Message] = field(default_factory=dict)
    message_lines: Dict[str, str] = field(default_factory=dict)  # name -> file:line
    intents: Dict[str, List[str]] = field(default_factory=dict)  # greet -> examples (intents.yml)
    widget: Dict[str, Any] = field(default_factory=dict)  # the website chat's texts (widget.yml)
    phone: Dict[str, Any] = field(default_factory=dict)  # the phone's words and menu prompts (phone.yml)
    skill_files: List[str] = field(default_factory=list)  # waste_items.yml, skills.yml: written and readable


@dataclass
class Corpus:
    profile: CityProfile
    topics: List[Topic]
    messages: Dict[str, Message] = field(default_factory=dict)  # the assistant's own messages
    translations: Dict[str, Translation] = field(default_factory=dict)  # by language code

    def own_message(self, name: str, language: Optional[str] = None) -> Message:
        """An own message in the language, or the Japanese one when it is not translated."""
        translated = self.translations.get(language or "")
        if translated and name in translated.messages:
            return translated.messages[name]
        return self.messages[name]

    def message(self, name: str, language: Optional[str] = None) -> str:
        """An own message's text with the city's placeholders filled (runtime ones are kept)."""
        if language not in self.translations or name not in self.translations[language].messages:
            language = None  # the Japanese text, with the Japanese city name and hours
        return fill_placeholders(self.own_message(name, language).text, self.profile.placeholders(language=language))

    def translation(self, topic: Topic, language: Optional[str]) -> Optional[TopicTranslation]:
        """The topic's answer in the language; None while only its questions are translated."""
        translated = self.translations.get(language or "")
        found = translated.topics.get(topic.id) if translated else None
        return found if found and found.answer else None

    def title(self, topic: Topic, language: Optional[str] = None) -> str:
        translated = self.translation(topic, language)
        return translated.title if translated else topic.title

    def short_title(self, topic: Topic, language: Optional[str] = None) -> str:
        """The title without its bracketed details (「（…）」, " (…)"), for buttons and charts."""
        return self.title(topic, language).split("（")[0].split(" (")[0]

    def by_id(self) -> Dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}

    def categories(self) -> List[str]:
        return sorted({topic.category for topic in self.topics})

    def full_url(self, topic: Topic) -> str:
        return self.profile.full_url(topic.url)

    def render(self, topic: Topic, text_field: str, language: Optional[str] = None) -> str:
        """A text field with placeholders filled from the city profile, in the language when translated."""
        translated = self.translation(topic, language)
        source = translated if translated else topic
        values = self.profile.placeholders(self.full_url(topic), translated.language if translated else None)
        return fill_placeholders(getattr(source, text_field), values)

    def sms_text(self, topic: Topic, language: Optional[str] = None) -> str:
        """The SMS as sent: the staff's short text, a line break and the page's URL."""
        return f"{self.render(topic, 'sms', language).strip()}\n{self.full_url(topic)}"


def placeholders_in(text: str) -> List[str]:
    return _PLACEHOLDER.findall(text)


def fill_placeholders(text: str, values: Dict[str, str]) -> str:
    def value(match: "re.Match[str]") -> str:
        filled = values.get(match.group(1), match.group(0))
        # A value that ends a sentence itself ("5:15 p.m.") must not get the template's
        # full stop as well: "open {hours}." would read "p.m..".
        if filled.endswith(".") and match.string[match.end() : match.end() + 1] == ".":
            return filled[:-1]
        return filled

    return _PLACEHOLDER.sub(value, text).strip()
