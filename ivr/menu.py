"""The phone menu tree (ivr/menu.yml): prompts, and what each key leads to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, Optional

import yaml

MENU_FILE = Path(__file__).with_name("menu.yml")
MAIN = "main"
MAX_OPTIONS = 5
RESERVED_KEYS = {"0", "9", "*"}


@dataclass(frozen=True)
class Option:
    label: str
    menu: Optional[str] = None  # a sub-menu
    intent: Optional[str] = None  # or a leaf: an intent of the assistant


@dataclass(frozen=True)
class Menu:
    name: str
    prompt: str
    options: Dict[str, Option]


def load_menus(path: Path = MENU_FILE) -> Dict[str, Menu]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    menus = {}
    for name, entry in raw.items():
        options = {str(key): Option(**value) for key, value in entry["options"].items()}
        if len(options) > MAX_OPTIONS or RESERVED_KEYS & set(options):
            raise ValueError(f"{path}: menu '{name}' has more than {MAX_OPTIONS} options or uses 0, 9 or *")
        for key, option in options.items():
            if (option.menu is None) == (option.intent is None):
                raise ValueError(f"{path}: menu '{name}' key {key}: give either a menu or an intent")
        menus[name] = Menu(name, entry["prompt"], options)
    for menu in menus.values():
        for option in menu.options.values():
            if option.menu and option.menu not in menus:
                raise ValueError(f"{path}: menu '{menu.name}' leads to unknown menu '{option.menu}'")
    return menus


def leaves(menus: Dict[str, Menu]) -> Iterator[str]:
    for menu in menus.values():
        for option in menu.options.values():
            if option.intent:
                yield option.intent


@lru_cache(maxsize=1)
def default_menus() -> Dict[str, Menu]:
    return load_menus()
