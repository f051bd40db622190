"""What the staff console shows, read from the conversation store and the staff records.

Each resident message in Rasa's tracker store (SQLite or PostgreSQL, table `events`) is
one turn: what was typed, on which channel, what the assistant understood, and what it did
until the next message. A turn is a *question* unless it is small talk or a button press;
a question is *answered* when it got an FAQ answer or a skill took it on.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import sqlalchemy as sa

from madoguchi.clock import JST
from madoguchi.ranking import joint_ranking
from madoguchi.spec import default_spec

# Below this confidence an answer counts as "low confidence" for staff to check.
LOW_CONFIDENCE = 0.6
FALLBACK_ACTIONS = {"action_suggest_topics"}
HANDOFF_ACTIONS = {"action_human_handoff"}
SKILL_ACTIONS = {
    "action_waste_item_lookup", "action_collection_day", "action_moving_checklist", "action_ask_waste_item_query",
    "action_ask_district", "waste_item_form", "collection_day_form", "moving_form",
}  # fmt: skip


@dataclass
class Turn:
    conversation: str
    at: datetime
    channel: str
    text: str
    intent: str
    confidence: float
    faq_id: Optional[str] = None  # the FAQ answered, if any
    actions: List[str] = field(default_factory=list)
    suggestion: Optional[str] = None  # the closest FAQ topic, for staff to consider
    chosen: Optional[str] = None  # the candidate the resident then picked, if any
    event_id: int = 0  # the user event's row in the tracker store
    language: str = "ja"  # from the message's metadata or the `language` slot, when the bot sets one

    @property
    def is_button(self) -> bool:
        return self.text.startswith("/")

    @property
    def is_question(self) -> bool:
        small_talk = set(default_spec().conversation) - {"out_of_scope"}  # out of scope is still a question
        return not self.is_button and self.intent not in small_talk

    @property
    def outcome(self) -> str:
        """answered, fallback, handoff, out_of_scope or other (small talk, buttons)."""
        if HANDOFF_ACTIONS & set(self.actions):
            return "handoff"
        if FALLBACK_ACTIONS & set(self.actions) or self.intent == "nlu_fallback":
            return "fallback"
        if self.intent == "out_of_scope":
            return "out_of_scope"
        if self.faq_id or SKILL_ACTIONS & set(self.actions):
            return "answered"
        return "other"


def _channel(data: Dict[str, Any]) -> str:
    channel = data.get("input_channel") or "web"
    return "web" if channel in {"rest", "socketio"} else str(channel)


def _start_turn(conversation: str, data: Dict[str, Any], event_id: int = 0, language: str = "ja") -> Turn:
    parse = data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = joint_ranking(parse) if parse.get("response_selector") else []
    topics = [entry["intent"] for entry in ranking if "/" in entry["intent"]]
    return Turn(
        conversation=conversation,
        at=datetime.fromtimestamp(float(data.get("timestamp") or 0), tz=timezone.utc),
        channel=_channel(data),
        text=str(data.get("text") or ""),
        intent=str(intent.get("name") or ""),
        confidence=float(ranking[0]["confidence"]) if ranking else float(intent.get("confidence") or 0.0),
        suggestion=topics[0] if topics else None,
        event_id=event_id,
        language=str((data.get("metadata") or {}).get("language") or language),
    )


def turns_from_events(rows: Iterable[Any]) -> List[Turn]:
    """Rows of (sender_id, type_name, action_name, data) in event order -> resident turns."""
    return turns_from_event_rows((0, *row) for row in rows)


def turns_from_event_rows(rows: Iterable[Any], languages: Optional[Dict[str, str]] = None) -> List[Turn]:
    """Rows of (id, sender_id, type_name, action_name, data) in event order -> resident turns.

    `languages` holds each conversation's language as last set (updated in place), so a
    later batch of events knows the language a conversation chose earlier.
    """
    languages = {} if languages is None else languages
    open_turns: Dict[str, Turn] = {}
    turns: List[Turn] = []
    for event_id, sender, type_name, action_name, raw in rows:
        if type_name == "action":  # the row's columns say all that is needed: no JSON to read
            if sender in open_turns and action_name:
                open_turns[sender].actions.append(action_name)
            continue
        if type_name not in {"user", "bot", "slot"}:
            continue
        data = json.loads(raw) if raw else {}
        if type_name == "user":
            turn = open_turns[sender] = _start_turn(sender, data, int(event_id), languages.get(sender, "ja"))
            turns.append(turn)
            continue
        if type_name == "slot" and data.get("name") == "language" and data.get("value"):
            languages[sender] = str(data["value"])
        turn_or_none = open_turns.get(sender)
        if turn_or_none is None:
            continue
        if type_name == "slot" and data.get("name") == "language" and data.get("value"):
            turn_or_none.language = str(data["value"])
        elif type_name == "bot":
            faq_id = ((data.get("data") or {}).get("custom") or {}).get("faq_id")
            turn_or_none.faq_id = turn_or_none.faq_id or faq_id
    _link_chosen_candidates(turns)
    return turns


def _link_chosen_candidates(turns: List[Turn]) -> None:
    """A question followed by a picked 「もしかして…」 candidate: the pick says what was meant."""
    previous: Dict[str, Turn] = {}
    for turn in turns:
        before = previous.get(turn.conversation)
        if before and before.outcome == "fallback" and turn.is_button and turn.faq_id:
            before.chosen = turn.faq_id
        previous[turn.conversation] = turn


def read_turns(tracker_url: str, since: datetime, until: datetime) -> List[Turn]:
    """Resident turns between two moments, from Rasa's SQL tracker store."""
    url = sa.engine.make_url(tracker_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return []  # no conversation yet: Rasa creates the file on the first message
    engine = sa.create_engine(url)
    query = sa.text(
        "SELECT sender_id, type_name, action_name, data FROM events WHERE timestamp >= :since AND timestamp < :until ORDER BY id"
    )
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                return []
            rows = connection.execute(query, {"since": since.timestamp(), "until": until.timestamp()}).fetchall()
    finally:
        engine.dispose()
    return turns_from_events(rows)


@dataclass
class ChannelRate:
    channel: str
    questions: int
    answered: int

    @property
    def rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


def answer_rates(turns: List[Turn]) -> List[ChannelRate]:
    questions = Counter(t.channel for t in turns if t.is_question)
    answered = Counter(t.channel for t in turns if t.is_question and t.outcome == "answered")
    return [ChannelRate(channel, questions[channel], answered[channel]) for channel in sorted(questions)]


def top_topics(turns: List[Turn], limit: int = 10) -> List[tuple]:
    """The FAQ topics answered most often (candidates picked included), with their counts."""
    return Counter(t.faq_id for t in turns if t.faq_id).most_common(limit)


def daily_counts(turns: List[Turn]) -> List[tuple]:
    """(date, questions, answered) per day, JST dates."""
    questions: Counter = Counter()
    answered: Counter = Counter()
    for turn in turns:
        if turn.is_question:
            day = turn.at.astimezone(JST).date().isoformat()
            questions[day] += 1
            answered[day] += turn.outcome == "answered"
    return [(day, questions[day], answered[day]) for day in sorted(questions)]


MISSED_OUTCOMES = {"fallback", "handoff", "out_of_scope"}  # out of scope: often a city topic the corpus lacks


def is_missed(turn: Turn) -> bool:
    """A question staff should look at: not answered, or answered with low confidence."""
    if not turn.is_question:
        return False
    low_confidence = turn.outcome == "answered" and bool(turn.faq_id) and turn.confidence < LOW_CONFIDENCE
    return turn.outcome in MISSED_OUTCOMES or low_confidence


def unanswered(turns: List[Turn]) -> List[Turn]:
    return [t for t in turns if is_missed(t)]


def reason(turn: Turn) -> str:
    reasons = {"fallback": "回答できず", "handoff": "職員を希望", "out_of_scope": "市の業務外と判断"}
    return reasons.get(turn.outcome, "自信が低い回答")
