"""SMS through the real twilio client against the local fake API: mobiles only, sent from a
durable outbox off the request path, retried with backoff across a restart, failures kept."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from devtools.simulate import Simulator
from gateway.settings import Settings
from gateway.store import Store
from ivr import sms
from ivr.calls import AFTER_ANSWER, SMS_ACCEPTED
from ivr.sms import BACKOFF_SECONDS, Outbox, is_mobile
from tests.conftest import gateway_serving
from tests.ivr.conftest import BASE, LANDLINE, MOBILE, OPEN, TOKEN, keys, said

NOW = 1_000_000.0


@pytest.fixture
def settings(fake_twilio, tmp_path):
    return Settings(twilio_account_sid="ACtest", twilio_auth_token="t", twilio_api_base=fake_twilio.base_url,
                    sms_from="+81012349999", data_dir=tmp_path)  # fmt: skip


@pytest.mark.parametrize(
    "number, mobile",
    [("+819012345678", True), ("+818012345678", True), ("+817012345678", True), ("+81312345678", False),
     ("+8190123456", False), ("+12025550123", False)],
)  # fmt: skip
def test_only_japanese_mobiles_get_sms(number, mobile):
    assert is_mobile(number) is mobile


def test_a_queued_sms_is_sent_and_its_row_keeps_no_number(settings, fake_twilio, tmp_path):
    store = Store(tmp_path)
    outbox = Outbox(settings, store)
    outbox.enqueue("call-abc", "+819012345678", "粗大ごみの案内\nhttps://example", now=NOW)
    assert "12345678" not in str(store.rows("sms_outbox"))  # encrypted while it waits
    assert [o.status for o in outbox.deliver_due(now=NOW)] == ["sent"]
    assert fake_twilio.messages == [{"to": "+819012345678", "from": "+81012349999", "body": "粗大ごみの案内\nhttps://example"}]
    [row] = store.rows("sms_outbox")
    assert (row["to_kind"], row["status"], row["attempts"], row["to_sealed"]) == ("mobile", "sent", 1, None)
    assert outbox.deliver_due(now=NOW + 3600) == []  # sent once


def test_server_errors_are_retried_with_backoff_across_a_restart(settings, fake_twilio, tmp_path):
    fake_twilio.fail_next = 2
    Outbox(settings, Store(tmp_path)).enqueue("call-abc", "+819012345678", "本文", now=NOW)
    assert [o.status for o in Outbox(settings, Store(tmp_path)).deliver_due(now=NOW)] == ["queued"]
    restarted = Outbox(settings, Store(tmp_path))  # a new process reads the same rows
    assert restarted.deliver_due(now=NOW + BACKOFF_SECONDS[0] - 0.1) == []  # not yet
    assert [o.status for o in restarted.deliver_due(now=NOW + BACKOFF_SECONDS[0])] == ["queued"]
    assert [o.status for o in restarted.deliver_due(now=NOW + BACKOFF_SECONDS[0] + BACKOFF_SECONDS[1])] == ["sent"]
    assert len(fake_twilio.messages) == 1
    [row] = Store(tmp_path).rows("sms_outbox")
    assert (row["status"], row["attempts"]) == ("sent", 3)


def test_a_refused_number_is_not_retried_and_the_failure_is_kept_for_staff(settings, fake_twilio, tmp_path):
    store = Store(tmp_path)
    Outbox(settings, store).enqueue("call-abc", "+81312345678", "本文", now=NOW)
    [outcome] = Outbox(settings, store).deliver_due(now=NOW)
    assert outcome.status == "failed" and outcome.error.startswith("21614: ")
    [row] = store.rows("sms_outbox")
    assert (row["to_kind"], row["status"], row["attempts"], row["to_sealed"]) == ("other", "failed", 1, None)


def test_an_outage_ends_in_a_failure_after_the_last_attempt(settings, fake_twilio, tmp_path):
    fake_twilio.fail_next = 100
    outbox = Outbox(settings, Store(tmp_path))
    outbox.enqueue("call-abc", "+819012345678", "本文", now=NOW)
    moment, statuses = NOW, []
    for wait in (0.0, *BACKOFF_SECONDS):
        moment += wait
        statuses += [o.status for o in outbox.deliver_due(now=moment)]
    assert statuses == ["queued"] * (sms.MAX_ATTEMPTS - 1) + ["failed"]
    assert Store(tmp_path).rows("sms_outbox")[0]["error"].startswith("20500: ")


def test_a_twilio_that_does_not_answer_is_given_up_on_in_time(settings, tmp_path, monkeypatch):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections, never answers
    monkeypatch.setattr(sms, "TWILIO_TIMEOUT_SECONDS", 0.5)
    quiet = settings.copy(update={"twilio_api_base": f"http://127.0.0.1:{silent.getsockname()[1]}"})
    outbox = Outbox(quiet, Store(tmp_path))
    outbox.enqueue("call-abc", "+819012345678", "本文", now=NOW)
    started = time.monotonic()
    [outcome] = outbox.deliver_due(now=NOW)
    silent.close()
    assert time.monotonic() - started < 5
    assert outcome.status == "queued"  # tried again later


def test_the_caller_is_told_at_once_while_a_slow_twilio_sends(fake_twilio, tmp_path):
    class Slow(BaseHTTPRequestHandler):
        def do_POST(self):
            time.sleep(3)
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"sid": "SM1", "status": "queued"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(public_base_url=BASE, twilio_auth_token=TOKEN, twilio_account_sid="ACtest",
                        twilio_api_base=f"http://127.0.0.1:{server.server_address[1]}", data_dir=tmp_path / "gateway")  # fmt: skip
    try:
        with gateway_serving(settings) as client:
            sim = Simulator(client, BASE, TOKEN, MOBILE, "+81012340000", OPEN)
            sim.run(keys("2", "3"))  # the answer to bulky waste; next, 1 asks for the SMS
            started = time.monotonic()
            result = sim.run(keys("1"))
            took = time.monotonic() - started
    finally:
        server.shutdown()
    assert took < 1.5  # the webhook does not wait for Twilio
    assert said(result)[-2:] == [SMS_ACCEPTED, AFTER_ANSWER]


def test_twilio_error_texts_are_stored_and_logged_without_the_number(settings, fake_twilio, tmp_path, caplog):
    store = Store(tmp_path)
    outbox = Outbox(settings, store)
    outbox.enqueue("call-abc", LANDLINE, "本文", now=NOW)
    with caplog.at_level("WARNING", logger="ivr.sms"):
        [outcome] = outbox.deliver_due(now=NOW)
    [row] = store.rows("sms_outbox")
    # Twilio's text quotes the number ("'To' number +81312345678 is not a valid mobile number")
    assert row["error"] == outcome.error == "21614: Unable to create record: 'To' number [電話番号] is not a valid mobile number"
    for digits in ("+81312345678", "312345678", "12345678"):
        assert digits not in str(store.rows("sms_outbox")) and digits not in caplog.text


class ReadTogether(Store):
    """A worker's store whose read of due rows waits for the other worker's read: both see
    the same due rows before either claims one (the race two gateway processes can run)."""

    def __init__(self, location, barrier: threading.Barrier) -> None:
        super().__init__(location)
        self.barrier = barrier

    def due_sms(self, now, limit=20):
        rows = super().due_sms(now, limit)
        self.barrier.wait(timeout=10)
        return rows


def test_two_workers_on_one_outbox_send_each_message_once(settings, fake_twilio, store_url):
    """On SQLite (make run) and on PostgreSQL (make cluster's gateway workers share it)."""
    bodies = [f"お知らせ {n}" for n in range(12)]
    for body in bodies:
        Outbox(settings, Store(store_url)).enqueue("call-abc", MOBILE, body, now=NOW)
    barrier = threading.Barrier(2)
    workers = [Outbox(settings, ReadTogether(store_url, barrier)) for _ in range(2)]
    outcomes: dict = {}
    threads = [threading.Thread(target=lambda w=w: outcomes.update({id(w): w.deliver_due(now=NOW)})) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m["body"] for m in fake_twilio.messages) == sorted(bodies)  # each once, none twice
    assert sum(len(done) for done in outcomes.values()) == len(bodies)
    assert {row["status"] for row in Store(store_url).rows("sms_outbox")} == {"sent"}


def test_error_texts_stored_before_are_masked_when_the_worker_starts(settings, tmp_path):
    store = Store(tmp_path)
    sms_id = store.queue_sms("call-abc", "other", "sealed", "本文", NOW)
    store.finish_sms(sms_id, "failed", 1, "21614: Unable to create record: 'To' number +81312345678 is not a valid mobile number")
    assert sms.mask_stored_errors(store) == 1
    [row] = store.rows("sms_outbox")
    assert row["error"] == "21614: Unable to create record: 'To' number [電話番号] is not a valid mobile number"
    assert sms.mask_stored_errors(store) == 0
