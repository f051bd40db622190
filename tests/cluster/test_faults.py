"""Faults in a running cluster: what a resident sees, and what the store keeps.

Each test leaves the cluster whole again (what it stopped is started again), because the
cluster is started once for all of them."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Dict, List, Tuple

import httpx
import psycopg2
import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.actions.fallback import choose_payload
from bot.lock_store import AtomicRedisLockStore
from devtools.simulate import Simulator
from gateway.store import CallState, Store
from ivr.calls import ANSWERED_HEADER, SKILL_DOWN
from ivr.sms import POLL_SECONDS
from madoguchi import staff_log
from madoguchi.cluster import postgres
from madoguchi.cluster.processes import stop
from madoguchi.paths import BOT_DIR, CORPUS_DIR
from madoguchi.retention import purge, purge_conversations
from madoguchi.retrain import Retrainer
from madoguchi.settings import Settings

pytestmark = [pytest.mark.cluster, pytest.mark.slow]
# `make test` runs the compact set (about 2 minutes); `make test-cluster` all of them.
full_suite_only = pytest.mark.skipif(
    os.environ.get("MADOGUCHI_TEST_CLUSTER_FULL") != "1", reason="in the full cluster suite: make test-cluster"
)

FORM_START = "燃やすごみの日はいつ？"
FORM_ASKS_DISTRICT = "お住まいの地区"
DISTRICT = "東町"
FORM_ANSWER = "東町のごみの収集日です"


def texts(body: List[Dict]) -> str:
    return "".join(message.get("text", "") for message in body)


@full_suite_only
def test_a_form_goes_on_when_its_server_is_killed_and_its_stored_turn_is_not_run_again(cluster) -> None:
    """Server 1 stores the first turn of a form and dies before answering; nginx retries the
    turn (same request id) on server 2, which answers it from the store; the form goes on."""
    cluster.whole()
    sender, turn = f"form-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    first_server = cluster.layout.url(cluster.layout.ports.rasa_servers[0])
    first = cluster.say(sender, FORM_START, url=first_server, request_id=turn)
    assert first[0] == 200 and FORM_ASKS_DISTRICT in texts(first[1])
    cluster.kill_9("rasa-1")
    try:
        assert cluster.say(sender, FORM_START, request_id=turn) == first
        assert cluster.user_turns(sender) == [FORM_START]
        status, body = cluster.say(sender, DISTRICT)  # through nginx: only server 2 is left
        assert status == 200 and FORM_ANSWER in texts(body)
        assert cluster.user_turns(sender) == [FORM_START, DISTRICT]
    finally:
        cluster.bring_back("rasa-1", wait=False)


def test_turns_in_flight_when_a_server_is_killed_are_answered_once(cluster) -> None:
    """Server 1 stops reading (SIGSTOP), turns are sent to it, then it is killed: nginx gives
    each turn to server 2, and each is stored once."""
    cluster.whole()
    pid = cluster.pid("rasa-1")
    senders = [f"inflight-{i}-{uuid.uuid4().hex[:6]}" for i in range(4)]
    results: Dict[str, Tuple[int, object]] = {}
    seconds: Dict[str, float] = {}

    def resident(sender: str) -> None:
        started = time.monotonic()
        results[sender] = cluster.say(sender, FORM_START)
        seconds[sender] = time.monotonic() - started

    os.kill(pid, signal.SIGSTOP)
    try:
        threads = [threading.Thread(target=resident, args=(sender,)) for sender in senders]
        for thread in threads:
            thread.start()
        time.sleep(1.5)  # round robin has handed some of them to the stopped server
        os.kill(pid, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=30)
    finally:
        os.kill(pid, signal.SIGCONT)
        cluster.bring_back("rasa-1", wait=False)
    assert max(seconds.values()) >= 1.4, "no turn reached the stopped server: the test did not test it"
    for sender in senders:
        status, body = results[sender]
        assert status == 200 and FORM_ASKS_DISTRICT in texts(body), sender  # type: ignore[arg-type]
        assert cluster.user_turns(sender) == [FORM_START]


def test_a_lock_left_by_a_dead_server_lapses(cluster) -> None:
    sender = f"lock-{uuid.uuid4().hex[:8]}"
    ports = cluster.layout.ports
    locks = AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=ports.redis, password=cluster.layout.secrets.redis, db=1))
    locks.issue_ticket(sender, lock_lifetime=3)  # as a server killed in the middle of this turn leaves it
    started = time.monotonic()
    status, body = cluster.say(sender, FORM_START)
    assert status == 200 and FORM_ASKS_DISTRICT in texts(body)
    assert time.monotonic() - started >= 2.5  # waited for the dead server's turn, did not run beside it
    assert locks.get_lock(sender) is None


def test_two_servers_taking_tickets_at_once_never_get_the_same_one(cluster) -> None:
    """Rasa's own Redis lock store reads, changes and writes a lock: two servers at the same
    moment can take the same ticket. Each change here is one Redis transaction."""
    ports, secret = cluster.layout.ports, cluster.layout.secrets.redis
    servers = [AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=ports.redis, password=secret, db=1)) for _ in range(4)]
    sender = f"race-{uuid.uuid4().hex[:8]}"
    numbers: List[int] = []

    def take(store: AtomicRedisLockStore) -> None:
        for _ in range(25):
            numbers.append(store.issue_ticket(sender, lock_lifetime=30))

    threads = [threading.Thread(target=take, args=(store,)) for store in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(numbers) == list(range(100))  # tickets count from 0
    servers[0].red.delete(servers[0].key_prefix + sender)


def test_redis_down_is_a_clear_error_and_nothing_runs_unlocked(cluster) -> None:
    sender = f"redis-{uuid.uuid4().hex[:8]}"
    stop(cluster.layout.pids / "redis.pid")
    try:
        status, body = cluster.say(sender, FORM_START)
        assert status == 503 and "lock store" in body["error"]
        assert cluster.user_turns(sender) == []
    finally:
        cluster.bring_back("redis")
    status, body = cluster.say(sender, FORM_START)
    assert status == 200 and FORM_ASKS_DISTRICT in texts(body)
    assert cluster.user_turns(sender) == [FORM_START]


def test_postgres_restart_under_load_loses_nothing(cluster) -> None:
    """Four residents keep talking while PostgreSQL restarts: turns fail only while it is
    down (503), every answered turn is stored once, in order, and forms go on after."""
    senders = [f"pg-{i}-{uuid.uuid4().hex[:6]}" for i in range(4)]
    answered: Dict[str, List[str]] = {s: [] for s in senders}
    failures: List[Tuple[float, int]] = []
    outage: Dict[str, float] = {}
    done = threading.Event()

    def resident(sender: str) -> None:
        messages = [FORM_START, DISTRICT, "粗大ごみを出したい"]
        for n in range(40):  # bounded: at most 40 turns, stopped when the restart is over
            if done.is_set():
                return
            message = messages[n % 3]
            status, body = cluster.say(sender, message, timeout=20)
            if status == 200:
                answered[sender].append(message)
            else:
                failures.append((time.monotonic(), status))
                time.sleep(0.2)

    threads = [threading.Thread(target=resident, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    time.sleep(2)
    outage["down"] = time.monotonic()
    postgres.stop(cluster.layout)
    time.sleep(3)
    postgres.start(cluster.layout)
    outage["up"] = time.monotonic()
    time.sleep(3)
    done.set()
    for thread in threads:
        thread.join(timeout=60)
    assert all(status == 503 for _, status in failures), failures
    assert failures, "no turn met the outage: the test did not test it"
    assert all(outage["down"] - 1 <= at <= outage["up"] + 1 for at, _ in failures), (outage, failures)
    for sender in senders:
        assert cluster.user_turns(sender) == answered[sender]
        assert len(answered[sender]) >= 4
    status, body = cluster.say(senders[0], FORM_START)  # the district may be known already
    assert status == 200 and (FORM_ASKS_DISTRICT in texts(body) or FORM_ANSWER in texts(body))


def _gather_action(twiml: ET.Element) -> str:
    gather = twiml.find("Gather")
    assert gather is not None, ET.tostring(twiml, encoding="unicode")
    return gather.get("action", "")


def test_a_call_goes_on_when_a_gateway_worker_is_killed(cluster) -> None:
    with httpx.Client(timeout=20) as client:
        call = Simulator(client, cluster.gateway_url, "development", "+819012345678", "+81012340000")
        _, twiml, _ = call._post(f"{cluster.gateway_url}/voice/incoming", {})
        _, twiml, _ = call._post(_gather_action(twiml), {"Digits": "2"})  # ごみ
        store = Store(cluster.layout.database_url)  # the workers' shared store (PostgreSQL)
        before = store.load(call.call_sid)
        assert before is not None and before.menu != "main", before
        cluster.kill_9("gateway-1")
        try:
            # 粗大ごみ, then "again" twice: round robin gives some of these to the dead worker
            for key in ("3", "2", "2"):
                _, twiml, _ = call._post(_gather_action(twiml), {"Digits": key})
                said = "".join(say.text or "" for say in twiml.iter("Say"))
                assert "粗大ごみ" in said, said
        finally:
            cluster.bring_back("gateway-1", wait=False)
    after = store.load(call.call_sid)  # the surviving worker went on from the stored state
    assert after is not None and after.step == before.step + 3 and after.conversation == before.conversation, after
    assert after.faq_id == "waste/bulky_waste", after


def test_with_no_gateway_worker_a_caller_hears_the_citys_apology_and_the_chat_a_503(cluster) -> None:
    """Both workers down: nginx answered Twilio a 502 (Twilio then plays its own English
    error) and the chat an HTML page; now the webhooks get ivr/outage.py's TwiML."""
    cluster.whole()
    for worker in ("gateway-1", "gateway-2"):
        stop(cluster.layout.pids / f"{worker}.pid")
    try:
        with httpx.Client(timeout=20) as client:
            call = Simulator(client, cluster.gateway_url, "development", "+819012345678", "+81012340000")
            _, twiml, headers = call._post(f"{cluster.gateway_url}/voice/incoming", {})
            chat = client.post(f"{cluster.gateway_url}/api/chat", json={"session": "outage-session-1", "message": "粗大ごみ"})
    finally:
        cluster.bring_back("gateway-1", wait=False)
        cluster.bring_back("gateway-2")
    apology = "申し訳ありません。ただいま自動案内をご利用いただけません。お急ぎの場合は、代表電話00-1234-0000におかけください。"
    assert headers["content-type"] == "application/xml"
    assert [(element.tag, element.text, element.attrib) for element in twiml] == [
        ("Say", apology, {"language": "ja-JP", "voice": "Polly.Mizuki"}),
        ("Pause", None, {"length": "1"}),
        ("Say", apology, {"language": "ja-JP", "voice": "Polly.Mizuki"}),
        ("Pause", None, {"length": "1"}),
        ("Hangup", None, {}),
    ]
    assert chat.status_code == 503 and chat.headers["Retry-After"] == "5"
    assert chat.json() == {"detail": "the assistant is not available right now; try again"}


