"""The dashboard for one period, from the console's question log (madoguchi.question_log),
brought up to date first with what residents asked since the last page view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Optional

import sqlalchemy as sa

from gateway.settings import Settings
from madoguchi import question_log, question_stats, work_queue
from madoguchi.corpus.model import Corpus

DASHBOARD_GROUPS = 20  # the rest is in the work queue


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
    figures: question_stats.Figures
    top_topics: List[tuple]  # (title, count)
    missed: List[MissedGroup]
    missed_total: int  # groups in the period (the dashboard shows the largest)

    @property
    def questions(self) -> int:
        return self.figures.questions

    @property
    def answered(self) -> int:
        return self.figures.answered

    @property
    def rates(self) -> List[question_stats.ChannelRate]:
        return self.figures.rates

    @property
    def daily(self) -> List[tuple]:
        return self.figures.daily

    @property
    def feedback_good(self) -> int:
        return self.figures.feedback_good

    @property
    def feedback_bad(self) -> int:
        return self.figures.feedback_bad

    @property
    def phone(self) -> question_stats.PhoneFigures:
        return self.figures.phone


def engine(settings: Settings) -> sa.engine.Engine:
    return question_log.engine_for(settings.gateway_store)


def refreshed_engine(settings: Settings) -> sa.engine.Engine:
    """The question log, with the turns residents had since the last page view read in."""
    found = engine(settings)
    question_log.refresh(found, settings.tracker_db_url)
    return found


def _missed(group: work_queue.QueueGroup) -> MissedGroup:
    wordings = list(dict.fromkeys(e.text for e in group.examples if e.text != group.text))
    return MissedGroup(group.text, group.count, group.reasons, group.channels, group.topic, wordings)


def titled_topics(corpus: Corpus, counts: List[tuple]) -> List[tuple]:
    titles = corpus.by_id()
    return [(titles[t].short_title if t in titles else t, n) for t, n in counts]


def build(settings: Settings, corpus: Corpus, since: datetime, until: datetime) -> Dashboard:
    store = refreshed_engine(settings)
    figures = question_stats.figures(store, since, until)
    groups, total = work_queue.period_groups(store, since, until, DASHBOARD_GROUPS)
    return Dashboard(since, until, figures, titled_topics(corpus, figures.top_topics), [_missed(g) for g in groups], total)


def period(days: int, now: Optional[datetime] = None) -> tuple:
    until = now or datetime.now(timezone.utc)
    return until - timedelta(days=days), until
