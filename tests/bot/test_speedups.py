"""The cached action-result validator accepts and refuses exactly what Rasa's own does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

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
