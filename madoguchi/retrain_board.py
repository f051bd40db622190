"""The console's retraining as every gateway worker sees it: one row in the gateway's store.

With several gateway workers behind nginx (`make cluster`) the request that starts a
retrain and the console's polls reach different workers. The worker that trains claims
the row (one retrain at a time across all workers: training twice at once would double
the memory and write the generated data twice) and publishes its progress there every
second; any worker answers a poll from it. A worker that dies while training stops
publishing: after STALE_SECONDS its retrain is reported as failed and may be started again.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from typing import Any, Dict, Optional

import sqlalchemy as sa

from madoguchi.database import Location, engine

PUBLISH_SECONDS = 1.0
STALE_SECONDS = 60.0
ROW = "console"
WORKER_GONE = "再学習を実行していたゲートウェイが止まりました。もう一度再学習してください。"

metadata = sa.MetaData()
retrain_progress = sa.Table(
    "retrain_progress", metadata,
    sa.Column("name", sa.String(16), primary_key=True), sa.Column("state", sa.String(16), nullable=False),
    sa.Column("owner", sa.String(120), nullable=False), sa.Column("updated", sa.Float, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)  # fmt: skip


class RetrainBoard:
    def __init__(self, location: Location) -> None:
        self.engine = engine(location, metadata)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        with self.engine.begin() as db:
            db.execute(
                sa.text(
                    "INSERT INTO retrain_progress (name, state, owner, updated, data) VALUES (:name, 'idle', '', 0, '{}')"
                    " ON CONFLICT (name) DO NOTHING"
                ),
                {"name": ROW},
            )

    def claim(self, progress: Dict[str, Any], now: Optional[float] = None) -> bool:
        """Take the board for a new retrain; False while another worker's retrain runs."""
        now = now or time.time()
        row = retrain_progress.c
        query = (
            retrain_progress.update()
            .where(row.name == ROW, sa.or_(row.state != "running", row.updated < now - STALE_SECONDS))
            .values(state="running", owner=self.owner, updated=now, data=json.dumps(progress, ensure_ascii=False))
        )
        with self.engine.begin() as db:
            return db.execute(query).rowcount == 1

    def publish(self, progress: Dict[str, Any], now: Optional[float] = None) -> None:
        """This worker's progress (only while the board is its own)."""
        row = retrain_progress.c
        query = (
            retrain_progress.update()
            .where(row.name == ROW, row.owner == self.owner)
            .values(state=progress["state"], updated=now or time.time(), data=json.dumps(progress, ensure_ascii=False))
        )
        with self.engine.begin() as db:
            db.execute(query)

    def current(self, now: Optional[float] = None) -> Optional[Dict[str, Any]]:
        """The latest retrain's progress as published; None before any."""
        with self.engine.connect() as db:
            found = db.execute(sa.select(retrain_progress).where(retrain_progress.c.name == ROW)).first()
        if found is None or found.state == "idle":
            return None
        progress: Dict[str, Any] = json.loads(found.data)
        if found.state == "running" and found.updated < (now or time.time()) - STALE_SECONDS:
            progress.update(state="failed", message=WORKER_GONE)
        return progress
