"""The city profile (faq_corpus/city.yml): name, numbers, office hours, website.

Corpus texts use placeholders ({city}, {tel_gomi} ...) that are filled from here, so a
different city edits one file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Dict

import yaml

from madoguchi.paths import CITY_FILE


@dataclass(frozen=True)
class PhoneNumber:
    display: str  # as written for people: 00-1234-0201
    e164: str  # as dialled: +81012340201


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

    def phone_of(self, department: str) -> PhoneNumber:
        return self.departments.get(department, self.main)

    def placeholders(self, url: str = "") -> Dict[str, str]:
        values = {
            "city": self.name,
            "website": self.website,
            "url": url,
            "tel_main": self.main.display,
            "hours": self.hours_text,
            "address": self.address,
        }
        values.update({f"tel_{key}": number.display for key, number in self.departments.items()})
        return values

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
    )


@lru_cache(maxsize=1)
def default_profile() -> CityProfile:
    return load_profile()
