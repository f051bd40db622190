"""human_handoff: tell the resident whom to contact, and whether they are open now.

The department is the one of the topic discussed last (topics.yml `covers`), else the
main number. Within office hours the chat gives the number (the phone channel transfers);
outside, when the office opens next.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import corpus, last_faq_id
from bot.actions.language import conversation_language
from madoguchi.clock import Clock, clock_from_env
from madoguchi.office_hours import describe_opening, is_open, next_opening
from madoguchi.spec import default_spec

GENERAL = "代表"


def department_for(faq_id: Optional[str]) -> Optional[str]:
    if not faq_id:
        return None
    topic = corpus().by_id().get(faq_id)
    return topic.department if topic else default_spec().department_for(faq_id) or None


def send_handoff(dispatcher: CollectingDispatcher, department: Optional[str], clock: Clock, language: str = "ja") -> None:
    profile = corpus().profile
    spec = default_spec()
    name = spec.departments[department].name if department in spec.departments else f"{profile.name}役所{GENERAL}"
    local = profile.languages.get(language)
    if local:  # the department's name in the conversation's language (city.yml `languages`)
        name = profile.department_name(department or "", language, local.main_office)
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
        send_handoff(dispatcher, department_for(last_faq_id(tracker)), self._clock, conversation_language(tracker))
        return []
