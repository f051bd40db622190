"""`make bench`: the figures a city's IT department asks for, measured on this machine.

- training time of the full model from a cold cache;
- model load time (in-process Agent) and `rasa run` start-up until it answers;
- latency p50/p95 of a chat turn through the REST channel (sequential, and 8 at once);
- resident memory of the Rasa server and the action server after the run;
- `python -m bot.ask` throughput.

Results go to var/bench/results.json and into BENCHMARKS.md between the bench markers.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List, Tuple

from devtools.servers import rss_mb, running_servers
from madoguchi.corpus.validate import check_corpus
from madoguchi.model import ensure_model, model_name, train
from madoguchi.paths import BOT_DIR, ROOT, VAR_DIR

BENCH_DIR = VAR_DIR / "bench"
SEQUENTIAL_TURNS = 200
CONCURRENT_TURNS = 200
CONCURRENCY = 8
ASK_LINES = 200
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


def machine() -> Dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1), "python": platform.python_version()}


def percentile(values: List[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def questions(count: int) -> List[str]:
    corpus, _ = check_corpus()
    pool = [example for topic in corpus.topics for example in topic.examples[:5]]
    return [pool[i % len(pool)] for i in range(count)]


def cold_training_seconds() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env_before = os.environ.get("RASA_CACHE_DIRECTORY")
        os.environ["RASA_CACHE_DIRECTORY"] = str(Path(tmp) / "cache")  # no reuse of earlier training
        try:
            started = time.monotonic()
            train(BOT_DIR, Path(tmp), model_name())
            return time.monotonic() - started
        finally:
            if env_before is None:
                os.environ.pop("RASA_CACHE_DIRECTORY", None)
            else:
                os.environ["RASA_CACHE_DIRECTORY"] = env_before


def load_seconds(model: Path) -> float:
    code = (
        "import pathlib, sys, time; t = time.monotonic(); from bot.agent import Assistant; "
        "Assistant.load(pathlib.Path(sys.argv[1])); print(time.monotonic() - t)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(model)], capture_output=True, text=True, cwd=ROOT, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def ask_throughput(model: Path, load: float) -> float:
    """Lines per second once the model is loaded (the load time is measured separately)."""
    stdin = "".join(json.dumps({"text": q}, ensure_ascii=False) + "\n" for q in questions(ASK_LINES))
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bot.ask", "--model", str(model)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return ASK_LINES / max(time.monotonic() - started - load, 1e-6)


def rest_figures(model: Path) -> Dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, running_servers(model, Path(tmp)) as servers:
        texts = questions(SEQUENTIAL_TURNS + CONCURRENT_TURNS)
        servers.say("warm-up", "こんにちは")
        sequential = []
        for i, text in enumerate(texts[:SEQUENTIAL_TURNS]):
            started = time.monotonic()
            servers.say(f"bench-{i % 20}", text)
            sequential.append(1000 * (time.monotonic() - started))

        def timed(item: Any) -> float:
            i, text = item
            started = time.monotonic()
            servers.say(f"conc-{i % 40}", text)
            return 1000 * (time.monotonic() - started)

        started = time.monotonic()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            concurrent = list(pool.map(timed, enumerate(texts[SEQUENTIAL_TURNS:])))
        wall = time.monotonic() - started
        return {
            "server_start_seconds": round(servers.seconds_to_start, 1),
            "rest_p50_ms": round(statistics.median(sequential), 1),
            "rest_p95_ms": round(percentile(sequential, 0.95), 1),
            "rest_concurrent_p50_ms": round(statistics.median(concurrent), 1),
            "rest_concurrent_p95_ms": round(percentile(concurrent, 0.95), 1),
            "rest_concurrent_turns_per_second": round(CONCURRENT_TURNS / wall, 1),
            "rasa_rss_mb": round(rss_mb(servers.rasa_pid)),
            "actions_rss_mb": round(rss_mb(servers.actions_pid)),
        }


def markdown(figures: Dict[str, Any]) -> str:
    m = figures["machine"]
    rows = [
        ("Training, cold cache (full model)", f"{figures['training_seconds']:.0f} s"),
        ("Model load (in-process Agent)", f"{figures['load_seconds']:.1f} s"),
        ("`rasa run` + action server, start until answering", f"{figures['server_start_seconds']} s"),
        ("REST chat turn, sequential: p50 / p95", f"{figures['rest_p50_ms']} ms / {figures['rest_p95_ms']} ms"),
        (
            f"REST chat turn, {CONCURRENCY} at once: p50 / p95",
            f"{figures['rest_concurrent_p50_ms']} ms / {figures['rest_concurrent_p95_ms']} ms",
        ),
        (f"REST throughput, {CONCURRENCY} at once", f"{figures['rest_concurrent_turns_per_second']} turns/s"),
        ("Rasa server memory (RSS after the run)", f"{figures['rasa_rss_mb']} MB"),
        ("Action server memory (RSS)", f"{figures['actions_rss_mb']} MB"),
        ("`python -m bot.ask` throughput", f"{figures['ask_lines_per_second']:.0f} lines/s"),
    ]
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    return (
        f"{MARK_START}\nMeasured {figures['date']} on {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, "
        f"Python {m['python']}, model `{figures['model']}`.\n\n| What | Figure |\n|---|---|\n{table}\n{MARK_END}"
    )


def write_benchmarks_md(block: str, marks: Tuple[str, str] = (MARK_START, MARK_END)) -> None:
    """Replace the block between the marks (appended at the end when the marks are new)."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if marks[0] not in text:
        text = text.rstrip("\n") + f"\n\n{marks[0]}\n{marks[1]}\n"
    start, end = text.index(marks[0]), text.index(marks[1]) + len(marks[1])
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def main() -> int:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    model = ensure_model()
    figures: Dict[str, Any] = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "model": model.name,
        "training_seconds": cold_training_seconds(),
        "load_seconds": load_seconds(model),
    }
    figures["ask_lines_per_second"] = ask_throughput(model, figures["load_seconds"])
    figures.update(rest_figures(model))
    (BENCH_DIR / "results.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    block = markdown(figures)
    write_benchmarks_md(block)
    print(block)
    shutil.rmtree(BENCH_DIR / "tmp", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
