"""The website chat in the resident's language, against the real Rasa server and model."""

from __future__ import annotations

import uuid

import pytest

from gateway.settings import Settings
from tests.console.test_console import console, login  # noqa: F401 - the console fixture, logged in by login()


@pytest.fixture
def chat(servers, tmp_path, gateway_with):
    return gateway_with(Settings(rasa_url=servers.rasa_url, data_dir=tmp_path / "gateway"))


def test_an_english_question_is_answered_in_english_and_says_so(chat) -> None:
    body = chat.post("/api/chat", json={"session": uuid.uuid4().hex, "message": "How do I throw away a sofa?"}).json()
    assert body["language"] == "en"
    # one item named, sure of the topic on its kind: the item's line, then the topic
    item_line, message = body["messages"]
    assert item_line["text"].startswith("Sofa (ソファ): Bulky waste (large items).")
    assert message["faq_id"] == "waste/bulky_waste"
    assert message["text"].startswith("Large items (bulky waste) are collected only on application.")


def test_the_language_chosen_in_the_widget_wins(chat) -> None:
    sid = uuid.uuid4().hex
    body = chat.post("/api/chat", json={"session": sid, "message": "粗大ごみを出したい", "language": "en"}).json()
    assert body["language"] == "en" and body["messages"][0]["text"].startswith("Large items")
    # without a choice, Japanese text switches the conversation back
    body = chat.post("/api/chat", json={"session": sid, "message": "粗大ごみを出したい"}).json()
    assert body["language"] == "ja" and body["messages"][0]["text"].startswith("粗大ごみは")


def test_an_unknown_language_is_a_422(chat) -> None:
    response = chat.post("/api/chat", json={"session": uuid.uuid4().hex, "message": "hello", "language": "fr"})
    assert response.status_code == 422
    assert chat.get("/api/chat/config?language=fr").status_code == 422


def test_the_widget_settings_come_in_the_language_asked(chat) -> None:
    config = chat.get("/api/chat/config?language=en").json()
    assert config["language"] == "en"
    assert config["title"] == "Midorino City AI Chat Help Desk"
    assert config["welcome"].startswith("Hello. This is the automatic help desk of Midorino City.")
    assert config["labels"]["send"] == "Send"
    assert [q["label"] for q in config["quick_start"]] == ["Childcare", "Waste", "Registrations & certificates"]
    waste = config["quick_start"][1]["buttons"]
    assert {"title": "Large items", "payload": '/choose_faq{"faq_id": "waste/bulky_waste"}'} in waste
    assert {"title": "How to throw away a specific item", "payload": "/waste_item_lookup"} in waste
    assert [lang["code"] for lang in config["languages"]] == ["ja", "ja-easy", "en", "zh", "ko", "vi"]


def test_the_japanese_settings_are_unchanged(chat) -> None:
    config = chat.get("/api/chat/config").json()
    assert config["title"] == "みどり野市 AIチャット窓口"
    assert config["contact"] == "代表電話 00-1234-0000（平日8時30分から17時15分）"
    assert config["language"] == "ja" and config["labels"] == {}


def test_the_console_lists_a_topic_whose_translation_is_missing(console) -> None:  # noqa: F811 - the fixture
    waste = console.corpus_dir / "translations" / "ko" / "faq" / "waste.yml"
    text = waste.read_text(encoding="utf-8")
    start = text.index("  - id: waste/bulky_waste")
    end = text.index("  - id: ", start + 1)
    waste.write_text(text[:start] + text[end:], encoding="utf-8")  # the Korean bulky-waste topic is gone
    login(console)
    page = console.get("/console/").text
    assert "<li>한국어（ko）：未翻訳 1件" in page
    assert "<summary>一覧</summary><p>粗大ごみの申し込み・手数料・出し方</p>" in page
    assert "<li>English（en）：すべて翻訳済み</li>" in page


def test_the_console_shows_staff_what_each_language_lacks(console) -> None:  # noqa: F811 - the fixture
    login(console)
    page = console.get("/console/").text
    assert '<h2 id="languages-h">翻訳（外国語・やさしい日本語）</h2>' in page
    # every topic and message is translated in the corpus as it stands
    for name in ("English（en）", "简体中文（zh）", "한국어（ko）", "Tiếng Việt（vi）", "やさしい日本語（ja-easy）"):
        assert f"<li>{name}：すべて翻訳済み</li>" in page
