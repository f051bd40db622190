"""The work queue, the reports and the incremental question log, through the real FastAPI app
on generated questions in a tracker store of their own (no Rasa server needed)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import openpyxl
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from console.accounts import EDITOR, VIEWER, Accounts
from devtools import question_generator
from gateway.settings import Settings
from gateway.store import Store
from madoguchi import question_log, question_stats, work_queue
from madoguchi.clock import JST

PASSWORD = "staff-test-password"
# A staff log of this module's own: the session's shared one holds other tests' feedback.
OWN_STAFF_LOG = Path(tempfile.mkdtemp(prefix="queue-staff-log-")) / "staff.db"
GENERATED = 2_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Generated once per module: a tracker store, and a gateway store read up to it, with staff accounts."""
    folder = tmp_path_factory.mktemp("generated")
    tracker = f"sqlite:///{folder / 'tracker.db'}"
    question_generator.write_questions(tracker, GENERATED, seed=5, days=20)
    accounts = Accounts(Store(folder / "gateway"))
    accounts.add("山田", PASSWORD, EDITOR)
    accounts.add("鈴木", PASSWORD, VIEWER)
    engine = question_log.engine_for(question_log.store_url(folder / "gateway"))
    question_log.sync_all(engine, tracker, OWN_STAFF_LOG)
    engine.dispose()
    return folder


@pytest.fixture
def tracker(tmp_path, generated) -> str:
    shutil.copy(generated / "tracker.db", tmp_path / "tracker.db")
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def client(tmp_path, tracker, generated, gateway_with) -> TestClient:
    shutil.copytree(generated / "gateway", tmp_path / "gateway")
    settings = Settings(data_dir=tmp_path / "gateway", console_secret="test-secret", tracker_db_url=tracker)
    test_client = gateway_with(settings)
    test_client.settings = settings  # type: ignore[attr-defined]
    return test_client


def login(client: TestClient, name: str = "山田") -> str:
    assert client.post("/console/login", data={"name": name, "password": PASSWORD}, follow_redirects=False).status_code == 303
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{32})"', client.get("/console/queue").text))
    return csrf


def engine_of(client: TestClient) -> sa.engine.Engine:
    return question_log.engine_for(question_log.store_url(client.settings.data_dir))  # type: ignore[attr-defined]


def add_turn(tracker: str, text: str, at: Optional[float] = None, channel: str = "web", intent: str = "nlu_fallback",
             metadata: Optional[Dict[str, Any]] = None) -> None:  # fmt: skip
    """One resident message the bot could not answer, as Rasa stores it."""
    at = at or time.time()
    sender = f"test-{at}-{text[:5]}"
    parse = {"intent": {"name": intent, "confidence": 0.2}, "intent_ranking": [{"name": intent, "confidence": 0.2}]}
    rows = [
        {"sender_id": sender, "type_name": "user", "timestamp": at, "intent_name": intent, "action_name": None,
         "data": json.dumps({"event": "user", "text": text, "timestamp": at, "parse_data": parse,
                             "input_channel": channel, "metadata": metadata or {}}, ensure_ascii=False)},
        {"sender_id": sender, "type_name": "action", "timestamp": at, "intent_name": None,
         "action_name": "action_suggest_topics", "data": "{}"},
    ]  # fmt: skip
    engine = sa.create_engine(tracker)
    with engine.begin() as db:
        db.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
                           " VALUES (:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)"), rows)  # fmt: skip
    engine.dispose()


def groups_on(page: str) -> List[str]:
    return re.findall(r'<span class="question">([^<]*)</span>', page)


# --- the question log ------------------------------------------------------------------


