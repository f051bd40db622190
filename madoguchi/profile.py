"""The city profile (faq_corpus/city.yml): name, numbers, office hours, website.

Corpus texts use placeholders ({city}, {tel_gomi} ...) that are filled from here, so a
different city edits one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

from madoguchi.paths import CITY_FILE


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
    )


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
