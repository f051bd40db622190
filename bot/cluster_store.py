"""The cluster's conversation store: the masking SQL store, checking pooled connections.

After PostgreSQL restarts, every connection in a Rasa server's pool is dead; without a
check the first turn on each pooled connection fails although the database is back.
`pool_pre_ping` tests a connection as it is taken from the pool (one round trip on
loopback) and replaces it when it is dead, so errors last only while PostgreSQL is down.

Named in the cluster's endpoints (madoguchi/cluster/services.py).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import create_engine_kwargs

from bot.tracker_store import MaskingSQLTrackerStore


class ClusterTrackerStore(MaskingSQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        old: sa.engine.Engine = self.engine  # type: ignore[has-type]
        url = old.url
        old.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
