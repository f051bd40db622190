"""The unanswered questions as a work queue: groups of similar questions staff have not handled.

A group is in the queue while it has questions after the moment it was last handled
(`handled_at`, 0 when never): marking it done (対応済み) or ignored (対象外) takes it out,
and a resident asking it again brings it back with only the new questions counted.
Reads only madoguchi.question_log's tables, with aggregate SQL that runs on SQLite and
PostgreSQL; a page reads at most PAGE_SIZE groups and their details.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

import sqlalchemy as sa

from madoguchi.clock import JST

PAGE_SIZE = 50
EXAMPLES_PER_GROUP = 3
SORTS = {  # name -> ORDER BY of the grouped query (fixed texts, never user input)
    "count": "n DESC, latest DESC, g.id",
    "latest": "latest DESC, n DESC, g.id",
    "reason": "reason, n DESC, g.id",
}
STATUSES = {"done": "対応済み", "ignored": "対象外"}
MAX_SEARCH_CHARS = 100


@dataclass(frozen=True)
class QueueFilter:
    search: str = ""
    channel: str = ""
    reason: str = ""
    topic: str = ""
    language: str = ""
    sort: str = "count"
    page: int = 1

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        if self.page < 1:
            raise ValueError("page starts at 1")
        if len(self.search) > MAX_SEARCH_CHARS:
            raise ValueError(f"search is at most {MAX_SEARCH_CHARS} characters")


@dataclass
class Example:
    text: str
    at: datetime  # Japan time
    channel: str


@dataclass
class QueueGroup:
    id: int
    text: str
    count: int
    latest: datetime  # Japan time
    reasons: Dict[str, int]
    channels: Dict[str, int]
    languages: Dict[str, int]
    topic: Optional[str]  # the topic the questions most likely belong to
    status: str  # open, or done/ignored when it came back after being handled
    handled_by: Optional[str]
    examples: List[Example] = field(default_factory=list)


@dataclass
class QueuePage:
    groups: List[QueueGroup]
    total: int  # groups in the queue with this filter
    questions: int  # questions in those groups
    filter: QueueFilter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(f: QueueFilter, since: Optional[float] = None, until: Optional[float] = None) -> Tuple[str, Dict[str, Any]]:
    """Conditions on the members (q) that count, and their parameters."""
    conditions = ["q.group_id IS NOT NULL"]
    params: Dict[str, Any] = {}
    if since is None:  # the queue: what came after the group was last handled
        conditions.append("q.at > g.handled_at")
    else:  # a period, whatever was handled
        conditions.append("q.at >= :since AND q.at < :until")
        params.update(since=since, until=until)
    for column in ("channel", "reason", "topic", "language"):
        value = getattr(f, column)
        if value:
            conditions.append(f"q.{column} = :{column}")
            params[column] = value
    if f.search.strip():
        conditions.append("g.id IN (SELECT s.group_id FROM question_wordings s WHERE s.text LIKE :search ESCAPE '\\')")
        params["search"] = _like(f.search.strip())
    return " AND ".join(conditions), params


def _grouped(where: str) -> str:
    # `where` is built from fixed texts only; values are parameters
    return (
        "SELECT g.id AS id, g.text AS text, g.status AS status, g.handled_by AS handled_by, COUNT(*) AS n,"  # noqa: S608
        " MAX(q.at) AS latest, MIN(q.reason) AS reason"
        f" FROM question_log q JOIN question_groups g ON g.id = q.group_id WHERE {where}"
        " GROUP BY g.id, g.text, g.status, g.handled_by"
    )


def _details(db: sa.engine.Connection, ids: List[int], where: str, params: Dict[str, Any]) -> Dict[int, Dict[str, Counter]]:
    """Per group: how many questions per reason, channel, topic and language (members that count)."""
    found: Dict[int, Dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    if not ids:
        return found
    marks = ", ".join(f":id{n}" for n in range(len(ids)))
    query = (
        "SELECT q.group_id, q.reason, q.channel, q.topic, q.language, COUNT(*) FROM question_log q"  # noqa: S608
        f" JOIN question_groups g ON g.id = q.group_id WHERE {where} AND q.group_id IN ({marks})"
        " GROUP BY q.group_id, q.reason, q.channel, q.topic, q.language"
    )
    for group_id, reason, channel, topic, language, n in db.execute(sa.text(query), {**params, **_ids(ids)}):
        for name, value in (("reasons", reason), ("channels", channel), ("topics", topic), ("languages", language)):
            if value:
                found[group_id][name][value] += n
    return found


def _ids(ids: List[int]) -> Dict[str, int]:
    return {f"id{n}": group_id for n, group_id in enumerate(ids)}


def _examples(
    db: sa.engine.Connection, ids: List[int], where: str, params: Dict[str, Any], per_group: int
) -> Dict[int, List[Example]]:
    """The latest few questions of each group, as residents wrote them."""
    if not ids:
        return {}
    marks = ", ".join(f":id{n}" for n in range(len(ids)))
    query = (
        "SELECT group_id, text, at, channel FROM (SELECT q.group_id, q.text, q.at, q.channel,"  # noqa: S608
        " ROW_NUMBER() OVER (PARTITION BY q.group_id ORDER BY q.at DESC) AS place FROM question_log q"
        f" JOIN question_groups g ON g.id = q.group_id WHERE {where} AND q.group_id IN ({marks})) latest"
        " WHERE place <= :per_group ORDER BY group_id, at DESC"
    )
    found: Dict[int, List[Example]] = defaultdict(list)
    for group_id, text, at, channel in db.execute(sa.text(query), {**params, **_ids(ids), "per_group": per_group}):
        found[group_id].append(Example(text, datetime.fromtimestamp(at, tz=JST), channel))
    return found


def _groups(db: sa.engine.Connection, rows: List[Any], where: str, params: Dict[str, Any], per_group: int) -> List[QueueGroup]:
    ids = [int(row.id) for row in rows]
    details = _details(db, ids, where, params)
    examples = _examples(db, ids, where, params, per_group)
    groups = []
    for row in rows:
        counts = details[row.id]
        topics = counts["topics"].most_common(1)
        groups.append(QueueGroup(
            id=int(row.id), text=row.text, count=int(row.n), latest=datetime.fromtimestamp(row.latest, tz=JST),
            reasons=dict(counts["reasons"].most_common()), channels=dict(counts["channels"].most_common()),
            languages=dict(counts["languages"].most_common()), topic=topics[0][0] if topics else None,
            status=row.status, handled_by=row.handled_by, examples=examples.get(row.id, []),
        ))  # fmt: skip
    return groups


def queue_page(engine: sa.engine.Engine, f: QueueFilter, page_size: int = PAGE_SIZE) -> QueuePage:
    where, params = _where(f)
    grouped = _grouped(where)
    with engine.connect() as db:
        total, questions = db.execute(sa.text(f"SELECT COUNT(*), COALESCE(SUM(n), 0) FROM ({grouped}) counted"), params).one()  # noqa: S608
        query = f"{grouped} ORDER BY {SORTS[f.sort]} LIMIT :limit OFFSET :offset"
        rows = list(db.execute(sa.text(query), {**params, "limit": page_size, "offset": (f.page - 1) * page_size}))
        groups = _groups(db, rows, where, params, EXAMPLES_PER_GROUP)
    return QueuePage(groups, int(total), int(questions), f)


def all_groups(engine: sa.engine.Engine, f: QueueFilter) -> List[QueueGroup]:
    """Every group of the queue with this filter, for an export (one query per 500 groups)."""
    found: List[QueueGroup] = []
    page = 1
    while True:
        batch = queue_page(engine, QueueFilter(**{**f.__dict__, "page": page}), page_size=500)
        found += batch.groups
        if page >= batch.pages:
            return found
        page += 1


def period_groups(engine: sa.engine.Engine, since: datetime, until: datetime, limit: int = 20) -> Tuple[List[QueueGroup], int]:
    """The largest groups of a period (handled or not) and how many groups there were: dashboard and reports."""
    where, params = _where(QueueFilter(), since.timestamp(), until.timestamp())
    grouped = _grouped(where)
    with engine.connect() as db:
        total = db.execute(sa.text(f"SELECT COUNT(*) FROM ({grouped}) counted"), params).scalar()  # noqa: S608
        query = f"{grouped} ORDER BY {SORTS['count']} LIMIT :limit"
        rows = list(db.execute(sa.text(query), {**params, "limit": limit}))
        groups = _groups(db, rows, where, params, 5)
    return groups, int(total or 0)


def facets(engine: sa.engine.Engine) -> Dict[str, List[str]]:
    """The values the queue's filters offer: channels, reasons, topics and languages seen."""
    found: Dict[str, List[str]] = {}
    with engine.connect() as db:
        for column in ("channel", "reason", "topic", "language"):
            query = f"SELECT DISTINCT {column} FROM question_log WHERE group_id IS NOT NULL AND {column} IS NOT NULL"  # noqa: S608
            found[column] = sorted(str(value) for value in db.execute(sa.text(query)).scalars())
    return found


class UnknownGroup(LookupError):
    pass


def mark(engine: sa.engine.Engine, group_id: int, status: str, staff: str, now: Optional[float] = None) -> str:
    """Take a group out of the queue (done or ignored) in a staff member's name; the group's text."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    with engine.begin() as db:
        text = db.execute(sa.text("SELECT text FROM question_groups WHERE id = :id"), {"id": group_id}).scalar()
        if text is None:
            raise UnknownGroup(group_id)
        db.execute(
            sa.text("UPDATE question_groups SET status = :status, handled_by = :staff, handled_at = :at WHERE id = :id"),
            {"status": status, "staff": staff, "at": now or time.time(), "id": group_id},
        )
    return str(text)