def test_each_turn_is_read_once_and_new_questions_join_their_groups(tmp_path, tracker) -> None:
    engine = question_log.engine_for(question_log.store_url(tmp_path / "log"))
    first = question_log.sync_all(engine, tracker, OWN_STAFF_LOG)
    assert first.turns == GENERATED and 0 < first.missed < GENERATED and first.new_groups > 10
    assert question_log.sync(engine, tracker, OWN_STAFF_LOG).turns == 0  # nothing new: nothing read again
    with engine.connect() as db:
        some_group, text = db.execute(sa.text("SELECT id, text FROM question_groups ORDER BY id LIMIT 1")).one()
    add_turn(tracker, text + "？")  # the same question worded a little differently
    add_turn(tracker, "公民館の和室を予約したいのですが空きはありますか")
    again = question_log.sync(engine, tracker, OWN_STAFF_LOG)
    assert (again.turns, again.missed, again.new_groups) == (2, 2, 1)
    with engine.connect() as db:
        joined = db.execute(sa.text("SELECT group_id FROM question_log WHERE text = :t"), {"t": text + "？"}).scalar()
    assert joined == some_group


def test_a_batch_limit_never_cuts_a_turn_in_two(tmp_path, tracker) -> None:
    engine = question_log.engine_for(question_log.store_url(tmp_path / "log"))
    while question_log.sync(engine, tracker, OWN_STAFF_LOG, limit=777).more:
        pass
    with engine.connect() as db:
        stored = db.execute(
            sa.text("SELECT COUNT(*), SUM(CASE WHEN outcome = 'other' THEN 1 ELSE 0 END) FROM question_log")
        ).one()
    assert stored == (GENERATED, 0)  # every turn once, each with its action (none left without an outcome)


def test_the_language_is_kept_when_the_message_has_one(client, tracker) -> None:
    engine = engine_of(client)
    add_turn(tracker, "Where can I get a parking permit for residents?", metadata={"language": "en"})
    question_log.sync(engine, tracker, OWN_STAFF_LOG)
    with engine.connect() as db:
        languages = dict(db.execute(sa.text("SELECT language, COUNT(*) FROM question_log GROUP BY language")).fetchall())
    assert languages == {"ja": GENERATED, "en": 1}


# --- the queue page ----------------------------------------------------------------------


def test_the_queue_pages_by_fifty_and_searches_filters_and_sorts(client) -> None:
    login(client)
    first = client.get("/console/queue")
    assert first.status_code == 200
    groups = groups_on(first.text)
    assert len(groups) == work_queue.PAGE_SIZE
    second = client.get("/console/queue?page=2")
    assert groups_on(second.text) and not set(groups_on(second.text)) & set(groups)
    assert client.get("/console/queue?page=999").status_code == 404
    assert client.get("/console/queue?sort=nonsense").status_code == 422

    searched = groups_on(client.get("/console/queue", params={"search": "マイナンバー"}).text)
    assert searched and len(searched) < len(groups)
    phone = client.get("/console/queue?channel=phone").text
    assert "チャット（" not in phone.split('<ol class="queue"')[1]  # only phone questions counted
    latest = [
        datetime.fromisoformat(t)
        for t in re.findall(r"最新 (\d{4}-\d\d-\d\d \d\d:\d\d)", client.get("/console/queue?sort=latest").text)
    ]
    assert latest == sorted(latest, reverse=True)
    counts = [int(n) for n in re.findall(r"<span>(\d+)件</span>", first.text)]
    assert counts == sorted(counts, reverse=True)


def test_examples_show_japan_time_and_the_channel(client, tracker) -> None:
    login(client)
    at = datetime(2026, 12, 1, 23, 30, tzinfo=timezone.utc)  # 08:30 on 2 December in Japan
    add_turn(tracker, "公民館の和室を予約したいのですが空きはありますか", at=at.timestamp(), channel="phone")
    page = client.get("/console/queue", params={"search": "公民館の和室"}).text
    assert "2026-12-02 08:30</time> 電話：公民館の和室を予約したいのですが空きはありますか" in page
    dashboard = client.get("/console/?days=30").text
    assert "UTC" not in dashboard


