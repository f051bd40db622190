"""The gateway's own stores (calls, SMS outbox, accounts, staff log, retention) behave the same
on SQLite (`make run`) and on PostgreSQL (`make cluster`): every test runs on both
(`store_url`, tests/store_backends.py), and two store objects stand for two gateway workers."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import List

import pytest
import sqlalchemy as sa

from console.accounts import EDITOR, VIEWER, AccountError, Accounts
from gateway.store import CallState, Store
from madoguchi import staff_log
from madoguchi.retention import anonymise_staff_log, purge_gateway

PASSWORD = "store-test-password"


def test_a_call_saved_by_one_worker_goes_on_with_another(store_url: str) -> None:
    first, second = Store(store_url), Store(store_url)
    state = CallState(sid="CA1", conversation="call-abc", caller_kind="mobile", menu="gomi", step=3)
    first.save(state)
    found = second.load("CA1")
    assert found == state
    assert found is not None
    found.menu, found.step = "sodai", 4
    second.save(found)  # saved again: one row, the latest state
    assert first.load("CA1") == found
    assert [row["sid"] for row in first.rows("calls")] == ["CA1"]
    assert first.load("CA-unknown") is None


def test_an_sms_is_claimed_by_one_worker_only(store_url: str) -> None:
    workers = [Store(store_url) for _ in range(4)]
    sms_id = workers[0].queue_sms("call-abc", "mobile", "sealed-number", "粗大ごみの申込み", next_at=100.0)
    [due] = workers[1].due_sms(now=100.0)
    assert (due["id"], due["status"], due["attempts"], due["to_sealed"]) == (sms_id, "queued", 0, "sealed-number")
    won: List[bool] = []
    threads = [threading.Thread(target=lambda s=s: won.append(s.claim_sms(sms_id, 100.0, 160.0))) for s in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(won) == [False, False, False, True]
    assert workers[2].due_sms(now=150.0) == []  # leased until 160
    workers[0].retry_sms(sms_id, 1, 170.0, "500: Twilio failed")
    assert [row["id"] for row in workers[3].due_sms(now=170.0)] == [sms_id]
    assert workers[3].claim_sms(sms_id, 170.0, 230.0)
    workers[3].finish_sms(sms_id, "sent", 2)
    [row] = workers[0].rows("sms_outbox")
    assert (row["status"], row["attempts"], row["to_sealed"], row["next_at"], row["error"]) == ("sent", 2, None, None, None)
    assert workers[0].due_sms(now=1e12) == []


def test_transfers_recordings_and_web_answers_are_kept(store_url: str) -> None:
    store = Store(store_url)
    store.record_transfer("call-abc", "kosodate", "dialled")
    store.record_message("call-abc", "other", "main", "https://api.twilio.example/rec/1", 12)
    store.record_web_answer("web-1", "waste/bulky_waste")
    store.record_web_answer("web-1", "waste/bulky_waste")  # answered twice: one row
    assert [(r["conversation"], r["department"], r["status"]) for r in store.rows("transfers")] == [
        ("call-abc", "kosodate", "dialled")
    ]
    assert [(r["from_kind"], r["seconds"]) for r in store.rows("recordings")] == [("other", 12)]
    assert len(store.rows("web_answers")) == 1
    assert store.was_answered("web-1", "waste/bulky_waste")
    assert not store.was_answered("web-2", "waste/bulky_waste")
    with pytest.raises(ValueError):
        store.rows("staff_accounts")


def test_accounts_and_lockouts_are_shared(store_url: str) -> None:
    first, second = Accounts(Store(store_url)), Accounts(Store(store_url))
    first.add("山田", PASSWORD, EDITOR)
    with pytest.raises(AccountError):
        second.add("山田", PASSWORD, VIEWER)
    account = second.verify("山田", PASSWORD)
    assert account is not None and account.can_edit
    assert second.verify("山田", PASSWORD + "x") is None
    second.set_role("山田", VIEWER)
    assert [(a.name, a.role, a.active) for a in first.all()] == [("山田", VIEWER, True)]
    first.record_failure(["account:山田", "address:127.0.0.1"], now=1000.0)
    second.record_failure(["account:山田"], now=1001.0)
    assert first.recent_failures("account:山田", now=1002.0) == 2
    assert second.recent_failures("address:127.0.0.1", now=1002.0) == 1
    second.clear_failures("account:山田")
    assert first.recent_failures("account:山田", now=1002.0) == 0
    with pytest.raises(AccountError):
        first.set_active("鈴木", False)


def test_the_staff_log_keeps_feedback_items_and_changes(store_url: str) -> None:
    staff_log.record_feedback("web-1", "web", "waste/bulky_waste", "粗大ごみ 090-1234-5678", False, path=store_url)
    staff_log.record_feedback("web-1", "web", "waste/bulky_waste", "粗大ごみ", False, path=store_url)
    staff_log.record_feedback("web-2", "web", "waste/bulky_waste", "粗大ごみ", True, path=store_url)
    assert staff_log.record_feedback_reason("web-1", "waste/bulky_waste", "電話 090-1234-5678 に", path=store_url)
    assert not staff_log.record_feedback_reason("web-9", "waste/bulky_waste", "なし", path=store_url)
    feedback = staff_log.rows("feedback", path=store_url)
    assert [row["reason"] for row in feedback][:2] == ["", "電話 [電話番号] に"]  # the latest one, masked
    assert "5678" not in feedback[0]["question"]
    assert staff_log.feedback_counts("2000-01-01", "2999-01-01", path=store_url) == (1, 2)
    staff_log.record_unknown_item("ホバーボード", "ホバーボードは何ごみ", "web-1", path=store_url)
    assert staff_log.unknown_items(path=store_url) == [("ホバーボード", "ホバーボードは何ごみ", "web-1")]
    staff_log.record_change("山田", "add_example", "{}", path=store_url)
    assert [row["action"] for row in staff_log.rows("corpus_changes", path=store_url)] == ["add_example"]
    assert [row["id"] for row in staff_log.rows_after("feedback", feedback[0]["id"], path=store_url)] == [
        feedback[1]["id"], feedback[2]["id"],
    ]  # fmt: skip


def test_retention_purges_the_gateway_stores(store_url: str) -> None:
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    old, recent = (now - timedelta(days=100)).isoformat(), (now - timedelta(days=10)).isoformat()
    store = Store(store_url)
    store.save(CallState(sid="CAold", conversation="call-old", caller_kind="mobile"))
    store.save(CallState(sid="CAnew", conversation="call-new", caller_kind="mobile"))
    store.queue_sms("call-old", "mobile", "sealed", "送信済み", 1.0)
    store.queue_sms("call-old", "mobile", "sealed", "送信待ち", 1.0)
    staff_log.record_feedback("web-old", "web", "waste/bulky_waste", "粗大ごみ", False, path=store_url)
    with store.engine.begin() as db:  # as if written 100 days ago
        db.execute(sa.text("UPDATE calls SET updated = :old WHERE sid = 'CAold'"), {"old": old})
        db.execute(sa.text("UPDATE calls SET updated = :recent WHERE sid = 'CAnew'"), {"recent": recent})
        db.execute(sa.text("UPDATE sms_outbox SET at = :old"), {"old": old})
        db.execute(sa.text("UPDATE sms_outbox SET status = 'sent' WHERE body = '送信済み'"))
        db.execute(sa.text("UPDATE feedback SET at = :old"), {"old": old})
    before = now - timedelta(days=90)
    assert purge_gateway(store_url, before) == {"calls": 1, "transfers": 0, "recordings": 0, "sms_outbox": 1, "web_answers": 0}
    assert anonymise_staff_log(store_url, before) == {"unknown_items anonymised": 0, "feedback anonymised": 1}
    assert [row["sid"] for row in store.rows("calls")] == ["CAnew"]
    assert [row["body"] for row in store.rows("sms_outbox")] == ["送信待ち"]  # waiting: kept until sent
    assert [row["conversation"] for row in staff_log.rows("feedback", path=store_url)] == [""]


def test_two_workers_starting_at_once_make_one_development_account(store_url: str) -> None:
    workers = [Accounts(Store(store_url)) for _ in range(2)]
    made: List[object] = []
    threads = [threading.Thread(target=lambda w=w: made.append(w.ensure_development_account("development"))) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(made) == 2  # neither failed
    assert [(a.name, a.role) for a in workers[0].all()] == [("development", EDITOR)]
