"""`python -m madoguchi.cluster start|stop|status` (`make cluster`, `make cluster-stop`)."""

from __future__ import annotations

import argparse
import sys

from madoguchi.cluster import services
from madoguchi.cluster.layout import CLUSTER_DIR, Layout


def main(argv: "list[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m madoguchi.cluster", description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status"])
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
    return _start()


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
