"""`make bench-load`: load on the Rasa REST channel, the chat API and the signed phone
webhooks, for `make run`'s single node, `make cluster`, and Rasa's own `rasa init` bot, in
one run on one machine (one stack at a time, so they do not share the cores).

Every loop is bounded in count and in time. Figures go to var/bench/load.json and into
BENCHMARKS.md between the load markers, with a last line saying whether the single node meets
issue 15's targets (`make run`: every turn kind p95 ≤ 60 ms single stream; with 20 concurrent
residents at least 3× the `rasa init` bot's turns per second, p95 ≤ 600 ms).

Wall-clock figures depend on what else the machine runs; the server CPU time per turn
(Rasa server and action server, read from /proc around each single-stream turn) does much
less, and shows what a change saved on a shared machine.
MADOGUCHI_LOAD_STACKS picks stacks (e.g. `rasa init,make run`); all three by default.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import httpx
from twilio.request_validator import RequestValidator

from devtools.bench import BENCH_DIR, machine, percentile, write_benchmarks_md
from devtools.servers import cpu_ms, free_port, rss_mb, running_servers, wait_for
from madoguchi.model import ensure_model
from madoguchi.paths import ROOT, project_env
from madoguchi.settings import Settings

MARKS = ("<!-- load:start -->", "<!-- load:end -->")
# One resident's conversation, in the words residents use; the same for every stack.
CONVERSATION: List[Tuple[str, str]] = [
    ("FAQ", "粗大ごみを出したい"),
    ("form start", "燃やすごみの日はいつ？"),
    ("form answer", "東町"),
    ("item lookup", "ソファは何ごみ？"),
]
SINGLE_CONVERSATIONS = 25  # single stream: 25 conversations of 4 turns, one turn at a time
WARM_UP_CONVERSATIONS = 2  # before them, for every stack alike
CONCURRENCY = 20
SECONDS = float(os.environ.get("MADOGUCHI_LOAD_SECONDS", "20"))
MAX_TURNS_PER_SENDER = 1000
PHONE_TOKEN = "development"  # noqa: S105 - the development gateway's placeholder Twilio token
# issue 15's single-node targets
TARGET_SINGLE_P95_MS = 60.0
TARGET_THROUGHPUT_FACTOR = 3.0
TARGET_CONCURRENT_P95_MS = 600.0
STACKS = ("rasa init", "make run", "make cluster")


@dataclass
class Sample:
    kind: str
    ms: float
    ok: bool
    cpu_ms: Optional[float] = None  # the servers' CPU time for this turn (single stream)


@dataclass
class Stack:
    name: str
    rest: str
    gateway: Optional[str] = None
    rasa_pids: List[int] = field(default_factory=list)
    token: str = ""  # the REST channel's token (our stacks; Rasa's init bot has none)
    server_pids: List[int] = field(default_factory=list)  # Rasa and action servers: their CPU per turn
    # Rasa's init bot knows no Japanese: a turn it answers with silence (its rules may
    # predict nothing to say) is still a turn it handled
    needs_reply: bool = True


async def rest_turn(client: httpx.AsyncClient, stack: Stack, sender: str, kind: str, text: str) -> Sample:
    started = time.perf_counter()
    try:
        response = await client.post(
            f"{stack.rest}/webhooks/rest/webhook", json={"sender": sender, "message": text}, params={"token": stack.token}
        )
        ok = response.status_code == 200 and isinstance(response.json(), list)
        ok = ok and (bool(response.json()) or not stack.needs_reply)
    except httpx.HTTPError:
        ok = False
    return Sample(kind, (time.perf_counter() - started) * 1000, ok)


async def chat_turn(client: httpx.AsyncClient, stack: Stack, sender: str, kind: str, text: str) -> Sample:
    started = time.perf_counter()
    try:
        response = await client.post(f"{stack.gateway}/api/chat", json={"session": sender, "message": text})
        ok = response.status_code == 200 and bool(response.json()["messages"])
    except httpx.HTTPError:
        ok = False
    return Sample(kind, (time.perf_counter() - started) * 1000, ok)


# A call: incoming, 2 (ごみ), 3 (粗大ごみ: an answer through Rasa); each a signed webhook.
CALL_STEPS = [("call start", "/voice/incoming", {}), ("menu key", None, {"Digits": "2"}), ("answer", None, {"Digits": "3"})]


async def phone_call(client: httpx.AsyncClient, stack: Stack, samples: List[Sample]) -> None:
    validator = RequestValidator(PHONE_TOKEN)
    sid = "CA" + uuid.uuid4().hex
    url = f"{stack.gateway}/voice/incoming"
    for kind, _, extra in CALL_STEPS:
        params = {"CallSid": sid, "AccountSid": "ACload", "From": "+819012345678", "To": "+81012340000", **extra}
        headers = {"X-Twilio-Signature": validator.compute_signature(url, params)}
        started = time.perf_counter()
        try:
            response = await client.post(url, data=params, headers=headers)
            ok = response.status_code == 200 and "<Gather" in response.text
        except httpx.HTTPError:
            ok = False
        samples.append(Sample(kind, (time.perf_counter() - started) * 1000, ok))
        if not ok:
            return
        action = response.text.split('action="', 1)[1].split('"', 1)[0] if 'action="' in response.text else ""
        url = action.replace("&amp;", "&") if action.startswith("http") else f"{stack.gateway}{action}"


Turn = Callable[[httpx.AsyncClient, Stack, str, str, str], Any]


async def single_stream(stack: Stack, turn: Turn) -> List[Sample]:
    samples: List[Sample] = []
    async with httpx.AsyncClient(timeout=30) as client:
        # Not counted: the servers' first turns of each kind load what they load lazily (the
        # waste item dictionary took a second on its first item lookup), once per start.
        for conversation in range(WARM_UP_CONVERSATIONS + SINGLE_CONVERSATIONS):
            sender = "load-" + uuid.uuid4().hex[:16]
            for kind, text in CONVERSATION:
                before = cpu_ms(stack.server_pids)
                sample = await turn(client, stack, sender, kind, text)
                sample.cpu_ms = cpu_ms(stack.server_pids) - before
                if conversation >= WARM_UP_CONVERSATIONS:
                    samples.append(sample)
    return samples


async def concurrent(stack: Stack, turn: Optional[Turn]) -> Tuple[List[Sample], float]:
    """CONCURRENCY residents, each a conversation after another, for SECONDS."""
    samples: List[Sample] = []
    deadline = time.monotonic() + SECONDS
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)

    async def resident(client: httpx.AsyncClient) -> None:
        sender = ""
        for n in range(MAX_TURNS_PER_SENDER):
            if time.monotonic() > deadline:
                return
            if turn is None:
                await phone_call(client, stack, samples)
                continue
            if n % len(CONVERSATION) == 0:  # a new resident after each conversation
                sender = "load-" + uuid.uuid4().hex[:16]
            kind, text = CONVERSATION[n % len(CONVERSATION)]
            samples.append(await turn(client, stack, sender, kind, text))

    started = time.monotonic()
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await asyncio.gather(*(resident(client) for _ in range(CONCURRENCY)))
    return samples, time.monotonic() - started


def summary(samples: List[Sample], seconds: float = 0.0) -> Dict[str, Any]:
    ms = [s.ms for s in samples if s.ok]
    result: Dict[str, Any] = {"turns": len(samples), "errors": sum(not s.ok for s in samples)}
    if ms:
        result.update(p50_ms=round(percentile(ms, 0.5), 1), p95_ms=round(percentile(ms, 0.95), 1))
    cpu = [s.cpu_ms for s in samples if s.ok and s.cpu_ms is not None]
    if cpu:  # the mean: /proc counts in clock ticks (10 ms), too coarse for a median of one turn
        result["server_cpu_ms"] = round(sum(cpu) / len(cpu), 1)
    if seconds:
        result["per_second"] = round(len(ms) / seconds, 1)
    return result


def measure(stack: Stack) -> Dict[str, Any]:
    print(f"measuring {stack.name} ...", flush=True)
    load_before = os.getloadavg()[0]
    single = asyncio.run(single_stream(stack, rest_turn))
    figures: Dict[str, Any] = {
        "rest_single": {kind: summary([s for s in single if s.kind == kind]) for kind, _ in CONVERSATION},
    }
    cpu_before = cpu_ms(stack.server_pids)
    samples, seconds = asyncio.run(concurrent(stack, rest_turn))
    figures["rest_concurrent"] = summary(samples, seconds)
    if samples:  # what a turn costs the servers under load: on a quiet machine, it bounds the rate
        figures["rest_concurrent"]["server_cpu_ms"] = round((cpu_ms(stack.server_pids) - cpu_before) / len(samples), 1)
    if stack.gateway:
        samples, seconds = asyncio.run(concurrent(stack, chat_turn))
        figures["chat_concurrent"] = summary(samples, seconds)
        samples, seconds = asyncio.run(concurrent(stack, None))
        figures["phone_concurrent"] = summary(samples, seconds)
    figures["rasa_rss_mb"] = [round(rss_mb(pid)) for pid in stack.rasa_pids]
    # the machine's 1-minute load average: other work on a shared machine shows here
    figures["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    return figures


def gateway_env(rasa_url: str, gateway_url: str, data_dir: Path) -> Dict[str, str]:
    """The development gateway, its chat limits lifted: the load is the point here."""
    return project_env(
        MADOGUCHI_RASA_URL=rasa_url, MADOGUCHI_PUBLIC_BASE_URL=gateway_url, MADOGUCHI_DATA_DIR=str(data_dir),
        MADOGUCHI_CHAT_TURNS_PER_MINUTE="1000000", MADOGUCHI_CHAT_TURNS_PER_MINUTE_PER_ADDRESS="1000000",
        MADOGUCHI_FIXED_NOW="2026-12-01T10:00:00+09:00",
    )  # fmt: skip


@contextmanager
def single_node(model: Path, workdir: Path) -> Iterator[Stack]:
    """What `make run` starts: one Rasa server (SQLite, the actions in-process), one gateway."""
    with running_servers(model, workdir, actions_in_process=True) as servers:
        port = free_port()
        gateway_url = f"http://127.0.0.1:{port}"
        env = gateway_env(servers.rasa_url, gateway_url, workdir / "gateway")
        command = [sys.executable, "-m", "uvicorn", "gateway.app:app", "--ws", "none", "--host", "127.0.0.1", "--port", str(port)]
        with open(workdir / "gateway.log", "w") as log:
            gateway = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(f"{gateway_url}/healthz", 60)
            pids = sorted({servers.rasa_pid, servers.actions_pid})  # one process: actions run in Rasa
            yield Stack("make run", servers.rasa_url, gateway_url, [servers.rasa_pid], servers.rasa_token, pids)
        finally:
            gateway.terminate()
            gateway.wait(timeout=20)


@contextmanager
def cluster(model: Path, workdir: Path) -> Iterator[Stack]:
    from madoguchi.cluster import services
    from madoguchi.cluster.layout import Layout, Ports
    from madoguchi.cluster.processes import pid_of

    base = workdir / "cluster"
    base.mkdir(parents=True)
    for folder in (base, *base.parents):  # PostgreSQL (user postgres) must reach its folder
        if folder == Path("/"):
            break
        folder.chmod(folder.stat().st_mode | 0o005)
    layout = Layout.for_folder(base, Ports.free(free_port))
    saved = dict(os.environ)
    os.environ.update(gateway_env("", "", workdir / "cluster-gateway"))  # the limits; the URLs are the cluster's
    for name in ("MADOGUCHI_RASA_URL", "MADOGUCHI_PUBLIC_BASE_URL"):
        os.environ.pop(name)
    try:
        services.start(layout, model)
        pids = [pid_of(layout.pids / f"rasa-{i + 1}.pid") or 0 for i in range(len(layout.ports.rasa_servers))]
        actions = [pid_of(path) or 0 for path in sorted(layout.pids.glob("actions-*.pid"))]
        token = Settings().rasa_token
        url = layout.url
        yield Stack("make cluster", url(layout.ports.rasa), url(layout.ports.gateway), pids, token, pids + actions)
    finally:
        services.stop_all(layout)
        os.environ.clear()
        os.environ.update(saved)


def rasa_init_model() -> Path:
    """Rasa's starter bot (`rasa init --no-prompt`), trained once and kept under var/bench."""
    folder = BENCH_DIR / "rasa-init"
    models = sorted((folder / "models").glob("*.tar.gz"))
    if not models:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        print("training Rasa's rasa init bot once (cached in var/bench/rasa-init) ...", flush=True)
        subprocess.run([sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)],
                       cwd=folder, env=project_env(), check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        models = sorted((folder / "models").glob("*.tar.gz"))
    return models[-1]


