"""The speed-ups of the Rasa server: the cached action-result validator accepts and refuses
exactly what Rasa's own does, action calls carry the domain without its responses, and an
endpoint keeps its HTTP session."""

from __future__ import annotations

import asyncio

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

GOOD = {"events": [{"event": "slot", "name": "district", "value": "東町"}], "responses": [{"text": "東町ですね"}]}
BAD = {"events": [{"name": "district"}], "responses": []}  # an event without its kind


def test_the_validator_is_rasas_with_the_schema_checked_once() -> None:
    action = RemoteAction("validate_waste_collection_day_form", None)
    assert action._validate_action_result(GOOD)
    with pytest.raises(ValidationError) as original:
        action._validate_action_result(BAD)
    speedups.install()
    assert RemoteAction._validate_action_result.__name__ == "validate_action_result"
    assert action._validate_action_result(GOOD)
    with pytest.raises(ValidationError) as cached:
        action._validate_action_result(BAD)
    assert "Failed to validate Action server response" in cached.value.message
    assert cached.value.validator == original.value.validator


DOMAIN = Domain.from_dict(
    {
        "slots": {"district": {"type": "text", "mappings": [{"type": "custom"}]}},
        "forms": {"collection_day_form": {"required_slots": ["district"]}},
        "responses": {"utter_ask_district": [{"text": "お住まいの町名は？"}]},
        "actions": ["validate_collection_day_form"],
    }
)


def test_action_calls_carry_the_domain_without_its_responses() -> None:
    speedups.install()
    action = RemoteAction("validate_collection_day_form", EndpointConfig("http://127.0.0.1:1/webhook"))
    call = action._action_call_format(DialogueStateTracker("s", DOMAIN.slots), DOMAIN)
    assert "responses" not in call["domain"] and "utter_ask_district" in DOMAIN.as_dict()["responses"]
    assert call["domain"]["forms"] == {"collection_day_form": {"required_slots": ["district"]}}
    assert call["domain"]["slots"]["district"]["mappings"] == [{"type": "custom"}]
    again = action._action_call_format(DialogueStateTracker("t", DOMAIN.slots), DOMAIN)
    assert again["domain"] is call["domain"]  # built once per domain


def test_an_endpoint_keeps_one_session_per_event_loop() -> None:
    speedups.install()
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", headers={"X-A": "1"})

    async def two_requests() -> tuple:
        async with endpoint.session() as first, endpoint.session() as second:
            assert not first.closed
        assert not first.closed  # the block leaves it open for the next call
        await speedups.close_sessions()
        return first, second

    first, second = asyncio.run(two_requests())
    assert first is second and first.closed
    third, _ = asyncio.run(two_requests())
    assert third is not first  # a new loop (a new server), a new session


def test_event_classes_are_found_by_name_as_rasa_finds_them() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet

    speedups.install()
    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
