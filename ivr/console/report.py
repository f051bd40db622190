"""The dashboard for one period: gathered from the conversation store, the staff records
(feedback, unknown waste items) and the gateway's records (calls, transfers, SMS)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional

from ivr.settings import Settings
from ivr.store import Store
from madoguchi import analytics, staff_log
from madoguchi.corpus.model import Corpus
from madoguchi.grouping import Group, group_questions


@dataclass
class Missed:
    """One question staff should look at, whatever recorded it."""

    text: str
    reason: str
    channel: str
    at: str
    suggestion: Optional[str] = None  # the topic it probably belongs to


@dataclass
class MissedGroup:
    text: str
    count: int
    reasons: Dict[str, int]
    channels: Dict[str, int]
    suggestion: Optional[str]
    examples: List[str] = field(default_factory=list)  # other wordings, for the staff to read


@dataclass
class Dashboard:
    since: datetime
    until: datetime
    questions: int
    answered: int
    rates: List[analytics.ChannelRate]
    top_topics: List[tuple]
    daily: List[tuple]
    missed: List[MissedGroup]
    feedback_good: int
    feedback_bad: int
    calls: int
    transfers: Dict[str, int]
    sms: Dict[str, int]


def _missed_from_turns(turns: List[analytics.Turn]) -> List[Missed]:
    return [
        Missed(t.text, analytics.reason(t), t.channel, t.at.isoformat(), t.chosen or t.suggestion or t.faq_id)
        for t in analytics.unanswered(turns)
    ]


def _channel_of(conversation: str) -> str:
    return "phone" if conversation.startswith("call-") else "web"  # the gateway's conversation keys


def _not_helpful(row: dict) -> str:
    """「役に立たなかった」, with the resident's reason when they gave one."""
    reason = row.get("reason") or ""
    return f"役に立たなかった：{reason}" if reason else "役に立たなかった"


def _missed_from_staff_log(feedback: List[dict], since: str) -> List[Missed]:
    found = [
        Missed(row["question"], _not_helpful(row), row["channel"], row["at"], row["faq_id"])
        for row in feedback
        if not row["helpful"]
    ]
    found += [
        Missed(row["question"], f"品目が辞書にない（{row['item']}）", _channel_of(row["conversation"]), row["at"],
               "waste/sorting_rules")
        for row in staff_log.rows("unknown_items", since)
    ]  # fmt: skip
    return found


def _summarize(group: Group[Missed]) -> MissedGroup:
    suggestions = Counter(m.suggestion for m in group.members if m.suggestion)
    wordings = list(dict.fromkeys(m.text for m in group.members))
    return MissedGroup(
        text=group.text,
        count=group.count,
        reasons=dict(Counter(m.reason for m in group.members)),
        channels=dict(Counter(m.channel for m in group.members)),
        suggestion=suggestions.most_common(1)[0][0] if suggestions else None,
        examples=wordings[1:6],
    )


def _in_period(rows: List[dict], since: str, until: str) -> List[dict]:
    return [row for row in rows if since <= row.get("at", row.get("updated", "")) < until]


def build(settings: Settings, corpus: Corpus, since: datetime, until: datetime) -> Dashboard:
    turns = analytics.read_turns(settings.tracker_db_url, since, until)
    iso_since, iso_until = since.astimezone(timezone.utc).isoformat(), until.astimezone(timezone.utc).isoformat()
    feedback = _in_period(staff_log.rows("feedback", iso_since), iso_since, iso_until)
    missed = _missed_from_turns(turns) + [m for m in _missed_from_staff_log(feedback, iso_since) if m.at < iso_until]
    groups = [_summarize(g) for g in group_questions(missed, text_of=lambda m: m.text)]
    store = Store(settings.data_dir)
    calls = [row for row in store.rows("calls") if iso_since <= row["updated"] < iso_until]
    transfers = Counter(row["status"] for row in _in_period(store.rows("transfers"), iso_since, iso_until))
    sms = Counter(row["status"] for row in _in_period(store.rows("sms_outbox"), iso_since, iso_until))
    rates = analytics.answer_rates(turns)
    titles = corpus.by_id()
    return Dashboard(
        since=since,
        until=until,
        questions=sum(r.questions for r in rates),
        answered=sum(r.answered for r in rates),
        rates=rates,
        top_topics=[(titles[t].short_title if t in titles else t, n) for t, n in analytics.top_topics(turns)],
        daily=analytics.daily_counts(turns),
        missed=groups,
        feedback_good=sum(1 for row in feedback if row["helpful"]),
        feedback_bad=sum(1 for row in feedback if not row["helpful"]),
        calls=len(calls),
        transfers=dict(transfers),
        sms=dict(sms),
    )


def period(days: int, now: Optional[datetime] = None) -> tuple:
    until = now or datetime.now(timezone.utc)
    return until - timedelta(days=days), until