def _said(twiml: ET.Element) -> str:
    return "".join(say.text or "" for say in twiml.iter("Say"))


@full_suite_only
def test_with_every_action_server_down_faqs_are_answered_and_skills_refused_on_every_channel(cluster) -> None:
    """The language is decided in the Rasa servers (bot/in_process_actions.py): an FAQ needs
    no action server; a skill turn is a 503 and not stored, and goes on once they are back."""
    cluster.whole()
    sender, english = f"night-{uuid.uuid4().hex[:8]}", f"night-en-{uuid.uuid4().hex[:8]}"
    for server in ("actions-1", "actions-2"):
        cluster.kill_9(server)
    try:
        faq, in_english, skill = (
            cluster.say(sender, "粗大ごみの出し方"),
            cluster.say(english, "What time does city hall close?"),
            cluster.say(sender, FORM_START),
        )
        with httpx.Client(timeout=20) as client:
            chat = [
                client.post(f"{cluster.gateway_url}/api/chat", json={"session": "outage-night-1", "message": text})
                for text in ("粗大ごみの出し方", "ソファは何ごみ？")
            ]
            call = Simulator(client, cluster.gateway_url, "development", "+819012345678", "+81012340000")
            _, menu, _ = call._post(f"{cluster.gateway_url}/voice/incoming", {})
            _, waste, _ = call._post(_gather_action(menu), {"Digits": "2"})  # ごみ
            _, item_key, _ = call._post(_gather_action(waste), {"Digits": "2"})  # 品物ごとの出し方: a skill
            _, waste_again, _ = call._post(_gather_action(item_key), {"Digits": "2"})  # ごみ, from the main menu
            _, bulky_key, bulky_headers = call._post(_gather_action(waste_again), {"Digits": "3"})  # 粗大ごみ: an FAQ
            _, spoken, spoken_headers = call._post(_gather_action(bulky_key), {"Digits": "3"})  # another question, asked aloud
            _, spoken, spoken_headers = call._post(
                _gather_action(spoken), {"SpeechResult": "粗大ごみを出したい", "Confidence": "0.95"}
            )
    finally:
        cluster.bring_back("actions-1", wait=False)
        cluster.bring_back("actions-2")
    assert faq[0] == 200 and "粗大ごみ" in texts(faq[1]) and faq[1][-1]["custom"]["faq_id"] == "waste/bulky_waste"
    assert in_english[0] == 200 and in_english[1][-1]["custom"]["faq_id"] == "general/office_hours"
    assert "city hall" in texts(in_english[1]).lower()
    assert skill == (503, {"error": "the action server is unavailable; try again"})
    assert chat[0].status_code == 200 and chat[0].json()["messages"][0]["faq_id"] == "waste/bulky_waste"
    assert chat[1].status_code == 503 and chat[1].json() == {"detail": "the assistant is not available right now"}
    # the phone: the skill's key brings the main menu back with an apology, never a hang-up
    assert [element.tag for element in item_key] == ["Say", "Gather", "Redirect"], ET.tostring(item_key, encoding="unicode")
    assert item_key[0].text == SKILL_DOWN and _said(item_key[1]).startswith("子育てについては1")
    assert bulky_headers[ANSWERED_HEADER.lower()] == "waste/bulky_waste"
    assert spoken_headers[ANSWERED_HEADER.lower()] == "waste/bulky_waste", _said(spoken)
    # nothing half stored; the form starts once the action servers are back (nginx passes
    # over a server for 5 s after it failed: a client that waits its Retry-After gets through)
    assert cluster.user_turns(sender) == ["粗大ごみの出し方"]
    deadline = time.monotonic() + 15
    while (answer := cluster.say(sender, FORM_START))[0] == 503 and time.monotonic() < deadline:
        time.sleep(1)
    assert answer[0] == 200 and FORM_ASKS_DISTRICT in texts(answer[1])
    assert cluster.user_turns(sender) == ["粗大ごみの出し方", FORM_START]


