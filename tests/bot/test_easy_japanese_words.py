"""The real trained model on words やさしい日本語 learners and kana-only residents use (issue 16,
easy16i): 籍を入れる for a marriage registration, ちがう けん for another prefecture, a big
city typed in kana with its し. On main before this work (81bd0cb) the first two got the
candidates or the family register (by せき), the third the dog's registration (けん), the last
bulky waste."""

from __future__ import annotations

import uuid
from typing import Any, Callable

import pytest

Ask = Callable[..., Any]


@pytest.fixture
def ask_in(assistant: Any, event_loop_session: Any) -> Ask:
    """ask_in(text, language): one message in a fresh conversation, in the language chosen."""

    def send(text: str, language: str = "") -> Any:
        metadata = {"language": language} if language else None
        conversation = f"easy-words-{uuid.uuid4().hex}"
        return event_loop_session.run_until_complete(assistant.send(text, conversation, metadata=metadata))

    return send


@pytest.mark.parametrize(
    "text, language, topic",
    [
        ("籍を入れる日に役所へ出すものは？", "", "procedure/marriage_registration"),
        ("せきを いれます。 なにを もって いく", "ja-easy", "procedure/marriage_registration"),
        ("ちがう けんの かいしゃで はたらきます。 とどけは", "ja-easy", "procedure/move_out"),
    ],
)
def test_everyday_words_reach_their_topic(ask_in: Ask, text: str, language: str, topic: str) -> None:
    assert ask_in(text, language).intent == topic


def test_a_big_city_typed_in_kana_is_not_answered_with_this_citys_service(ask_in: Ask) -> None:
    assert "/" not in ask_in("おおさかし の そだいごみ").intent
