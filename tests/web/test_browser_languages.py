"""The widget in the resident's language, in a real browser: the switch, the labels, the
answer's language on each message, and readings for やさしい日本語."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import shot


def test_a_resident_switches_to_english_and_is_answered_in_english(stack, page) -> None:
    page.goto(f"{stack.url}/demo/")
    page.get_by_role("button", name="AIチャットで質問する").click()
    page.get_by_label("言語").select_option("en")
    # the labels, the quick starts and a welcome in English
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_contain_text("Hello. This is the automatic help desk of Midorino City.")
    expect(page.locator(".mdg-root")).to_have_attribute("lang", "en")

    page.get_by_role("textbox", name="Type your question").fill("粗大ごみを出したい")
    page.get_by_role("button", name="Send").click()
    expect(log).to_have_attribute("aria-busy", "false", timeout=30_000)
    answer = log.locator(".mdg-msg--bot").last
    expect(answer).to_contain_text("Large items (bulky waste) are collected only on application.")
    expect(answer).to_have_attribute("lang", "en")
    expect(log.locator(".mdg-msg--user").last).to_have_attribute("lang", "en")
    shot(page, "10-english")


def test_an_english_question_on_a_japanese_page_turns_the_widget_english(stack, page) -> None:
    page.goto(f"{stack.url}/demo/")
    page.get_by_role("button", name="AIチャットで質問する").click()
    page.get_by_role("textbox", name="質問を入力").fill("How do I throw away a sofa?")
    page.get_by_role("button", name="送信").click()
    log = page.locator(".mdg-log")
    expect(log.locator(".mdg-msg--bot").last).to_have_attribute("lang", "en", timeout=30_000)
    expect(page.get_by_role("button", name="Send")).to_be_visible()  # the labels followed
    expect(page.get_by_label("Language")).to_have_value("en")


def test_easy_japanese_shows_readings_as_ruby(stack, page) -> None:
    page.goto(f"{stack.url}/demo/")
    page.get_by_role("button", name="AIチャットで質問する").click()
    page.get_by_label("言語").select_option("ja-easy")
    welcome = page.locator(".mdg-msg--bot").last
    expect(welcome).to_contain_text("こんにちは。")
    expect(welcome.locator("ruby").first).to_be_visible()
    expect(welcome.locator("ruby rt").first).to_have_text("の")  # みどり野（の）市（し）
    shot(page, "11-easy-japanese")
