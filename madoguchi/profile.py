"""The city profile (faq_corpus/city.yml): name, numbers, office hours, website.

Corpus texts use placeholders ({city}, {tel_gomi} ...) that are filled from here, so a
different city edits one file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional

import yaml

from madoguchi.corpus.yamlines import LineDict, load_yaml_with_lines
from madoguchi.paths import CITY_FILE

# Twilio's voice names: Amazon Polly (Polly.Mizuki, Polly.Seoyeon-Neural) or Google
# (Google.vi-VN-Standard-A, Google.cmn-CN-Wavenet-B, Google.ko-KR-Chirp3-HD-Kore).
_VOICE_NAME = re.compile(r"Polly\.[A-Z][A-Za-z\u00c0-\u024f]+(-Neural|-Generative)?|Google\.[a-z]{2,3}-[A-Z]{2}(-[A-Za-z0-9]+)+")
# BCP 47 as Twilio writes it: ja-JP, cmn-CN (<Say>), cmn-Hans-CN (<Gather>).
_LOCALE = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?-[A-Z]{2}")
# SSML <prosody rate>: a word or a percentage (100% is the voice's own speed).
_RATE = re.compile(r"x-slow|slow|medium|fast|x-fast|[1-9][0-9]{1,2}%")
# Without `phone_voices` in city.yml the phone speaks Japanese only, with this voice.
JAPANESE_VOICE = {"voice": "Polly.Mizuki", "say": "ja-JP", "speech": "ja-JP"}


@dataclass(frozen=True)
class PhoneNumber:
    display: str  # as written for people: 00-1234-0201
    e164: str  # as dialled: +81012340201


@dataclass(frozen=True)
class LocalProfile:
    """What residents read of the profile in another language (city.yml `languages`)."""

    name: str
    address: str
    hours: str
    main_office: str  # "Midorino City Hall", for a hand-off without a department
    departments: Dict[str, str]


@dataclass(frozen=True)
class PhoneVoice:
    """How the phone speaks and hears one language (city.yml `phone_voices`)."""

    voice: str  # <Say voice>: Polly.Zhiyu, Google.vi-VN-Standard-A
    say: str  # <Say language>: cmn-CN
    speech: str  # <Gather language>, for speech recognition: cmn-Hans-CN
    rate: str = ""  # <prosody rate> of every sentence ("85%"); empty: the voice's own speed


@dataclass(frozen=True)
class CityProfile:
    name: str
    reading: str
    website: str
    address: str
    main: PhoneNumber
    departments: Dict[str, PhoneNumber]
    opens: time
    closes: time
    hours_text: str
    # false: the sample city's topics (spec/topics.yml's texts) are not answered; the city's
    # imported list and its own topics are. The topics stay in the corpus and the domain, so
    # the phone menu and the spec's intents keep their names.
    answers_sample_topics: bool = True
    # per language (faq_corpus/translations/): name, address, hours and department names
    languages: Dict[str, "LocalProfile"] = field(default_factory=dict)
    # per language code (ja, ja-easy, en, zh ...): the phone's voice and speech recognition
    phone_voices: Dict[str, PhoneVoice] = field(default_factory=dict)

    def phone_of(self, department: str) -> PhoneNumber:
        return self.departments.get(department, self.main)

    def placeholders(self, url: str = "", language: Optional[str] = None) -> Dict[str, str]:
        """Values of the corpus placeholders; in another language its name, address and hours."""
        local = self.languages.get(language or "")
        values = {
            "city": local.name if local else self.name,
            "website": self.website,
            "url": url,
            "tel_main": self.main.display,
            "hours": local.hours if local else self.hours_text,
            "address": local.address if local else self.address,
        }
        values.update({f"tel_{key}": number.display for key, number in self.departments.items()})
        return values

    def department_name(self, department: str, language: Optional[str], japanese_name: str) -> str:
        """A department's name in the language, or its Japanese name when none was given."""
        local = self.languages.get(language or "")
        return local.departments.get(department, japanese_name) if local else japanese_name

    def full_url(self, path: str) -> str:
        if path.startswith("http://") or path.startswith("https://"):
            return path
        return self.website.rstrip("/") + "/" + path.lstrip("/")


def _phone(raw: dict) -> PhoneNumber:
    return PhoneNumber(display=str(raw["tel"]), e164=str(raw["e164"]))


def _time(text: str) -> time:
    hours, minutes = str(text).split(":")
    return time(int(hours), int(minutes))


def load_profile(path: Path = CITY_FILE) -> CityProfile:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    hours = raw["office_hours"]
    return CityProfile(
        name=raw["name"],
        reading=raw.get("name_reading", ""),
        website=raw["website"],
        address=raw.get("address", ""),
        main=_phone(raw["main"]),
        departments={key: _phone(value) for key, value in raw.get("departments", {}).items()},
        opens=_time(hours["open"]),
        closes=_time(hours["close"]),
        hours_text=hours["text"],
        answers_sample_topics=bool(raw.get("answers_sample_topics", True)),
        languages={str(code): _local(value) for code, value in (raw.get("languages") or {}).items()},
        phone_voices=_phone_voices(raw.get("phone_voices") or {"ja": JAPANESE_VOICE}, path),
    )


def _phone_voices(raw: Any, path: Path) -> Dict[str, PhoneVoice]:
    """The `phone_voices` block, checked: a wrong name is Twilio warning 13512 or a silent call."""
    if not isinstance(raw, dict):
        raise ValueError(f"{path}:{_line(path)}: phone_voices は 言語コードごとの voice、say、speech の組にしてください")
    voices = {}
    for code, entry in raw.items():
        entry = entry if isinstance(entry, dict) else {}
        problem = _voice_problem(entry)
        if problem:
            raise ValueError(f"{path}:{_line(path, str(code))}: phone_voices の {code}: {problem}")
        voices[str(code)] = PhoneVoice(str(entry["voice"]), str(entry["say"]), str(entry["speech"]), str(entry.get("rate") or ""))
    return voices


def _voice_problem(entry: Dict[str, Any]) -> str:
    if not _VOICE_NAME.fullmatch(str(entry.get("voice", ""))):
        return "voice は Twilio の声の名前にしてください（Polly.Mizuki、Google.vi-VN-Standard-A など）"
    for key in ("say", "speech"):
        if not _LOCALE.fullmatch(str(entry.get(key, ""))):
            return f"{key} は言語と地域のコードにしてください（ja-JP、cmn-Hans-CN など）"
    if entry.get("rate") and not _RATE.fullmatch(str(entry["rate"])):
        return "rate は slow、x-slow などか、85% のような割合にしてください"
    return ""


def _line(path: Path, code: str = "") -> int:
    """The line of `phone_voices` (or of one language in it), for the message to staff."""
    data = load_yaml_with_lines(path)
    if not isinstance(data, LineDict):
        return 1
    block = data.get("phone_voices")
    if code and isinstance(block, LineDict):
        return block.lines.get(code, block.line)
    return data.lines.get("phone_voices", 1)


def _local(raw: dict) -> LocalProfile:
    return LocalProfile(
        name=str(raw["name"]),
        address=str(raw.get("address", "")),
        hours=str(raw["hours"]),
        main_office=str(raw.get("main_office", raw["name"])),
        departments={str(k): str(v) for k, v in (raw.get("departments") or {}).items()},
    )


@lru_cache(maxsize=1)
def default_profile() -> CityProfile:
    return load_profile()