@contextmanager
def rasa_init_bot() -> Iterator[Stack]:
    model = rasa_init_model()
    folder = model.parent.parent
    port = free_port()
    command = [sys.executable, "-m", "rasa", "run", "--model", str(model), "--enable-api", "--interface", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with open(BENCH_DIR / "rasa-init.log", "w") as log:
        process = subprocess.Popen(command, cwd=folder, env=project_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/", 900, process)  # TensorFlow loads slowly on a busy machine
        pid = process.pid
        yield Stack("rasa init", f"http://127.0.0.1:{port}", None, [pid], server_pids=[pid], needs_reply=False)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _cell(figures: Dict[str, Any], section: str, what: str = "latency") -> str:
    value = figures.get(section)
    if not value:
        return "—"
    errors = f", {value['errors']} errors" if value.get("errors") else ""
    if what == "rate":
        cpu = f", {value['server_cpu_ms']} ms server CPU/turn" if "server_cpu_ms" in value else ""
        return f"{value.get('per_second', 0)}/s, p95 {value.get('p95_ms', '—')} ms{cpu}{errors}"
    return f"{value.get('p50_ms', '—')} / {value.get('p95_ms', '—')} ms{errors}"


def markdown(results: Dict[str, Any]) -> str:
    stacks = results["stacks"]
    names = list(stacks)
    m = results["machine"]
    header = "| | " + " | ".join(names) + " |\n|---|" + "---|" * len(names)
    rows = [
        f"| REST single stream, {kind}: p50 / p95 | " + " | ".join(_cell(stacks[n]["rest_single"], kind) for n in names) + " |"
        for kind, _ in CONVERSATION
    ]
    rows.append("| server CPU per turn (Rasa + actions), mean: " + " / ".join(kind for kind, _ in CONVERSATION) + " | "
                + " | ".join(_cpu_cell(stacks[n]["rest_single"]) for n in names) + " |")  # fmt: skip
    for section, label in (
        ("rest_concurrent", "REST"),
        ("chat_concurrent", "chat API (`/api/chat`)"),
        ("phone_concurrent", "phone webhooks (signed)"),
    ):
        rows.append(
            f"| {label}, {CONCURRENCY} concurrent, {SECONDS:.0f} s: turns/s, p95 | "
            + " | ".join(_cell(stacks[n], section, "rate") for n in names)
            + " |"
        )
    rows.append("| machine load average (1 min) before / after | " + " | ".join(
        " / ".join(str(v) for v in stacks[n].get("load_average", [])) for n in names) + " |")  # fmt: skip
    rows.append("| Rasa server RSS after the run | " + " | ".join(
        " + ".join(f"{mb} MB" for mb in stacks[n]["rasa_rss_mb"]) for n in names) + " |")  # fmt: skip
    return (
        f"{MARKS[0]}\n## Load (`make bench-load`)\n\nMeasured {results['date']} on {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB; one stack at a time, the same questions ({'、'.join(t for _, t in CONVERSATION)}); "
        f"the `rasa init` bot keeps conversations in memory (its default), the others in SQLite (make run) "
        f"and PostgreSQL (make cluster).\n\n{header}\n" + "\n".join(rows) + f"\n\n{verdict(stacks)}\n{MARKS[1]}"
    )


def _cpu_cell(single: Dict[str, Any]) -> str:
    values = [single.get(kind, {}).get("server_cpu_ms") for kind, _ in CONVERSATION]
    return " / ".join("—" if v is None else f"{v:g}" for v in values) + " ms"


def verdict(stacks: Dict[str, Any]) -> str:
    """One line: does `make run` meet issue 15's single-node targets in this run?"""
    ours, init = stacks.get("make run"), stacks.get("rasa init")
    if not ours:
        return "Single-node targets: not measured (no `make run` stack in this run)."
    single = ours["rest_single"]
    worst_kind = max(single, key=lambda kind: single[kind].get("p95_ms", float("inf")))
    worst = single[worst_kind].get("p95_ms", float("inf"))
    errors = sum(single[kind]["errors"] for kind in single) + ours["rest_concurrent"]["errors"]
    checks = [
        (f"single stream p95 ≤ {TARGET_SINGLE_P95_MS:g} ms (worst: {worst_kind} {worst} ms)", worst <= TARGET_SINGLE_P95_MS)
    ]
    rate, p95 = ours["rest_concurrent"].get("per_second", 0.0), ours["rest_concurrent"].get("p95_ms", float("inf"))
    if init and init["rest_concurrent"].get("per_second"):
        needed = TARGET_THROUGHPUT_FACTOR * init["rest_concurrent"]["per_second"]
        checks.append((f"{CONCURRENCY} concurrent ≥ {TARGET_THROUGHPUT_FACTOR:g}× rasa init ({rate}/s, needed {needed:.1f}/s)",
                       rate >= needed))  # fmt: skip
    else:
        checks.append(("throughput against rasa init: not measured", False))
    checks.append((f"{CONCURRENCY} concurrent p95 ≤ {TARGET_CONCURRENT_P95_MS:g} ms ({p95} ms)", p95 <= TARGET_CONCURRENT_P95_MS))
    checks.append((f"no failed turn ({errors} failed)", errors == 0))
    passed = all(ok for _, ok in checks)
    return ("**PASS**" if passed else "**FAIL**") + " single-node targets (issue 15): " + "; ".join(
        f"{text} {'✓' if ok else '✗'}" for text, ok in checks) + "."  # fmt: skip


def main() -> int:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    model = ensure_model()
    results: Dict[str, Any] = {"date": datetime.date.today().isoformat(), "machine": machine(), "stacks": {}}
    with tempfile.TemporaryDirectory(prefix="madoguchi-load-") as tmp:
        workdir = Path(tmp)
        for name, start in (("rasa init", lambda: rasa_init_bot()), ("make run", lambda: single_node(model, workdir / "single")),
                            ("make cluster", lambda: cluster(model, workdir))):  # fmt: skip
            if name not in chosen_stacks():
                continue
            (workdir / "single").mkdir(exist_ok=True)
            with start() as stack:
                results["stacks"][name] = measure(stack)
    (BENCH_DIR / "load.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    block = markdown(results)
    write_benchmarks_md(block, MARKS)
    print(block)
    print(verdict(results["stacks"]).replace("**", ""))
    return 0


def chosen_stacks() -> List[str]:
    chosen = [name.strip() for name in os.environ.get("MADOGUCHI_LOAD_STACKS", ",".join(STACKS)).split(",") if name.strip()]
    unknown = [name for name in chosen if name not in STACKS]
    if unknown:
        raise SystemExit(f"MADOGUCHI_LOAD_STACKS: unknown stack {unknown[0]!r} (known: {', '.join(STACKS)})")
    return chosen


if __name__ == "__main__":
    sys.exit(main())