def test_an_editor_marks_a_group_done_and_it_returns_when_it_recurs(client, tracker) -> None:
    csrf = login(client)
    page = client.get("/console/queue").text
    group_id = re.findall(r'action="/console/queue/(\d+)/mark"', page)[0]
    text = groups_on(page)[0]
    done = client.post(f"/console/queue/{group_id}/mark", data={"csrf": csrf, "status": "done", "back": "?sort=latest"},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].startswith("/console/queue?sort=latest&notice=")
    notice_page = client.get(done.headers["location"]).text
    assert "対応済みにしました（山田）" in notice_page
    assert text not in groups_on(client.get("/console/queue", params={"search": text}).text)

    add_turn(tracker, text)  # a resident asks it again
    back = client.get("/console/queue", params={"search": text}).text
    assert text in groups_on(back)
    assert "対応済み（山田）の後にまた来た質問" in back
    assert re.search(r"<span>1件</span>", back.split(f">{text}<")[1])  # only the new question counts


def test_marking_needs_an_editor_and_the_forms_token(client) -> None:
    csrf = login(client, "鈴木")
    page = client.get("/console/queue").text
    assert "/mark" not in page  # a viewer sees the queue without the buttons
    group_id = question_log_first_group(client)
    assert client.post(f"/console/queue/{group_id}/mark", data={"csrf": csrf, "status": "done"}).status_code == 403
    csrf = login(client, "山田")
    assert client.post(f"/console/queue/{group_id}/mark", data={"csrf": "0" * 32, "status": "done"}).status_code == 403
    assert client.post(f"/console/queue/{group_id}/mark", data={"csrf": csrf, "status": "deleted"}).status_code == 422
    assert client.post("/console/queue/999999/mark", data={"csrf": csrf, "status": "done"}).status_code == 404


def question_log_first_group(client: TestClient) -> int:
    with engine_of(client).connect() as db:
        return int(db.execute(sa.text("SELECT MIN(id) FROM question_groups")).scalar())


def test_the_queue_exports_to_csv_and_excel_with_japanese_headers(client) -> None:
    login(client)
    page = client.get("/console/queue?channel=phone").text
    total = int(re.search(r"(\d+)種類", page).group(1))
    exported = client.get("/console/queue.csv?channel=phone")
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["質問（代表）", "件数", "最新（日本時間）"]
    assert len(rows) == total + 1
    assert all("電話" in row[4] and "チャット" not in row[4] for row in rows[1:])
    book = openpyxl.load_workbook(io.BytesIO(client.get("/console/queue.xlsx?channel=phone").content))
    sheet = book["未対応の質問"]
    assert [c.value for c in sheet[1]][:2] == ["質問（代表）", "件数"]
    assert sheet.max_row == total + 1


# --- reports -------------------------------------------------------------------------------


def test_the_monthly_report_counts_questions_and_the_phone_outcomes(client) -> None:
    login(client)
    store = Store(client.settings.data_dir)  # type: ignore[attr-defined]
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with store.engine.begin() as db:
        for sid, faq in [("CA1", "waste/bulky_waste"), ("CA2", None), ("CA3", None), ("CA4", None)]:
            state = {"sid": sid, "conversation": f"call-{sid}", "faq_id": faq}
            db.execute(sa.text("INSERT INTO calls (sid, state, updated) VALUES (:sid, :state, :now)"),
                       {"sid": sid, "state": json.dumps(state), "now": now})  # fmt: skip
    store.record_transfer("call-CA2", "kosodate", "dialled")  # straight to a department
    store.record_transfer("call-CA3", "main", "dialled")  # to the operator
    store.record_transfer("call-CA4", "kosodate", "closed")  # out of hours
    page = client.get("/console/reports").text
    month = datetime.now(JST)
    assert f"月次レポート　{month.year}年{month.month}月" in page
    phone = page.split('id="r-phone"')[1].split("</table>")[0]
    figures = dict(re.findall(r'<th scope="row">([^<（]+)[^<]*</th><td>(\d+)</td>', phone))
    assert figures == {
        "電話の件数": "4",
        "職員なしで完了": "1",
        "担当課へ直接つないだ": "1",
        "代表": "1",
        "受付時間外に職員を希望": "1",
    }
    week = client.get("/console/reports?period=week&start=2026-11-26")
    assert "2026年11月23日〜11月29日の週" in week.text
    assert client.get("/console/reports?period=year").status_code == 422
    assert client.get("/console/reports?period=month&start=11-2026").status_code == 422
    assert client.get("/console/reports?period=week&start=9999-12-31").status_code == 422
    assert client.get("/console/queue?page=99999999999999999999").status_code == 422


