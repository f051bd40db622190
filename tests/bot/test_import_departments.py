"""A city's own department, named by its imported FAQ list's 担当課 column (madoguchi.departments):
the chat's hand-off and the phone's contact SMS name it, with the main number when city.yml
has none for it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rasa_sdk.executor import CollectingDispatcher

from bot.actions.handoff import send_handoff
from gateway.settings import Settings
from gateway.store import CallState, Store
from ivr.calls import CallFlow
from madoguchi.clock import JST
from madoguchi.corpus.live import current_corpus

OPEN = datetime(2026, 12, 1, 10, 0, tzinfo=JST)  # Tuesday morning


def test_the_chat_hands_off_to_the_citys_own_department_at_the_main_number() -> None:
    dispatcher = CollectingDispatcher()
    send_handoff(dispatcher, "廃棄物対策課", lambda: OPEN)
    (message,) = dispatcher.messages
    assert (message["response"], message["department_name"], message["tel"]) == (
        "utter_handoff_open", "廃棄物対策課", "00-1234-0000",
    )  # fmt: skip
    assert message["custom"] == {"handoff": {"department": "廃棄物対策課", "tel": "00-1234-0000", "open": True}}


def test_in_english_the_own_department_keeps_its_only_name() -> None:
    dispatcher = CollectingDispatcher()
    send_handoff(dispatcher, "廃棄物対策課", lambda: OPEN, "en")
    assert dispatcher.messages[0]["department_name"] == "廃棄物対策課"  # not "main office of City Hall"
    known = CollectingDispatcher()
    send_handoff(known, "gomi", lambda: OPEN, "en")
    assert known.messages[0]["department_name"] == "Waste Management Division"


def test_the_phone_sends_the_own_departments_contact(tmp_path: Path) -> None:
    settings = Settings(public_base_url="https://madoguchi.city.example", twilio_auth_token="t", twilio_account_sid="ACtest",
                        data_dir=tmp_path)  # fmt: skip
    flow = CallFlow(settings, Store(tmp_path), current_corpus, rasa=None)  # type: ignore[arg-type]
    state = CallState(sid="CA1", conversation="phone-department", caller_kind="mobile", department="廃棄物対策課")
    assert flow.contact_sms(state) == "みどり野市 廃棄物対策課 電話00-1234-0000 受付平日8時30分から17時15分"
    state.department = "gomi"
    assert flow.contact_sms(state) == "みどり野市 ごみ対策課 電話00-1234-0201 受付平日8時30分から17時15分"
