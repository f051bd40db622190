"""action_set_language: the conversation's language, decided on every message.

The slot `language` has a custom mapping to this action, so Rasa runs it after each user
message, before the next action is chosen; the answer's response variation is then picked
by the slot (conditional response variations). The rules are madoguchi.languages.resolve:
an explicit choice sent with the message wins, else the message's script, else the
language so far.

It runs in the Rasa server even when the other actions go to action servers (`make cluster`,
LOCAL_ACTIONS in bot/in_process_actions.py), so that an FAQ turn needs no action server:
keep it to the tracker Rasa sends (no store, no other service).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from madoguchi.languages import JAPANESE, detect, normalize, resolve

SLOT = "language"


def latest_user_event(tracker: Tracker) -> Dict[str, Any]:
    return next((e for e in reversed(tracker.events) if e.get("event") == "user"), {})


def requested_language(tracker: Tracker) -> Optional[str]:
    """The language the channel sent with the message (the widget's switch, bot.ask's field)."""
    metadata = latest_user_event(tracker).get("metadata") or {}
    return normalize(metadata.get("language")) if isinstance(metadata, dict) else None


def conversation_language(tracker: Tracker) -> str:
    """The language this conversation is answered in (ja when none was set)."""
    return normalize(tracker.get_slot(SLOT)) or JAPANESE


class ActionSetLanguage(Action):
    def name(self) -> str:
        return "action_set_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        text = latest_user_event(tracker).get("text") or ""
        current = conversation_language(tracker)
        language = resolve(detect(text), requested_language(tracker), current)
        # a Japanese conversation leaves the slot empty (Japanese is the default variation)
        return [] if language == current else [SlotSet(SLOT, language)]


def heard(tracker: Tracker) -> bool:
    """The conversation is a phone call (the gateway sends input_channel "phone"): Japanese
    words beside a translated one would be read out by the other language's voice."""
    return tracker.get_latest_input_channel() == "phone"
