"""human_handoff: tell the resident whom to contact, and whether they are open now.

The department is the one of the skill the resident is in (faq_corpus/skill_departments.tsv:
moving → 市民課), else the one of the topic discussed last (topics.yml `covers`), else the main
number. A topic imported from a city's list may name the city's own department (its 担当課
column): it is named, with the main number unless city.yml gives one. Within office hours
the chat gives the number (the phone channel transfers); outside, when the office opens
next. It runs in the Rasa server even when the skills go to action servers (LOCAL_ACTIONS in
bot/in_process_actions.py): staff are reachable through an outage, so keep it to the corpus,
the city profile and the clock (no store, no other service)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import corpus, last_faq_id
from bot.actions.language import conversation_language
from madoguchi.clock import Clock, clock_from_env
from madoguchi.departments import department_name
from madoguchi.japanese import data_lines
from madoguchi.office_hours import describe_opening, is_open, next_opening
from madoguchi.paths import CORPUS_DIR
from madoguchi.spec import default_spec

GENERAL = "代表"
SKILL_DEPARTMENTS_FILE = CORPUS_DIR / "skill_departments.tsv"


@lru_cache(maxsize=1)
def skill_departments() -> Dict[str, str]:
    """Form name → department key."""
    return {fields[0]: fields[1] for _, fields in data_lines(SKILL_DEPARTMENTS_FILE)}


def skill_department(tracker: Tracker) -> Optional[str]:
    """The department of the skill (form) the resident is answering now, if any."""
    return skill_departments().get((tracker.active_loop or {}).get("name") or "")


def conversation_department(tracker: Tracker) -> Optional[str]:
    """The department for what the resident is doing now: the active skill, else the last topic."""
    return skill_department(tracker) or department_for(last_faq_id(tracker))


def department_for(faq_id: Optional[str]) -> Optional[str]:
    if not faq_id:
        return None
    topic = corpus().by_id().get(faq_id)
    return topic.department if topic else default_spec().department_for(faq_id) or None


def send_handoff(dispatcher: CollectingDispatcher, department: Optional[str], clock: Clock, language: str = "ja") -> None:
    profile = corpus().profile
    spec = default_spec()
    # a spec department, or the city's own one its imported list named (madoguchi.departments)
    own = department_name(department, spec)
    name = own or f"{profile.name}役所{GENERAL}"
    local = profile.languages.get(language)
    if local:  # the department's name in the conversation's language (city.yml `languages`)
        untranslated = own if own and department not in spec.departments else local.main_office
        name = profile.department_name(department or "", language, untranslated)
    tel = profile.phone_of(department or "").display
    now = clock()
    payload = {"handoff": {"department": department or "main", "tel": tel, "open": is_open(now, profile)}}
    if is_open(now, profile):
        dispatcher.utter_message(response="utter_handoff_open", department_name=name, tel=tel, json_message=payload)
    else:
        opening = describe_opening(next_opening(now, profile), now, language)
        dispatcher.utter_message(
            response="utter_handoff_closed", department_name=name, tel=tel, next_open=opening, json_message=payload
        )


class ActionHumanHandoff(Action):
    def __init__(self, clock: Optional[Clock] = None) -> None:
        self._clock = clock or clock_from_env()

    def name(self) -> str:
        return "action_human_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        send_handoff(dispatcher, conversation_department(tracker), self._clock, conversation_language(tracker))
        return []
