"""Issue 11 in a real browser: every quick-start button leads somewhere, every console link
opens a page, answers link by title and phone number, and the chat reflows when zoomed.

Each test opens its own page (fresh localStorage) on the session's stack, so none depends
on another's conversation.
"""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from typing import Any, Dict, List

from playwright.sync_api import Page, expect

from tests.web.conftest import STAFF_NAME, STAFF_PASSWORD, shot

DEAD_ENDS = ("辞書に載っていません", "うまくお答えできませんでした", "送信できませんでした", "ただいま応答できません")


def chat_log(page: Page):
    return page.get_by_role("log", name="会話")


def open_chat(page: Page, url: str) -> None:
    page.goto(f"{url}/demo/")
    page.get_by_role("button", name="AIチャットで質問する").click()
    expect(page.get_by_role("textbox", name="質問を入力")).to_be_focused()


def ask(page: Page, text: str) -> None:
    page.get_by_role("textbox", name="質問を入力").fill(text)
    page.get_by_role("button", name="送信").click()
    expect(chat_log(page)).to_have_attribute("aria-busy", "false", timeout=30_000)


def config(url: str) -> Dict[str, Any]:
    with urllib.request.urlopen(f"{url}/api/chat/config", timeout=30) as response:
        return json.loads(response.read())


def api_chat(url: str, message: str) -> List[Dict[str, Any]]:
    body = json.dumps({"session": uuid.uuid4().hex, "message": message}).encode()
    request = urllib.request.Request(f"{url}/api/chat", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())["messages"]


def test_every_quick_start_button_leads_to_an_answer_or_a_question_with_a_way_out(stack, page) -> None:
    open_chat(page, stack.url)
    quick = page.get_by_role("group", name="分野から選ぶ")
    pressed = 0
    for category in config(stack.url)["quick_start"]:
        # a new conversation per category: one conversation may send 20 turns a minute
        page.get_by_role("button", name="会話をリセット").click()
        for item in category["buttons"]:
            menu = page.get_by_role("button", name="メニュー", exact=True)
            if menu.get_attribute("aria-expanded") == "false":  # the menu folds away after a message
                menu.click()
            quick.get_by_role("button", name=category["label"], exact=True).click()
            intro = chat_log(page).locator(".mdg-msg--bot").last
            intro.get_by_role("button", name=item["title"], exact=True).click()
            expect(chat_log(page)).to_have_attribute("aria-busy", "false", timeout=30_000)
            reply = chat_log(page).locator(".mdg-msg--bot").last
            text = reply.inner_text()
            assert not any(dead in text for dead in DEAD_ENDS), f"{category['label']} → {item['title']}: {text}"
            stop = reply.get_by_role("button", name="やめる", exact=True)
            if stop.count():  # a skill asks its first question: the way out works too
                stop.click()
                expect(chat_log(page).locator(".mdg-msg--bot").last).to_contain_text("中止します")
            else:  # an answer, which residents can rate
                expect(reply.get_by_role("button", name="役に立った")).to_be_visible()
            pressed += 1
    assert pressed >= 15
    shot(page, "dead-ends-quick-start")


def test_answers_link_by_page_title_and_phone_numbers_can_be_called(stack, page) -> None:
    open_chat(page, stack.url)
    ask(page, "粗大ごみを出したい")
    answer = chat_log(page).locator(".mdg-msg--bot").last
    link = answer.locator('a[href^="https://"]').first
    expect(link).to_have_text(re.compile(r"^粗大ごみの申し込み・手数料・出し方（新しいタブで開きます）$"))
    assert "https://" not in link.inner_text()
    ask(page, "ソファは何ごみ？")  # the item lookup: rated like any answer, and says where the button goes
    item = chat_log(page).locator(".mdg-msg--bot").last
    expect(item.get_by_role("button", name="役に立った")).to_be_visible()
    expect(item.get_by_role("button", name=re.compile("^粗大ごみの申し込み.*の案内を見る$"))).to_be_visible()
    item.get_by_role("button", name="役に立たなかった").click()
    tel = item.locator('a[href^="tel:"]').first
    expect(tel).to_be_visible()
    assert re.fullmatch(r"tel:0\d{9,10}", tel.get_attribute("href") or "")
    reason = item.get_by_label(re.compile("役に立たなかった理由"))
    reason.fill("電話 090-1234-5678 に聞いても出し方がわからない")
    item.get_by_role("button", name="理由を送る").click()
    expect(item).to_contain_text("理由を受け付けました")
    shot(page, "dead-ends-links-and-reason")


def test_collection_day_answers_can_be_rated(stack, page) -> None:
    open_chat(page, stack.url)
    ask(page, "東町の燃やすごみの日はいつ？")
    # the days, then the year-end notice as a message of its own
    answer = chat_log(page).locator(".mdg-msg--bot", has_text="東町のごみの収集日です。")
    expect(answer).to_have_count(1)
    expect(answer.get_by_role("button", name="役に立った")).to_be_visible()


def test_the_chat_reflows_at_200_and_400_percent_zoom(stack, browser) -> None:
    # 200% and 400% zoom on a 1280×800 screen are 640×400 and 320×200 CSS pixels
    for width, height, large in ((640, 400, False), (640, 400, True), (320, 200, False)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
        page = context.new_page()
        open_chat(page, stack.url)
        if large:
            page.get_by_role("button", name="文字を大きく").click()
        ask(page, "粗大ごみを出したい")
        log = chat_log(page).bounding_box()
        assert log is not None and log["height"] >= height / 2, (width, height, large, log)
        overflow = page.evaluate("() => document.querySelector('.mdg-panel').scrollWidth - innerWidth")
        assert overflow <= 0  # no scrolling sideways
        shot(page, f"dead-ends-zoom-{width}x{height}{'-large' if large else ''}")
        context.close()


def test_the_logo_link_is_named_by_its_visible_text(stack, page) -> None:
    from tests.web.test_accessibility import AXE

    page.goto(f"{stack.url}/demo/")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['label-content-name-mismatch']}})")
    assert result["violations"] == []
    expect(page.get_by_role("link", name=re.compile("^みどり野市"))).to_have_count(1)


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/console/login")
    page.get_by_label("職員名").fill(STAFF_NAME)
    page.get_by_label("パスワード").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="ダッシュボード")).to_be_visible()


def test_every_console_link_opens_a_page_with_a_title_and_a_heading(stack, page) -> None:
    api_chat(stack.url, "市営プールの夜間の営業時間")  # an unanswered row, so that its links are crawled too
    log_in(page, stack.url)
    seen: set = set()
    queue = [page.url]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        assert page.title(), url
        assert page.locator("html").get_attribute("lang") == "ja", url
        expect(page.locator("main")).to_have_count(1)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        queue.extend(
            link.split("#")[0] for link in links
            if link.startswith(f"{stack.url}/console/") and "logout" not in link and not link.endswith((".xlsx", ".csv"))
        )  # fmt: skip
    assert any("/console/topics/new" in url for url in seen)
