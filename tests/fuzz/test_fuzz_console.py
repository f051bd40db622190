"""The staff console's forms and uploads (CSV and .xlsx bytes) with any content: no 5xx."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from console.accounts import EDITOR, Accounts
from gateway.app import app
from gateway.settings import Settings
from gateway.store import Store
from madoguchi.paths import CORPUS_DIR
from tests.conftest import gateway_serving
from tests.fuzz.conftest import few
from tests.fuzz.strategies import form_text

PASSWORD = "fuzz-test-password"
COLUMNS = ["id", "category", "question", "answer", "url"]


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    work = tmp_path_factory.mktemp("console")
    shutil.copytree(CORPUS_DIR, work / "faq_corpus")
    configured = Settings(data_dir=work / "gateway", console_secret="fuzz-secret", corpus_dir=work / "faq_corpus",
                          tracker_db_url=f"sqlite:///{work / 'no-tracker.db'}")  # fmt: skip
    Accounts(Store(configured.data_dir)).add("職員", PASSWORD, EDITOR)
    with gateway_serving(configured, client=("192.0.2.10", 50000)) as client:
        assert (
            client.post("/console/login", data={"name": "職員", "password": PASSWORD}, follow_redirects=False).status_code == 303
        )
        [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{32})"', client.get("/console/").text))
        client.csrf = csrf  # type: ignore[attr-defined]
        yield client


def _csv_bytes(rows, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append([re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", cell) for cell in row])  # what a sheet can hold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LIST_ROWS = st.lists(st.lists(form_text, min_size=0, max_size=6), max_size=5).map(lambda rows: [COLUMNS, *rows])
UPLOADS = st.one_of(
    st.tuples(st.just("list.csv"), st.binary(max_size=400)),
    st.tuples(st.just("list.csv"), st.tuples(LIST_ROWS, st.sampled_from(["utf-8", "cp932"])).map(lambda a: _csv_bytes(*a))),
    st.tuples(st.just("list.xlsx"), st.binary(max_size=400)),
    st.tuples(st.just("list.xlsx"), st.tuples(LIST_ROWS.map(_xlsx_bytes), st.integers(0, 4000), st.binary(max_size=8))
              .map(lambda a: a[0][: a[1]] + a[2] + a[0][a[1] + len(a[2]):])),  # a workbook with a few bytes changed
)  # fmt: skip


@settings(max_examples=few())
@given(UPLOADS, st.sampled_from(["/console/faq-import", "/console/corpus.xlsx"]))
def test_no_upload_gives_a_server_error(console, upload, path) -> None:
    name, content = upload
    response = console.post(path, data={"csrf": console.csrf}, files={"file": (name, content)}, follow_redirects=False)
    assert response.status_code < 500, (name, content[:100])


@settings(max_examples=few())
@given(st.sampled_from(["waste/bulky_waste", "childcare/nursery_application"]) | form_text, form_text)
def test_no_example_form_gives_a_server_error(console, topic_id, question) -> None:
    response = console.post("/console/examples", data={"csrf": console.csrf, "topic_id": topic_id, "question": question},
                            follow_redirects=False)  # fmt: skip
    assert response.status_code < 500, (topic_id, question)
    assert console.get("/console/corpus.xlsx").status_code == 200  # whatever was added, the export works


@settings(max_examples=few())
@given(
    st.fixed_dictionaries(
        {f: form_text for f in ["category", "name", "title", "department", "url", "examples", "answer", "voice", "sms"]}
    )
)
def test_no_topic_form_gives_a_server_error(console, fields) -> None:
    response = console.post("/console/topics", data={"csrf": console.csrf, **fields}, follow_redirects=False)
    assert response.status_code < 500, fields


@settings(max_examples=few())  # each login checks an argon2 hash
@given(form_text, form_text, st.binary(max_size=60))
def test_no_login_or_cookie_gives_a_server_error(console, name, password, cookie) -> None:
    fresh = TestClient(app, client=("198.51.100.20", 50000))
    assert fresh.post("/console/login", data={"name": name, "password": password}).status_code < 500
    raw = b"madoguchi_staff=" + bytes(b for b in cookie if b not in b"\r\n\x00")  # as a browser could send it
    assert fresh.get("/console/", headers={"Cookie": raw}, follow_redirects=False).status_code < 500
