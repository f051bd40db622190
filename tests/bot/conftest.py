"""skops (the linear classifier's model files) is imported before Rasa is: on import it looks
up each of numpy's functions in every module loaded, and after Rasa and TensorFlow (5,700
modules) that takes 3.5 s of CPU instead of 1 (tests/bot/test_linear_classifier.py needs it).
Rasa is imported inside the fixtures below for the same reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

import pytest
import skops.io  # noqa: F401

if TYPE_CHECKING:
    from sanic import Sanic

TOKEN = "rest-channel-test-token"


@pytest.fixture
def rasa_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sanic]:
    """Rasa's real Sanic app (`rasa.core.run.configure_app`, the app `rasa run` serves) with the
    project's REST channel and bot/rasa_server.py's guard (tests/bot/test_rest_channel.py's helpers)."""
    import rasa.core.run
    from sanic import Sanic

    from bot.channels import GuardedRestInput
    from bot.rasa_server import guard

    monkeypatch.setattr(Sanic, "test_mode", True)  # one app per test, all named "rasa_server"
    yield guard(rasa.core.run.configure_app([GuardedRestInput(TOKEN)], auth_token=TOKEN, use_uvloop=False), TOKEN)
