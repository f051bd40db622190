"""Failed SMS on the staff dashboard: listed for every staff member without the number (its
kind, the time, the error code, the attempts), sent again only by an editor, with the CSRF
token, in the audit log under the editor's name. The failures are made by the real outbox
against the fake Twilio API; the page is read as HTML (its table), not searched as text."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from typing import Dict, List, Optional

import pytest
from fastapi.testclient import TestClient

from console.accounts import EDITOR, VIEWER, Accounts
from gateway.settings import Settings
from gateway.store import Store
from ivr.sms import MAX_ATTEMPTS, RETRY_WINDOW_HOURS, Outbox
from madoguchi import staff_log
from tests.ivr.conftest import LANDLINE, MOBILE

PASSWORD = "staff-test-password"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TableReader(HTMLParser):
    """The rows of the table inside the element with a given id: each cell's text and forms."""

    def __init__(self, section_id: str) -> None:
        super().__init__()
        self.section_id, self.depth = section_id, 0  # depth > 0: inside the section
        self.rows: List[List[Dict[str, object]]] = []
        self.cell: Optional[Dict[str, object]] = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if self.depth and tag not in VOID:  # void elements have no end tag
            self.depth += 1
        elif attributes.get("id") == self.section_id:
            self.depth = 1
        if not self.depth:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "forms": []}
            self.rows[-1].append(self.cell)
        elif tag == "form" and self.cell is not None:
            self.cell["forms"].append({"action": attributes.get("action"), "method": attributes.get("method")})  # type: ignore[union-attr]
        elif tag == "input" and self.cell is not None and attributes.get("name") == "csrf":
            self.cell["forms"][-1]["csrf"] = attributes.get("value")  # type: ignore[index]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"] = (str(self.cell["text"]) + data).strip()


def failed_sms_table(page: str) -> List[List[Dict[str, object]]]:
    reader = TableReader("sms-failures")
    reader.feed(page)
    return reader.rows


@pytest.fixture
def settings(fake_twilio, tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "gateway", console_secret="test-secret", twilio_account_sid="ACtest",
                    twilio_auth_token="t", twilio_api_base=fake_twilio.base_url, sms_from="+81012349999",
                    tracker_db_url=f"sqlite:///{tmp_path / 'no-tracker.db'}")  # fmt: skip


@pytest.fixture
def failures(settings, fake_twilio) -> Dict[str, int]:
    """A landline refused (21614, nothing to retry) and a mobile given up after an outage."""
    store, now = Store(settings.data_dir), time.time()
    outbox = Outbox(settings, store)
    landline = outbox.enqueue("call-landline", LANDLINE, "粗大ごみの案内", now=now)
    outbox.deliver_due(now=now)
    fake_twilio.fail_next = MAX_ATTEMPTS
    mobile = outbox.enqueue("call-mobile", MOBILE, "粗大ごみの案内", now=now + 1)
    for attempt in range(MAX_ATTEMPTS):
        outbox.deliver_due(now=now + 1 + 3600 * attempt)
    assert [row["status"] for row in store.rows("sms_outbox")] == ["failed", "failed"]
    return {"landline": landline, "mobile": mobile}


@pytest.fixture
def client(settings, gateway_with):
    accounts = Accounts(Store(settings.data_dir))
    accounts.add("山田", PASSWORD, EDITOR)
    accounts.add("鈴木", PASSWORD, VIEWER)
    return lambda name: _logged_in(gateway_with(settings), name)


def _logged_in(client: TestClient, name: str) -> TestClient:
    response = client.post("/console/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303
    return client


def _csrf(page: str) -> str:
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{32})"', page))
    return csrf


def test_a_viewer_sees_the_failures_without_numbers_and_no_retry_button(client, failures) -> None:
    page = client("鈴木").get("/console/").text
    header, *rows = failed_sms_table(page)
    assert [cell["text"] for cell in header] == ["No.", "受け付けた日時", "電話番号の種類", "エラーコード", "試行回数", "再送"]
    cells = [[cell["text"] for cell in row] for row in rows]
    assert [[c[0], c[2], c[3], c[4], c[5]] for c in cells] == [  # newest first
        [str(failures["mobile"]), "携帯電話", "20500", str(MAX_ATTEMPTS), "再送できます（編集者）"],
        [str(failures["landline"]), "携帯電話以外", "21614", "1", "再送できません"],
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", c[1]) for c in cells)  # Japan time
    assert all(not cell["forms"] for row in rows for cell in row)
    for digits in ("12345678", "2345678", "+81"):
        assert digits not in page


def test_a_viewer_cannot_send_again(client, failures, settings) -> None:
    viewer = client("鈴木")
    response = viewer.post(f"/console/sms/{failures['mobile']}/retry", data={"csrf": _csrf(viewer.get("/console/").text)})
    assert response.status_code == 403
    assert Store(settings.data_dir).rows("sms_outbox")[1]["status"] == "failed"


def test_an_editor_sends_a_failed_sms_again_and_the_audit_log_names_them(client, failures, settings, fake_twilio) -> None:
    editor = client("山田")
    header, mobile_row, landline_row = failed_sms_table(editor.get("/console/").text)
    [form] = mobile_row[5]["forms"]
    assert form["action"] == f"/console/sms/{failures['mobile']}/retry" and form["method"] == "post"
    assert landline_row[5]["forms"] == []  # nothing to send again: its number was not kept

    assert editor.post(str(form["action"]), data={"csrf": "0" * 32}).status_code == 403
    response = editor.post(str(form["action"]), data={"csrf": form["csrf"]}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("#sms-failures")
    [change] = [c for c in staff_log.rows("corpus_changes") if c["action"] == "retry_sms"
                and json.loads(c["detail"]) == {"sms": failures["mobile"]}]  # fmt: skip
    assert change["staff"] == "山田"

    def sent() -> dict:
        return {row["id"]: row for row in Store(settings.data_dir).rows("sms_outbox")}[failures["mobile"]]

    deadline = time.time() + 20  # the outbox worker sends it off the request path
    while sent()["status"] != "sent" and time.time() < deadline:
        time.sleep(0.1)
    assert fake_twilio.messages == [{"to": MOBILE, "from": "+81012349999", "body": "粗大ごみの案内"}]
    assert (sent()["status"], sent()["to_sealed"]) == ("sent", None)
    header, *left = failed_sms_table(editor.get("/console/").text)
    assert [row[0]["text"] for row in left] == [str(failures["landline"])]


def test_what_cannot_be_sent_again_is_told_not_an_error(client, failures, settings) -> None:
    editor = client("山田")
    csrf = _csrf(editor.get("/console/").text)
    refused = editor.post(f"/console/sms/{failures['landline']}/retry", data={"csrf": csrf})
    assert refused.status_code == 200 and "再送できません" in refused.text
    assert not [c for c in staff_log.rows("corpus_changes") if c["action"] == "retry_sms"
                and json.loads(c["detail"]) == {"sms": failures["landline"]}]  # fmt: skip
    for bad_id in ("0", "-1", "99999999999999999999999", "x"):
        assert editor.post(f"/console/sms/{bad_id}/retry", data={"csrf": csrf}).status_code == 422


def test_the_number_of_a_failed_sms_is_erased_after_the_retry_window(settings, failures) -> None:
    store = Store(settings.data_dir)
    Outbox(settings, store).deliver_due(now=time.time() + RETRY_WINDOW_HOURS * 3600 + 60)
    assert [row["to_sealed"] for row in store.rows("sms_outbox")] == [None, None]
    assert [row["can_retry"] for row in store.failed_sms()] == [0, 0]
