"""The contract in spec/topics.yml: intent names, departments, waste categories."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from madoguchi.paths import TOPICS_FILE


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    covers: Tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    departments: Dict[str, Department]
    faq_topics: Dict[str, str]  # "waste/bulky_waste" -> description
    skills: Dict[str, str]
    conversation: Dict[str, str]
    waste_categories: Dict[str, str]

    @property
    def categories(self) -> List[str]:
        return sorted({topic.split("/")[0] for topic in self.faq_topics})

    def department_for(self, intent: str) -> str:
        """The department covering an intent: the most specific `covers` entry wins."""
        best, best_len = "", -1
        for dept in self.departments.values():
            for cover in dept.covers:
                if (intent == cover or intent.startswith(cover + "/")) and len(cover) > best_len:
                    best, best_len = dept.key, len(cover)
        return best


def load_spec(path: Path = TOPICS_FILE) -> Spec:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    departments = {
        key: Department(key, value["name"], tuple(value.get("covers", []))) for key, value in raw["departments"].items()
    }
    faq_topics = {
        f"{category}/{topic}": description for category, topics in raw["faq"].items() for topic, description in topics.items()
    }
    return Spec(
        departments=departments,
        faq_topics=faq_topics,
        skills=dict(raw.get("skills", {})),
        conversation=dict(raw.get("conversation", {})),
        waste_categories=dict(raw.get("waste_categories", {})),
    )


@lru_cache(maxsize=1)
def default_spec() -> Spec:
    return load_spec()
