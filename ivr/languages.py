"""The phone's languages: the language menu (ivr/languages.yml), names a caller may say,
and when the office opens, said the way each language says dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Mapping, Optional, Tuple

import yaml

from ivr.menu import MAX_OPTIONS
from madoguchi.clock import JST
from madoguchi.languages import LANGUAGES

LANGUAGES_FILE = Path(__file__).with_name("languages.yml")
LANGUAGE_MENU = "languages"  # the call's menu while it is in the language menu
# What a caller adds to a language's name: 「中国語で」「英語でお願いします」 "English, please".
_POLITE_ENDINGS = re.compile(r"(でおねがいします|でお願いします|でおねがい|でお願い|がいいです|で|please)$")


@dataclass(frozen=True)
class LanguageMenu:
    key: str  # in the main menu: the language menu
    choices: Dict[str, str]  # key -> language code
    japanese: str  # in the language menu: Japanese
    names: Dict[str, Tuple[str, ...]]  # language code -> what a caller may say, as written (speech hints)
    plain_names: Dict[str, FrozenSet[str]]  # the same, as compared (_plain)

    def heard(self, speech: str) -> Optional[str]:
        """The language a caller named (「中国語で」, "Korean"), or None when speech named none."""
        said = _plain(speech)
        said = _POLITE_ENDINGS.sub("", said) or said
        for code, names in self.plain_names.items():
            if said in names:
                return code
        return None


def _plain(text: str) -> str:
    """Lower case, NFC, without spaces or punctuation: how names are compared."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z", "S")))


def load_language_menu(path: Path = LANGUAGES_FILE) -> LanguageMenu:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    choices = {str(key): str(code) for key, code in raw["choices"].items()}
    keys = set(choices) | {str(raw["japanese"])}
    if len(choices) > MAX_OPTIONS or keys & {"0", "*"} or str(raw["japanese"]) in choices:
        raise ValueError(f"{path}: at most {MAX_OPTIONS} choices, not on 0 or *, and Japanese on a key of its own")
    unknown = [code for code in [*choices.values(), *raw["names"]] if code not in LANGUAGES]
    if unknown:
        raise ValueError(f"{path}: unknown language {unknown[0]} (one of {', '.join(LANGUAGES)})")
    names = {str(code): tuple(str(name) for name in said) for code, said in raw["names"].items()}
    plain = {code: frozenset(_plain(name) for name in said) for code, said in names.items()}
    return LanguageMenu(str(raw["key"]), choices, str(raw["japanese"]), names, plain)


@lru_cache(maxsize=1)
def default_language_menu() -> LanguageMenu:
    return load_language_menu()


def opening_in(words: Mapping[str, Any], opening: datetime, now: datetime) -> str:
    """When the office opens, with the `opening` words of a phone.yml:
    「明天12月2日星期三上午8点30分」, 「내일 12월 2일 수요일 오전 8시 30분」."""
    days = (opening.date() - now.astimezone(JST).date()).days
    when = {0: words.get("today", ""), 1: words.get("tomorrow", "")}.get(days, "")
    period = ""
    hour = opening.hour
    if words.get("am"):  # a language that says the time of day (上午, 오전, sáng) counts 12 hours
        period = words["am"] if hour < 12 else words["pm"]
        hour = hour % 12 or 12
    values = {
        "when": when, "month": str(opening.month), "day": str(opening.day), "weekday": words["weekdays"][opening.weekday()],
        "hour": str(hour), "minute": str(opening.minute), "period": period,
    }  # fmt: skip
    clock = words["time"] if opening.minute else words["time_on_the_hour"]
    text = f"{words['date']} {clock}".format(**values)
    return re.sub(r"\s+", " ", text).strip(" ,")
