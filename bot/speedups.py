"""Speed-ups for the Rasa server, installed before it starts (bot/rasa_server.py, which
`make run`, `make cluster` and the test servers use).

Measured with py-spy on a form turn (2026-12-03): about two thirds of the Rasa server's
time went into checking each action server answer against its JSON schema, because
Rasa calls `jsonschema.validate(result, schema)`, which first validates the *schema*
against the JSON Schema meta-schema, at every custom action call (a form turn makes two
or three). Here the validator is built and the schema checked once; every answer is still
validated, with Rasa's own error message when it is wrong.
"""

from __future__ import annotations

from typing import Any, Dict

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        try:
            validator.validate(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your response from the Action "
                f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise
        return True

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    _installed = True
