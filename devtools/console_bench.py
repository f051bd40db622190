"""`make bench-console`: the staff console at a city's volume (issue 17: under 1 s at 100,000 questions).

Generates 100,000 stored questions (devtools.question_generator) in a temporary folder,
reads them into the question log once (the first sync of a store that already holds them),
adds 1,000 more and times the incremental sync, then times the console's pages through
the real FastAPI app (in-process, so without network cost): the dashboard, the work queue
(first page, a later page, a search, a filter) and the monthly report. Figures go into
BENCHMARKS.md between the console markers, with the date, the machine and its load.
"""

from __future__ import annotations

import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Tuple, cast

from devtools import question_generator
from devtools.bench import machine
from madoguchi import question_log
from madoguchi.paths import ROOT

QUESTIONS = 100_000
NEW_QUESTIONS = 1_000
REPEATS = 5
MARK_START, MARK_END = "<!-- console:start -->", "<!-- console:end -->"
PAGES = [
    ("Dashboard, 7 days", "/console/"),
    ("Dashboard, 30 days", "/console/?days=30"),
    ("Work queue, first page", "/console/queue"),
    ("Work queue, page 20, newest first", "/console/queue?page=20&sort=latest"),
    ("Work queue, search 「マイナンバー」", "/console/queue?search=%E3%83%9E%E3%82%A4%E3%83%8A%E3%83%B3%E3%83%90%E3%83%BC"),
    ("Work queue, phone only, by reason", "/console/queue?channel=phone&sort=reason"),
    ("Monthly report (6 months' trend)", "/console/reports"),
]


def timed(action: Callable[[], object]) -> Tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process): on a shared machine the CPU time is
    what the work costs, the wall-clock time what a person waited under that load."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def page_timings(folder: Path) -> List[Tuple[str, float, float, float]]:
    """(page, median wall s, slowest wall s, median CPU s) over REPEATS requests, after a warm-up request."""
    from fastapi.testclient import TestClient

    from console.accounts import EDITOR, Accounts
    from gateway.app import app
    from gateway.settings import Settings, get_settings
    from gateway.store import Store

    tracker = f"sqlite:///{folder / 'tracker.db'}"
    settings = Settings(data_dir=folder / "gateway", console_secret="bench", tracker_db_url=tracker)  # noqa: S106 - a throwaway store
    Accounts(Store(settings.data_dir)).add("計測", "bench-password", EDITOR)
    app.dependency_overrides[get_settings] = lambda: settings
    client = TestClient(app)
    client.post("/console/login", data={"name": "計測", "password": "bench-password"})
    found = []
    for name, url in PAGES:
        assert client.get(url).status_code == 200, url
        times = [timed(lambda: client.get(url)) for _ in range(REPEATS)]  # noqa: B023 - called within the loop
        walls, cpus = [wall for wall, _ in times], [cpu for _, cpu in times]
        found.append((name, statistics.median(walls), max(walls), statistics.median(cpus)))
    app.dependency_overrides.clear()
    return found


def run() -> Dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="console-bench-") as work:
        folder = Path(work)
        tracker = f"sqlite:///{folder / 'tracker.db'}"
        generate = timed(lambda: question_generator.write_questions(tracker, QUESTIONS, seed=17, days=60))
        engine = question_log.engine_for(question_log.store_url(folder / "gateway"))
        first = timed(lambda: question_log.sync_all(engine, tracker))
        question_generator.write_questions(tracker, NEW_QUESTIONS, seed=18, days=1)
        incremental = timed(lambda: question_log.sync(engine, tracker))
        idle = timed(lambda: question_log.sync(engine, tracker))
        pages = page_timings(folder)
        engine.dispose()
    return {"generate": generate, "first_sync": first, "incremental": incremental, "idle_sync": idle, "pages": pages,
            "load": os.getloadavg()[0]}  # fmt: skip


def markdown(result: Dict[str, object]) -> str:
    m = machine()

    def seconds(key: str, scale: float = 1.0, unit: str = "s", digits: int = 1) -> str:
        wall, cpu = cast(Tuple[float, float], result[key])
        return f"{scale * wall:.{digits}f} {unit} | {scale * cpu:.{digits}f} {unit}"

    rows = [
        f"| Generate {QUESTIONS:,} stored questions (tracker events) | {seconds('generate')} |",
        f"| First read of all of them into the question log (grouping included) | {seconds('first_sync')} |",
        f"| Incremental read of {NEW_QUESTIONS:,} new questions | {seconds('incremental', digits=2)} |",
        f"| Read when nothing is new (every page view does this) | {seconds('idle_sync', 1000, 'ms', 0)} |",
    ]
    rows += [f"| {name}: median (slowest) of {REPEATS} | {1000 * median:.0f} ms ({1000 * slowest:.0f} ms) | {1000 * cpu:.0f} ms |"
             for name, median, slowest, cpu in result["pages"]]  # type: ignore[attr-defined]  # fmt: skip
    return "\n".join([
        MARK_START,
        f"## The staff console at {QUESTIONS:,} questions (`make bench-console`)",
        "",
        f"Measured {datetime.date.today()} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']};"
        f" load average {result['load']:.1f} at the end (the machine is shared). Pages through the real FastAPI app"
        " in-process (no network), SQLite stores. Wall-clock time is what a person waited on the machine under"
        " that load; CPU time is what the work costs (on a quiet 2-core machine the wait is close to it).",
        "", "| What | Wall clock | CPU |", "|---|---|---|", *rows, MARK_END,
    ])  # fmt: skip


def write(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    current = path.read_text(encoding="utf-8")
    if MARK_START in current:
        before, rest = current.split(MARK_START, 1)
        current = before + text + rest.split(MARK_END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(current, encoding="utf-8")


def main() -> None:
    result = run()
    text = markdown(result)
    print(text)
    write(text)


if __name__ == "__main__":
    main()