def test_retention_anonymises_the_console_copy_of_old_questions(client) -> None:
    from madoguchi.retention import purge_gateway

    before = datetime.now(timezone.utc) - timedelta(days=10)
    counts = purge_gateway(client.settings.data_dir / "gateway.db", before)  # type: ignore[attr-defined]
    assert counts["question_log anonymised"] > 0
    linked = "SELECT COUNT(*) FROM question_log WHERE conversation != '' AND "
    with engine_of(client).connect() as db:
        old = db.execute(sa.text(linked + "at < :before"), {"before": before.timestamp()}).scalar()
        recent = db.execute(sa.text(linked + "at >= :before"), {"before": before.timestamp()}).scalar()
    assert old == 0 and recent > 0  # only recent questions keep the conversation they came from


# --- PostgreSQL (the cluster's store) ----------------------------------------------------


@pytest.fixture
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL on loopback (Debian's, as `make cluster` installs it): its base URL."""
    import os
    import subprocess
    import tempfile

    from devtools.servers import free_port
    from madoguchi.cluster.postgres import binary

    try:
        initdb, pg_ctl = binary("initdb"), binary("pg_ctl")
    except FileNotFoundError:
        pytest.skip("PostgreSQL is not installed (make cluster-packages)")
    folder = Path(tempfile.mkdtemp(prefix="console-pg-"))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # PostgreSQL refuses to run as root
    if as_owner:
        folder.chmod(0o755)
        shutil.chown(folder, "postgres", "postgres")

    def run(*command: str) -> None:
        subprocess.run([*as_owner, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    port = free_port()
    run(initdb, "-D", str(folder / "data"), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale")
    run(pg_ctl, "-D", str(folder / "data"), "-w", "-l", str(folder / "log"), "-o",
        f"-p {port} -c listen_addresses=127.0.0.1 -k {folder}", "start")  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        run(pg_ctl, "-D", str(folder / "data"), "-m", "fast", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_the_question_log_and_the_queue_run_on_postgresql(postgres) -> None:
    admin = sa.create_engine(f"{postgres}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        for name in ("tracker", "gateway"):
            db.execute(sa.text(f"CREATE DATABASE {name}"))
    admin.dispose()
    tracker = f"{postgres}/tracker"
    engine = sa.create_engine(tracker)
    with engine.begin() as db:  # Rasa's table, with PostgreSQL's own id sequence
        db.execute(sa.text(question_generator.EVENTS_TABLE.replace("id INTEGER PRIMARY KEY", "id SERIAL PRIMARY KEY")))
    engine.dispose()
    question_generator.write_questions(tracker, 500, seed=5, days=10)
    store = question_log.engine_for(f"{postgres}/gateway")
    first = question_log.sync_all(store, tracker, OWN_STAFF_LOG)
    assert first.turns == 500 and first.new_groups > 0
    assert question_log.sync(store, tracker, OWN_STAFF_LOG).turns == 0
    page = work_queue.queue_page(store, work_queue.QueueFilter(search="マイナ", sort="latest"))
    assert page.total > 0 and all(g.examples for g in page.groups)
    group = page.groups[0]
    work_queue.mark(store, group.id, "ignored", "山田")
    assert group.id not in [g.id for g in work_queue.all_groups(store, work_queue.QueueFilter())]
    now = datetime.now(timezone.utc)
    assert question_stats.figures(store, now - timedelta(days=30), now).questions == 500  # every generated turn asks
    store.dispose()
