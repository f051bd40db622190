"""The trained assistant in this process: a Rasa Agent whose custom actions run in-process.

`bot.ask`, `bot.chat` and the tests talk to the real trained model and the real action
code without starting servers: the action endpoint hands Rasa's action call to rasa-sdk's
own `ActionExecutor`, the same code that serves `rasa run actions`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from madoguchi.paths import ROOT

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("LOG_LEVEL_LIBRARIES", "ERROR")

from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import UserUttered
from rasa.utils.log_utils import configure_structlog

from bot import speedups
from bot.in_process_actions import InProcessActionEndpoint
from madoguchi.model import latest_model
from madoguchi.ranking import joint_ranking

RANKING_LENGTH = 5


@dataclass
class Turn:
    """One exchange: what the assistant understood and what it said."""

    intent: str
    confidence: float
    ranking: List[Dict[str, Any]]
    replies: List[str]
    messages: List[Dict[str, Any]]
    slots: Dict[str, Any]


def answered_intent(parse_data: Dict[str, Any]) -> str:
    """The full intent name: FAQ topics as `<category>/<topic>`, else the intent."""
    intent = (parse_data.get("intent") or {}).get("name") or ""
    selector = (parse_data.get("response_selector") or {}).get("default") or {}
    key = (selector.get("response") or {}).get("intent_response_key") or ""
    if key and key.split("/")[0] == intent:
        return key
    return intent


def latest_parse_data(tracker: Any) -> Dict[str, Any]:
    """What the NLU made of the latest message.

    Not `tracker.latest_message` of a stored tracker: replaying a conversation skips the
    messages a form consumed, so it would report the message that started the form.
    """
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return dict(event.parse_data)
    return {}


class Assistant:
    def __init__(self, agent: Agent) -> None:
        self.agent = agent

    @classmethod
    def load(cls, model: Optional[Path] = None) -> "Assistant":
        path = model or latest_model()
        if path is None:
            raise FileNotFoundError("no trained model in bot/models: run `make train`")
        configure_structlog(logging.WARNING)  # Rasa's per-turn debug events are for servers
        logging.getLogger("rasa").setLevel(logging.ERROR)
        os.chdir(ROOT)  # the tokenizer's data files and var/ are relative to the project
        speedups.install()  # as the Rasa server runs: the actions see what they see there
        agent = Agent.load(str(path), action_endpoint=InProcessActionEndpoint())
        return cls(agent)

    async def send(self, text: str, conversation: str, metadata: Optional[Dict[str, Any]] = None) -> Turn:
        output = CollectingOutputChannel()
        await self.agent.handle_message(UserMessage(text, output, conversation, metadata=metadata))
        tracker = await self.agent.tracker_store.retrieve(conversation)
        if tracker is None:
            raise RuntimeError(f"conversation {conversation!r} was not stored")
        parse_data = latest_parse_data(tracker)
        ranking = [
            {"intent": r["intent"], "confidence": round(r["confidence"], 4)}
            for r in joint_ranking(dict(parse_data))[:RANKING_LENGTH]
        ]
        intent = answered_intent(dict(parse_data))
        confidence = ranking[0]["confidence"] if ranking else float((parse_data.get("intent") or {}).get("confidence") or 0)
        slots = {k: v for k, v in tracker.current_slot_values().items() if v is not None and k != "session_started_metadata"}
        return Turn(
            intent=intent,
            confidence=confidence,
            ranking=ranking,
            replies=[m["text"] for m in output.messages if m.get("text")],
            messages=list(output.messages),
            slots=slots,
        )
