"""A form validation action that keeps the side slots its extractions fill.

rasa-sdk's FormValidationAction drops every extracted slot that is not a required slot of
the form. Ours also fill helpers beside the required ones (the candidates to offer as
buttons, the optional waste kind): this base class passes them on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Callable, List

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


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


def ask_with_candidates(
    dispatcher: CollectingDispatcher, candidates: List[str], which: str, ask: str, payload: Callable[[str], str]
) -> None:
    """Ask for a slot: which of the candidates (as buttons) when there are some, else the plain question."""
    if candidates:
        dispatcher.utter_message(response=which, buttons=[{"title": c, "payload": payload(c)} for c in candidates])
    else:
        dispatcher.utter_message(response=ask)