BROAD_WORD_TOPICS = ["procedure/move_in", "procedure/move_out", "childcare/birth_registration", "procedure/marriage_registration"]


def _dial(twiml: ET.Element) -> ET.Element:
    (dial,) = twiml.findall("Dial")
    return dial


@full_suite_only
def test_with_every_action_server_down_a_resident_not_understood_gets_candidates_or_staff_on_every_channel(
    cluster, corpus
) -> None:
    """The 「もしかして」 candidates, a chosen candidate and the hand-off run in the Rasa
    servers (bot/in_process_actions.py): with both action servers killed a resident who is
    not understood is still offered topics, then the department, in chat and on the phone."""
    cluster.whole()
    sender = f"unsure-{uuid.uuid4().hex[:8]}"
    for server in ("actions-1", "actions-2"):
        cluster.kill_9(server)
    try:
        unsure, second_miss = cluster.say(sender, "届出をしたい"), cluster.say(sender, "手続きについて")
        with httpx.Client(timeout=20) as client:
            chat = client.post(
                f"{cluster.gateway_url}/api/chat",
                json={"session": f"unsure-en-{uuid.uuid4().hex[:8]}", "message": "届出をしたい", "language": "en"},
            )
            call = Simulator(client, cluster.gateway_url, "development", "+819012345678", "+81012340000")
            _, menu, _ = call._post(f"{cluster.gateway_url}/voice/incoming", {})
            # its best reading is a skill (no topic to confirm): the assistant's candidates, read with keys
            _, offered, _ = call._post(_gather_action(menu), {"SpeechResult": "調べたい", "Confidence": "0.95"})
            _, chosen, chosen_headers = call._post(_gather_action(offered), {"Digits": "2"})
            again = Simulator(client, cluster.gateway_url, "development", "+819012345679", "+81012340000")
            _, menu, _ = again._post(f"{cluster.gateway_url}/voice/incoming", {})
            _, offered_again, _ = again._post(_gather_action(menu), {"SpeechResult": "調べたい", "Confidence": "0.95"})
            _, staff, _ = again._post(_gather_action(offered_again), {"SpeechResult": "えーと", "Confidence": "0.95"})
    finally:
        cluster.bring_back("actions-1", wait=False)
        cluster.bring_back("actions-2")
    topics = corpus.by_id()
    assert unsure[0] == 200
    assert [b["payload"] for b in unsure[1][0]["buttons"]] == [choose_payload(t) for t in BROAD_WORD_TOPICS]
    assert unsure[1][0]["text"] == corpus.message("utter_did_you_mean")
    assert second_miss[0] == 200 and second_miss[1][0]["text"] == corpus.message("utter_handoff_after_fallback")
    assert second_miss[1][-1]["custom"] == {"handoff": {"department": "shimin", "tel": "00-1234-0301", "open": True}}
    assert chat.status_code == 200 and chat.json()["language"] == "en"
    (asked,) = chat.json()["messages"]
    assert asked["text"] == corpus.message("utter_did_you_mean", "en")
    assert [b["title"] for b in asked["buttons"]] == [corpus.title(topics[t], "en") for t in BROAD_WORD_TOPICS]
    # the phone: candidates as keys; a chosen topic is answered; the second miss is put through to staff
    said = _said(offered)
    assert said.startswith(corpus.message("utter_did_you_mean")) and "保育園の空き状況" in said, said
    assert chosen_headers[ANSWERED_HEADER.lower()] == "childcare/nursery_vacancy", _said(chosen)
    assert _said(offered_again) == said
    dial = _dial(staff)
    assert dial.get("timeout") == "25" and len(dial.findall("Number")) + (1 if (dial.text or "").strip() else 0) == 1
    assert cluster.user_turns(sender) == ["届出をしたい", "手続きについて"]


