"""Figures for a period, counted by the database from madoguchi.question_log's rows and the
gateway's phone records: what the dashboard and the weekly and monthly reports show.

A *question* is a resident's turn that is not small talk or a button; it is *answered*
when an FAQ answer or a skill took it on (madoguchi.analytics). Days are Japanese days.

The phone's outcomes, per call (the gateway's tables, keyed by the call's conversation):
- finished without staff: an answer was heard (an FAQ or a skill answered a question of the
  call) or an SMS was sent, and the call was neither transferred nor left a message;
- routed to a department: transferred to a department's number (not the main one);
- passed to the operator or voicemail: transferred to the main number, or left a message;
- out of hours: a transfer was asked for while the offices were closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, List, Optional, Tuple

import sqlalchemy as sa

from madoguchi import staff_log

MAIN_LINE = "main"  # the department of a transfer to the city's main number (the operator)


@dataclass
class ChannelRate:
    channel: str
    questions: int
    answered: int

    @property
    def rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


@dataclass
class PhoneFigures:
    calls: int = 0
    without_staff: int = 0
    to_department: int = 0
    to_operator_or_voicemail: int = 0
    out_of_hours: int = 0
    sms_sent: int = 0
    sms_failed: int = 0

    def share(self, count: int) -> float:
        return count / self.calls if self.calls else 0.0


@dataclass
class Figures:
    since: datetime
    until: datetime
    rates: List[ChannelRate]
    top_topics: List[Tuple[str, int]]  # faq id, times answered
    daily: List[Tuple[str, int, int]]  # JST day, questions, answered
    feedback_good: int
    feedback_bad: int
    phone: PhoneFigures = field(default_factory=PhoneFigures)

    @property
    def questions(self) -> int:
        return sum(r.questions for r in self.rates)

    @property
    def answered(self) -> int:
        return sum(r.answered for r in self.rates)

    @property
    def answer_rate(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    @property
    def feedback(self) -> int:
        return self.feedback_good + self.feedback_bad

    @property
    def feedback_rate(self) -> float:
        """Answers the resident rated (役に立った／立たなかった), of the answered questions."""
        return min(1.0, self.feedback / self.answered) if self.answered else 0.0


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _turns(db: sa.engine.Connection, since: datetime, until: datetime) -> Tuple[List[ChannelRate], List[Any], List[Any]]:
    params = {"since": since.timestamp(), "until": until.timestamp()}
    in_period = "source = 'turn' AND at >= :since AND at < :until"
    answered = "SUM(CASE WHEN outcome = 'answered' THEN 1 ELSE 0 END)"
    rates = [
        ChannelRate(str(channel), int(n), int(ok or 0))
        for channel, n, ok in db.execute(
            sa.text(
                f"SELECT channel, COUNT(*), {answered} FROM question_log WHERE {in_period} AND is_question = 1"  # noqa: S608
                " GROUP BY channel ORDER BY channel"
            ),
            params,
        )  # fmt: skip
    ]
    topics = list(db.execute(
        sa.text(f"SELECT faq_id, COUNT(*) AS n FROM question_log WHERE {in_period} AND faq_id IS NOT NULL"  # noqa: S608
                " GROUP BY faq_id ORDER BY n DESC, faq_id LIMIT 10"), params))  # fmt: skip
    daily = list(db.execute(
        sa.text(f"SELECT day, COUNT(*), {answered} FROM question_log WHERE {in_period} AND is_question = 1"  # noqa: S608
                " GROUP BY day ORDER BY day"), params))  # fmt: skip
    return rates, topics, daily


def _phone(db: sa.engine.Connection, since: datetime, until: datetime) -> PhoneFigures:
    """The phone's outcomes from the gateway's tables (absent in a store without calls)."""
    tables = set(sa.inspect(db).get_table_names())
    if "calls" not in tables:
        return PhoneFigures()
    iso = {"since": _iso(since), "until": _iso(until)}
    in_period = sa.text("SELECT state FROM calls WHERE updated >= :since AND updated < :until")
    calls = {str(state) for (state,) in db.execute(in_period, iso)}
    conversations = {_conversation(state) for state in calls}

    def by_conversation(query: str) -> List[Any]:
        return [row for row in db.execute(sa.text(query), iso) if row[0] in conversations]

    transfers = by_conversation("SELECT conversation, department, status FROM transfers WHERE at >= :since AND at < :until")
    messages = {row[0] for row in by_conversation("SELECT conversation FROM recordings WHERE at >= :since AND at < :until")}
    sms = by_conversation("SELECT conversation, status FROM sms_outbox WHERE at >= :since AND at < :until")
    answered = {str(c) for (c,) in db.execute(sa.text(
        "SELECT DISTINCT conversation FROM question_log WHERE source = 'turn' AND channel = 'phone' AND outcome = 'answered'"
        " AND at >= :since AND at < :until"), {"since": since.timestamp(), "until": until.timestamp()})}  # fmt: skip
    answered |= {_conversation(state) for state in calls if '"faq_id": "' in state}  # a menu answer, read from the corpus
    transferred = {row[0] for row in transfers}
    sms_sent = {row[0] for row in sms if row[1] == "sent"}
    operator = {row[0] for row in transfers if row[1] == MAIN_LINE and row[2] != "closed"} | messages
    return PhoneFigures(
        calls=len(conversations),
        without_staff=len(((answered | sms_sent) & conversations) - transferred - messages),
        to_department=len({row[0] for row in transfers if row[1] != MAIN_LINE and row[2] != "closed"}),
        to_operator_or_voicemail=len(operator),
        out_of_hours=len({row[0] for row in transfers if row[2] == "closed"}),
        sms_sent=sum(1 for row in sms if row[1] == "sent"),
        sms_failed=sum(1 for row in sms if row[1] == "failed"),
    )


def _conversation(state: str) -> str:
    """The conversation key inside a stored call state (JSON), without parsing all of it."""
    marker = '"conversation": "'
    start = state.find(marker)
    return state[start + len(marker) : state.find('"', start + len(marker))] if start >= 0 else ""


def first_question(engine: sa.engine.Engine) -> Optional[datetime]:
    """When the earliest stored turn was (None before the first one)."""
    with engine.connect() as db:
        at = db.execute(sa.text("SELECT MIN(at) FROM question_log")).scalar()
    return datetime.fromtimestamp(float(at), tz=timezone.utc) if at is not None else None


def figures(engine: sa.engine.Engine, since: datetime, until: datetime) -> Figures:
    with engine.connect() as db:
        rates, topics, daily = _turns(db, since, until)
        phone = _phone(db, since, until)
    good, bad = staff_log.feedback_counts(_iso(since), _iso(until))
    return Figures(
        since=since, until=until, rates=rates,
        top_topics=[(str(faq), int(n)) for faq, n in topics],
        daily=[(str(day), int(n), int(ok or 0)) for day, n, ok in daily],
        feedback_good=good, feedback_bad=bad, phone=phone,
    )  # fmt: skip
