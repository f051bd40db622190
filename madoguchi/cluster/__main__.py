"""`python -m madoguchi.cluster start|stop|status|retention` (`make cluster`, `make cluster-stop`).

`retention [--days N]` runs the gateway workers' hourly retention job once on the cluster's
PostgreSQL (`python -m madoguchi.retention` reads the settings of `make run`: beside a
cluster it purged the SQLite files under var/, none of the cluster's conversations)."""

from __future__ import annotations

import argparse
import sys

from madoguchi.cluster import services
from madoguchi.cluster.layout import CLUSTER_DIR, Layout


def main(argv: "list[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m madoguchi.cluster", description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status", "retention"])
    parser.add_argument("--days", type=int, help="retention: override MADOGUCHI_RETENTION_DAYS")
    args = parser.parse_args(argv)
    if args.command == "stop":
        if (CLUSTER_DIR / "layout.json").exists():
            services.stop_all(Layout.load(CLUSTER_DIR))
        print("cluster stopped")
        return 0
    if args.command == "status":
        if not (CLUSTER_DIR / "layout.json").exists():
            print("no cluster here (make cluster starts one)")
            return 1
        for name, state in services.status(Layout.load(CLUSTER_DIR)).items():
            print(f"{name:12} {state}")
        return 0
    if args.command == "retention":
        return _retention(args.days)
    return _start()


def _retention(days: "int | None") -> int:
    from gateway.settings import get_settings
    from madoguchi.retention import purge

    if not (CLUSTER_DIR / "layout.json").exists():
        print("no cluster here (make cluster starts one)", file=sys.stderr)
        return 1
    database = Layout.load(CLUSTER_DIR).database_url  # conversations, the gateway's stores, the staff log
    days = get_settings().retention_days if days is None else days
    purged = purge(days, database, database, database)
    print("retention is off (0 days)" if purged is None else f"cluster, {days} days: {purged}")
    return 0


def _start() -> int:
    from madoguchi.model import CorpusInvalid, ensure_model

    try:
        model = ensure_model()
    except CorpusInvalid as error:
        print(f"{error}\nThe corpus has problems: fix them (make validate) and run again.", file=sys.stderr)
        return 1
    layout = Layout.for_folder(CLUSTER_DIR)
    try:
        services.start(layout, model)
    except (RuntimeError, TimeoutError, OSError) as error:
        print(f"the cluster did not start: {error}\n(make cluster-stop stops what did)", file=sys.stderr)
        return 1
    ports = layout.ports
    print(
        f"cluster up (model {model.name}): Rasa REST on :{ports.rasa} -> {ports.rasa_servers}, "
        f"actions on :{ports.actions} -> {ports.action_servers}, gateway on :{ports.gateway} -> "
        f"{ports.gateway_workers}; PostgreSQL :{ports.postgres}, Redis :{ports.redis}; "
        f"logs in {layout.logs}; make cluster-stop stops it"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
