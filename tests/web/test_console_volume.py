"""The staff console at a city's volume in a real browser: 100,000 generated questions, the
work queue searched, paged, marked and exported on a 1280-pixel screen, and the console
walked through with the keyboard alone.

A gateway of its own (uvicorn) serves a tracker store and a gateway store filled here, on
the session stack's corpus and Rasa server, so no other test's conversations matter and no
other test sees these questions.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from console.accounts import EDITOR, Accounts
from devtools import question_generator
from devtools.servers import free_port, wait_for
from gateway.store import Store
from madoguchi import question_log
from madoguchi.paths import ROOT, project_env
from tests.web.conftest import STAFF_NAME, STAFF_PASSWORD, shot

QUESTIONS = 100_000
SCREEN_WIDTH = 1280
LONG_QUESTION = "住民票の写しの請求番号" + "A1B2C3D4E5F6G7H8J9K0" * 15  # pasted, 300+ characters without a space
LONG_REPEATS = 80  # within the last hour: among the day's largest groups on the dashboard


@pytest.fixture(scope="module")
def console_at_volume(stack, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("volume")
    tracker = f"sqlite:///{folder / 'tracker.db'}"
    question_generator.write_questions(tracker, QUESTIONS, seed=23, days=30)
    _add_long_question(tracker)
    Accounts(Store(folder / "gateway")).add(STAFF_NAME, STAFF_PASSWORD, EDITOR)
    question_log.sync_all(question_log.engine_for(question_log.store_url(folder / "gateway")), tracker)
    port = free_port()
    env = project_env(
        MADOGUCHI_CORPUS_DIR=str(stack.corpus_dir), MADOGUCHI_RASA_URL=stack.rasa_url, MADOGUCHI_TRACKER_DB_URL=tracker,
        MADOGUCHI_DATA_DIR=str(folder / "gateway"), MADOGUCHI_CONSOLE_SECRET="volume-test-secret",
    )  # fmt: skip
    with open(folder / "gateway.log", "w") as log:
        gateway = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "gateway.app:app", "--ws", "none", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz", 60)
            yield f"http://127.0.0.1:{port}"
        finally:
            gateway.terminate()
            gateway.wait(timeout=30)


def _add_long_question(tracker: str) -> None:
    import json
    import time

    import sqlalchemy as sa

    engine = sa.create_engine(tracker)
    with engine.begin() as db:
        for n in range(LONG_REPEATS):
            at = time.time() - 30 * n
            user = {"event": "user", "text": LONG_QUESTION, "timestamp": at, "input_channel": "web",
                    "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.1}}}  # fmt: skip
            db.execute(
                sa.text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
                        " VALUES (:s, 'user', :at, 'nlu_fallback', NULL, :data)"),
                {"s": f"long-{n}", "at": at, "data": json.dumps(user, ensure_ascii=False)},
            )  # fmt: skip
    engine.dispose()


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/console/login")
    page.get_by_label("職員名").fill(STAFF_NAME)
    page.get_by_label("パスワード").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="ダッシュボード")).to_be_visible()


def off_screen_controls(page: Page) -> list:
    """Buttons, links and fields whose right edge is past the screen (or that make the page scroll sideways)."""
    return page.evaluate(
        """width => {
            const late = [...document.querySelectorAll('main button, main a, main select, main input:not([type=hidden])')]
                .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width)
                .map(e => e.textContent.trim().slice(0, 20) || e.name);
            if (document.documentElement.scrollWidth > width) late.push('page ' + document.documentElement.scrollWidth);
            return late;
        }""",
        SCREEN_WIDTH,
    )


def groups(page: Page):
    return page.locator("li.group")


def test_staff_work_through_the_queue_of_100000_questions(console_at_volume, page, tmp_path) -> None:
    log_in(page, console_at_volume)
    page.goto(f"{console_at_volume}/console/?days=1")
    expect(page.locator("#missed .question", has_text="A1B2C3D4E5").first).to_be_visible()
    assert off_screen_controls(page) == []  # the dashboard's table wraps the 300 characters too
    page.get_by_role("navigation", name="コンソール").get_by_role("link", name="未対応の質問").click()
    expect(page.get_by_role("heading", name="未対応の質問（作業キュー）", level=1)).to_be_visible()
    expect(groups(page)).to_have_count(50)
    total = int(re.search(r"(\d+)種類", page.locator("#queue-summary").inner_text()).group(1))
    assert total > 1000
    assert off_screen_controls(page) == []
    shot(page, "20-queue")

    page.get_by_label("言葉で探す").fill("請求番号")
    page.get_by_role("button", name="絞り込む").click()
    expect(groups(page).first).to_contain_text("A1B2C3D4E5")
    assert off_screen_controls(page) == []  # the 300-character question wraps
    shot(page, "21-queue-long-question")

    page.get_by_role("link", name="条件を消す").click()
    page.get_by_role("navigation", name="ページ").get_by_role("link", name="次のページ").click()
    expect(page.get_by_role("navigation", name="ページ").locator("[aria-current=page]")).to_have_text("2")
    expect(groups(page)).to_have_count(50)

    first = groups(page).first
    text = first.locator(".question").inner_text()
    first.get_by_role("button", name="対応済み").click()
    expect(page.get_by_role("status").first).to_contain_text(f"対応済みにしました（{STAFF_NAME}）")
    expect(page.locator(".question", has_text=re.compile("^" + re.escape(text) + "$"))).to_have_count(0)
    summary = page.locator("#queue-summary").inner_text()
    assert int(re.search(r"(\d+)種類", summary).group(1)) == total - 1

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    exported = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][:2] == ["質問（代表）", "件数"] and len(rows) == total  # the header, and one group fewer
    assert text not in [row[0] for row in rows[1:]]


def test_the_console_works_with_the_keyboard_alone(console_at_volume, page) -> None:
    page.goto(f"{console_at_volume}/console/login")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    expect(page.get_by_label("職員名")).to_be_focused()
    page.keyboard.type(STAFF_NAME)
    page.keyboard.press("Tab")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="ダッシュボード")).to_be_visible()

    tab_to(page, "a", "未対応の質問")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="未対応の質問（作業キュー）", level=1)).to_be_visible()
    text = groups(page).first.locator(".question").inner_text()
    tab_to(page, "button", "対応済み")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # the focus is visible
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("対応済みにしました")
    expect(groups(page).first.locator(".question")).not_to_have_text(text)


def tab_to(page: Page, tag: str, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element is this button or link (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.tagName.toLowerCase(), document.activeElement.textContent.trim()]")
        if focused == [tag, name]:
            return
    pytest.fail(f"{name} ({tag}) was not reached with {limit} presses of Tab")


def test_the_monthly_report_prints_without_navigation_and_forms(console_at_volume, page) -> None:
    log_in(page, console_at_volume)
    page.get_by_role("navigation", name="コンソール").get_by_role("link", name="レポート").click()
    expect(page.get_by_role("heading", name=re.compile("^月次レポート"), level=1)).to_be_visible()
    expect(page.locator("#r-phone")).to_be_visible()
    assert off_screen_controls(page) == []
    shot(page, "22-report")
    page.emulate_media(media="print")
    expect(page.locator("header.bar")).to_be_hidden()
    expect(page.get_by_role("navigation", name="レポートの期間")).to_be_hidden()
    expect(page.get_by_role("heading", name="推移（月ごと）")).to_be_visible()
    page.pdf(path=str(shot_path("23-report-print.pdf")), format="A4")


def shot_path(name: str) -> Path:
    from tests.web.conftest import ARTIFACTS

    return ARTIFACTS / name
