"""The item and collection-day skills while the waste data cannot be used.

A broken 5374 folder or sample file (madoguchi/waste_data.py) is read as waste data that
knows nothing. Asking for an item or a district then would go round in circles, and
calling every item unknown would fill staff's list with false entries: instead the skill's
form stops at once (a validation action may end its form by setting `requested_slot` to
None, Rasa's documented early stop), the form's answer action says that the lookup is not
available and gives the skill's department (faq_corpus/skill_departments.tsv) as the
hand-off does, in the resident's language. Every other turn goes on as usual.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.forms import REQUESTED_SLOT
from bot.actions.handoff import send_handoff, skill_departments
from bot.actions.language import conversation_language
from madoguchi.clock import Clock
from madoguchi.waste_data import current


def waste_data_usable() -> bool:
    return current().usable


def stop_form_early(side_slots: List[str]) -> List[EventType]:
    """A validation action's events that end its form now, so that its answer action runs.
    A side slot is set too: Rasa refuses a form turn that validated no slot but the requested one."""
    return [SlotSet(slot, None) for slot in side_slots] + [SlotSet(REQUESTED_SLOT, None)]


def apologise(dispatcher: CollectingDispatcher, tracker: Tracker, form: str, clock: Clock) -> None:
    """The lookup is not available: said, then the department that can answer instead."""
    language = conversation_language(tracker)
    dispatcher.utter_message(response="utter_waste_data_unavailable")
    send_handoff(dispatcher, skill_departments().get(form), clock, language)
