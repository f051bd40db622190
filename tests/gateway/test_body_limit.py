"""Request bodies larger than their route needs get 413 before the gateway reads them (one
300 MB post used to take the gateway from 0.3 to 0.9 GB of memory)."""

from __future__ import annotations

from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from gateway.body_limit import DEFAULT_BYTES, UPLOAD_BYTES
from gateway.settings import Settings

SESSION = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def client(tmp_path, gateway_with) -> TestClient:
    return gateway_with(Settings(data_dir=tmp_path / "gateway", rasa_url="http://127.0.0.1:9"))


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    yield b'{"session": "' + SESSION.encode() + b'", "message": "'
    for _ in range(total // size):
        yield b"a" * size
    yield b'"}'


def test_a_body_over_the_bound_is_refused_by_its_length(client) -> None:
    big = b'{"session": "%s", "message": "%s"}' % (SESSION.encode(), b"a" * (DEFAULT_BYTES + 1))
    for path, content_type in [("/api/chat", "application/json"), ("/api/feedback", "text/plain"),
                               ("/voice/incoming", "application/x-www-form-urlencoded"), ("/console/login", "application/x-www-form-urlencoded")]:  # fmt: skip
        response = client.post(path, content=big, headers={"Content-Type": content_type})
        assert response.status_code == 413, path
        assert response.json() == {"detail": "the request body is larger than 256 KB"}


def test_a_chunked_body_is_refused_once_it_passes_the_bound(client) -> None:
    response = client.post("/api/chat", content=chunks(4 * DEFAULT_BYTES), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_small_bodies_and_the_console_uploads_are_not_bounded_by_it(client) -> None:
    assert client.post("/api/chat", json={"session": SESSION, "message": "a" * 501}).status_code == 422  # the chat's own rule
    upload = {"file": ("faq.csv", b"a" * (5 * 1024 * 1024), "text/csv")}
    assert (
        client.post("/console/faq-import", files=upload, data={"csrf": "x"}, follow_redirects=False).status_code == 303
    )  # login
    too_big = {"file": ("faq.csv", b"a" * UPLOAD_BYTES, "text/csv")}
    assert client.post("/console/faq-import", files=too_big, data={"csrf": "x"}).status_code == 413