def _until_nginx_sends_to_both_workers(cluster, client: httpx.Client) -> None:
    """nginx passes over a worker for 5 s after it failed (an earlier test kills one), even
    once it is up again: wait until a request through nginx has reached each worker."""
    logs = {worker: cluster.layout.logs / f"{worker}.log" for worker in ("gateway-1", "gateway-2")}
    seen = {worker: log.read_text().count("GET /healthz") for worker, log in logs.items()}
    deadline = time.monotonic() + 20
    while any(log.read_text().count("GET /healthz") == seen[worker] for worker, log in logs.items()):
        assert time.monotonic() < deadline, "nginx sent no request to one of the gateway workers in 20 s"
        assert client.get(f"{cluster.gateway_url}/healthz").status_code == 200
        time.sleep(0.2)


def test_the_chats_limits_hold_across_both_gateway_workers(cluster) -> None:
    cluster.whole()  # both workers up: nginx gives them the requests in turn
    session = uuid.uuid4().hex
    body = {"session": session, "faq_id": "waste/bulky_waste", "helpful": True}
    # feedback is counted like the chat's turns (20 a minute per conversation by default) and
    # needs no Rasa turn; 404: no such answer was given in this conversation
    with httpx.Client(timeout=20) as client:
        _until_nginx_sends_to_both_workers(cluster, client)
        statuses = [client.post(f"{cluster.gateway_url}/api/feedback", json=body).status_code for _ in range(22)]
    assert statuses == [404] * 20 + [429, 429]  # counted per worker, 40 would have passed
    for worker in ("gateway-1", "gateway-2"):
        assert "POST /api/feedback" in (cluster.layout.logs / f"{worker}.log").read_text(), worker


