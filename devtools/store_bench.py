"""`python -m devtools.store_bench`: what the gateway's own store costs a phone
webhook on SQLite (`make run`) and on PostgreSQL (`make cluster`).

Each webhook loads the call's state and saves it again; the SMS workers claim outbox rows.
Measured single stream and with several threads at once (as two gateway workers' requests
meet in the store), on a scratch SQLite file and on a PostgreSQL of its own started like the
cluster's (Debian's package, loopback, a free port). Bounded: a few thousand operations.
Prints a Markdown table for BENCHMARKS.md with the date, the machine and its load average.
"""

from __future__ import annotations

import datetime
import os
import platform
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Dict, List

from gateway.store import CallState, Store

SINGLE_TURNS = 300
THREADS = 8
TURNS_PER_THREAD = 100
OUTBOX_MESSAGES = 200
OUTBOX_WORKERS = 4


def _percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _turn(store: Store, sid: str, n: int) -> float:
    """One webhook's store work: load the call, move it on, save it; milliseconds."""
    started = time.perf_counter()
    state = store.load(sid) or CallState(sid=sid, conversation=f"call-{sid}", caller_kind="mobile")
    state.step, state.menu, state.prompt = n, "gomi", "粗大ごみは事前の申し込みが必要です。" * 3
    store.save(state)
    return (time.perf_counter() - started) * 1000


def _concurrent(store: Store) -> Dict[str, float]:
    times: List[float] = []
    lock = threading.Lock()

    def caller(index: int) -> None:
        mine = [_turn(store, f"CAconc{index}", n) for n in range(TURNS_PER_THREAD)]
        with lock:
            times.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=caller, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {"per_second": len(times) / seconds, "p95": _percentile(times, 0.95)}


def _outbox(store: Store) -> Dict[str, float]:
    """Workers racing for the same due messages: each is claimed once; claims per second."""
    for n in range(OUTBOX_MESSAGES):
        store.queue_sms(f"call-{n}", "mobile", "sealed", "本文", next_at=1.0)
    claimed: List[int] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            due = store.due_sms(now=2.0, limit=20)
            if not due:
                return
            mine = [row["id"] for row in due if store.claim_sms(row["id"], row["next_at"], 1e12)]
            with lock:
                claimed.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(OUTBOX_WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == OUTBOX_MESSAGES, "a message claimed twice or lost"
    return {"per_second": len(claimed) / seconds}


def measure(store: Store) -> Dict[str, float]:
    single = [_turn(store, "CAsingle", n) for n in range(SINGLE_TURNS)]
    figures = {"p50": statistics.median(single), "p95": _percentile(single, 0.95)}
    figures.update({f"concurrent_{k}": v for k, v in _concurrent(store).items()})
    figures["claims_per_second"] = _outbox(store)["per_second"]
    return figures


def main() -> int:
    from devtools.servers import free_port
    from madoguchi.cluster import postgres
    from madoguchi.cluster.layout import Layout, Ports

    load_before = os.getloadavg()[0]
    results: Dict[str, Dict[str, float]] = {}
    folder = Path(tempfile.mkdtemp(prefix="madoguchi-store-bench-"))
    folder.chmod(0o755)  # PostgreSQL runs as the postgres user when we are root
    layout = Layout.for_folder(folder / "postgres", Ports.free(free_port))
    try:
        results["SQLite"] = measure(Store(folder / "sqlite"))
        postgres.start(layout)
        results["PostgreSQL"] = measure(Store(layout.database_url))
    finally:
        postgres.stop(layout)
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()[0]
    print(f"Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {load_before:.1f} before / {load_after:.1f} after:\n")  # fmt: skip
    print("| gateway store | SQLite | PostgreSQL |\n|---|---|---|")
    rows = [
        ("a webhook's load + save, single stream: p50 / p95", lambda f: f"{f['p50']:.1f} / {f['p95']:.1f} ms"),
        (f"{THREADS} threads at once: webhooks/s, p95",
         lambda f: f"{f['concurrent_per_second']:.0f}/s, p95 {f['concurrent_p95']:.1f} ms"),
        (f"SMS claims, {OUTBOX_WORKERS} workers racing (each message once)", lambda f: f"{f['claims_per_second']:.0f}/s"),
    ]  # fmt: skip
    for label, cell in rows:
        print(f"| {label} | {cell(results['SQLite'])} | {cell(results['PostgreSQL'])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
