"""What the skills' forms share: side slots, questions with candidates, the way out.

rasa-sdk's FormValidationAction drops every extracted slot that is not a required slot of
the form. Ours also fill helpers beside the required ones (the candidates to offer as
buttons, the optional waste kind): this base class passes them on.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import corpus, open_form

REQUESTED_SLOT = "requested_slot"


class _NothingToValidate(logging.Filter):
    """rasa-sdk warns "Skipping validation for `<slot>`: there is no validation method
    specified" for each slot without a `validate_<slot>` method, at every form turn. These
    forms read and check each answer in their `extract_<slot>` methods on purpose, so the
    warning says nothing, and writing it cost about 1% of the Rasa server's CPU per turn
    (py-spy, 2026-12-03). rasa-sdk's other warnings pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Skipping validation for `"))


logging.getLogger("rasa_sdk.forms").addFilter(_NothingToValidate())
# Helpers beside each form's required slots, forgotten with them when the form stops.
SIDE_SLOTS = {
    "waste_item_form": ["waste_item_candidates"],
    "collection_day_form": ["district_candidates", "waste_kind"],
}


class FormWithSideSlots(FormValidationAction, ABC):
    """Abstract, so that rasa-sdk does not register it as an action of its own."""

    side_slots: List[str] = []

    @abstractmethod
    def name(self) -> str: ...

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        extracted = tracker.slots_to_validate()
        return events + [SlotSet(slot, extracted[slot]) for slot in self.side_slots if slot in extracted]


CANCEL_PAYLOAD = "/cancel"
# 「わからない」 as the answer to a question: an answer (the form explains or skips the
# question), not a request for staff.
_UNSURE = re.compile(r"^(まだ)?(わから|分から|わかん|知ら|しら|不明|未定|決まって(い)?な|どうだろう)")
# Intents that leave a question unanswered to do something else, whatever the words name.
_ELSEWHERE = {"cancel", "human_handoff", "greet", "thank", "goodbye", "bot_challenge"}


def is_unsure(text: str) -> bool:
    """「わからない」「まだ決まっていない」 …: the resident does not know the answer."""
    return bool(_UNSURE.search(unicodedata.normalize("NFKC", text).strip()))


def asks_something_else(intent: str) -> bool:
    """The message is a request of its own (stop, staff, an FAQ category), not an answer."""
    return intent in _ELSEWHERE or intent in corpus().categories()


def cancel_button(language: Optional[str] = None) -> Dict[str, str]:
    """The way out under every question of a skill (the phone offers key 9 instead)."""
    return {"title": corpus().message("utter_title_cancel", language), "payload": CANCEL_PAYLOAD}


def ask_with_candidates(
    dispatcher: CollectingDispatcher,
    candidates: List[str],
    which: str,
    ask: str,
    payload: Callable[[str], str],
    language: Optional[str] = None,
    title: Callable[[str], str] = lambda candidate: candidate,
) -> None:
    """Ask for a slot: which of the candidates (as buttons, titled in the conversation's
    language) when there are some, else the plain question."""
    if candidates:
        buttons = [{"title": title(c), "payload": payload(c)} for c in candidates] + [cancel_button(language)]
        dispatcher.utter_message(response=which, buttons=buttons)
    else:
        dispatcher.utter_message(response=ask)


class ActionStopForm(Action):
    """「やめる」: the skill in progress (active, or interrupted by another question) stops,
    and what was answered so far is forgotten, so that the next time starts afresh."""

    def name(self) -> str:
        return "action_stop_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        form = open_form(tracker)
        if form is None:
            dispatcher.utter_message(response="utter_how_can_i_help")
            return []
        dispatcher.utter_message(response="utter_cancelled")
        slots = list((domain.get("forms") or {}).get(form, {}).get("required_slots") or []) + SIDE_SLOTS.get(form, [])
        return [SlotSet(slot, None) for slot in slots + [REQUESTED_SLOT]]