@full_suite_only
def test_no_turn_fails_with_20_residents_while_a_server_is_killed(cluster) -> None:
    """The issue's target: 20 concurrent conversations for 20 s, a Rasa server killed at 5 s."""
    cluster.whole()
    senders = [f"load-{i}-{uuid.uuid4().hex[:6]}" for i in range(20)]
    statuses: List[int] = []
    answered: Dict[str, List[str]] = {s: [] for s in senders}
    deadline = time.monotonic() + 20

    def resident(sender: str) -> None:
        messages = [FORM_START, DISTRICT, "粗大ごみを出したい", "ソファは何ごみ？"]
        for n in range(200):  # bounded in count and in time
            if time.monotonic() > deadline:
                return
            status, _ = cluster.say(sender, messages[n % 4], timeout=40)
            statuses.append(status)
            if status == 200:
                answered[sender].append(messages[n % 4])

    threads = [threading.Thread(target=resident, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    time.sleep(5)
    cluster.kill_9("rasa-2")
    try:
        for thread in threads:
            thread.join(timeout=90)
    finally:
        cluster.bring_back("rasa-2", wait=False)
    assert statuses and set(statuses) == {200}, {code: statuses.count(code) for code in set(statuses)}
    for sender in senders:
        assert cluster.user_turns(sender) == answered[sender]


def test_retention_deletes_old_conversations_in_postgresql(cluster) -> None:
    old_sender = f"old-{uuid.uuid4().hex[:8]}"
    new_sender = f"new-{uuid.uuid4().hex[:8]}"
    assert cluster.say(new_sender, FORM_START)[0] == 200
    long_ago = time.time() - 200 * 86400
    with psycopg2.connect(cluster.layout.database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, 'user', %s, '{}')", (old_sender, long_ago)
        )
    assert purge_conversations(cluster.layout.database_url, datetime.now(timezone.utc) - timedelta(days=90)) >= 1
    assert cluster.events(old_sender) == []
    assert cluster.user_turns(new_sender) == [FORM_START]


def test_the_retention_command_purges_the_clusters_store(cluster, monkeypatch, capsys) -> None:
    """`python -m madoguchi.cluster retention`: `python -m madoguchi.retention` beside a cluster
    purged the SQLite files of `make run` and said "0 conversations deleted"."""
    from madoguchi.cluster import __main__ as command

    old_sender = f"old-{uuid.uuid4().hex[:8]}"
    with psycopg2.connect(cluster.layout.database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (%s, 'user', %s, '{}')",
            (old_sender, time.time() - 200 * 86400),
        )
    monkeypatch.setattr(command, "CLUSTER_DIR", cluster.layout.base)
    assert command.main(["retention", "--days", "90"]) == 0
    assert cluster.events(old_sender) == []
    assert capsys.readouterr().out.startswith("cluster, 90 days: ")


def test_retention_covers_the_gateway_stores_in_postgresql(cluster) -> None:
    """The workers' scheduled job purges with their settings: the shared store's URL."""
    url = cluster.layout.database_url
    store, sid = Store(url), f"CAold{uuid.uuid4().hex[:8]}"
    store.save(CallState(sid=sid, conversation=f"call-{sid}", caller_kind="mobile"))
    staff_log.record_feedback(f"web-{sid}", "web", "waste/bulky_waste", "粗大ごみ", False, path=url)
    long_ago = (datetime.now(timezone.utc) - timedelta(days=200)).isoformat(timespec="seconds")
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute("UPDATE calls SET updated = %s WHERE sid = %s", (long_ago, sid))
        cursor.execute("UPDATE feedback SET at = %s WHERE conversation = %s", (long_ago, f"web-{sid}"))
    purged = purge(90, url, url, url)
    assert purged is not None and purged.rows["calls"] >= 1 and purged.rows["feedback anonymised"] >= 1, purged
    assert store.load(sid) is None
    assert not [row for row in staff_log.rows("feedback", path=url) if row["conversation"] == f"web-{sid}"]


def test_sms_while_twilio_fails_is_sent_later_once(cluster, fake_twilio) -> None:
    """Twilio answers 500: the caller is told the SMS is on its way, the outbox tries again
    after its wait, and of two gateway workers only one sends it."""
    fake_twilio.fail_next = 1
    caller = "+819012345678"
    with httpx.Client(timeout=20) as client:
        call = Simulator(client, cluster.gateway_url, "development", caller, "+81012340000")
        _, twiml, _ = call._post(f"{cluster.gateway_url}/voice/incoming", {})
        for key in ("2", "3", "1"):  # ごみ, 粗大ごみ, SMS with the details
            _, twiml, _ = call._post(_gather_action(twiml), {"Digits": key})
    outbox = Store(cluster.layout.database_url)  # the workers' shared store (PostgreSQL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not fake_twilio.messages:
        time.sleep(0.5)
    time.sleep(POLL_SECONDS + 1)  # the other worker's next round: it must not send it again
    assert [m["to"] for m in fake_twilio.messages] == [caller]
    assert "粗大ごみ" in fake_twilio.messages[0]["body"]
    mine = [row for row in outbox.rows("sms_outbox") if "粗大ごみ" in row["body"]]
    assert [(row["status"], row["attempts"]) for row in mine[-1:]] == [("sent", 2)]


def _model_file(url: str) -> str:
    status = httpx.get(f"{url}/status", params={"token": Settings().rasa_token}, timeout=30)
    assert status.status_code == 200, status.text
    return os.path.basename(status.json()["model_file"])


@full_suite_only
def test_retraining_switches_every_rasa_server_and_names_one_that_did_not(cluster, tmp_path) -> None:
    """The console's switch step (madoguchi/retrain.py) loads the new model into each Rasa
    server by its own address; a server that is down is reported, the others switch."""
    cluster.whole()
    servers = tuple(cluster.layout.url(port) for port in cluster.layout.ports.rasa_servers)
    retrained = tmp_path / f"retrained-{uuid.uuid4().hex[:8]}.tar.gz"  # the same model under a new name
    shutil.copy(cluster.model, retrained)
    retrainer = Retrainer(CORPUS_DIR, BOT_DIR, tmp_path, cluster.rasa_url, rasa_token=Settings().rasa_token, rasa_servers=servers)
    assert retrainer._switch(retrained) == ""
    assert retrainer.progress.servers == {url: "switched" for url in servers}
    assert [_model_file(url) for url in servers] == [retrained.name] * 2
    assert cluster.say(f"retrain-{uuid.uuid4().hex[:8]}", FORM_START)[0] == 200
    cluster.kill_9("rasa-2")
    try:
        failed = retrainer._switch(cluster.model)
        assert servers[1] in failed and "新しいモデルで動いているのは" in failed, failed
        assert retrainer.progress.servers[servers[0]] == "switched"
        assert retrainer.progress.servers[servers[1]].startswith("ConnectError"), retrainer.progress.servers
        assert _model_file(servers[0]) == cluster.model.name
    finally:
        cluster.bring_back("rasa-2", wait=False)  # with make cluster's model, as server 1 now
