"""The staff console through its HTTP routes, with the real Rasa server behind the chat."""

from __future__ import annotations

import re
import shutil
import uuid

import pytest
from fastapi.testclient import TestClient

from console.accounts import EDITOR, Accounts
from gateway.settings import Settings
from gateway.store import Store
from madoguchi import staff_log
from madoguchi.corpus.validate import load_corpus
from madoguchi.paths import CORPUS_DIR

PASSWORD = "staff-test-password"


@pytest.fixture
def console(servers, tmp_path, gateway_with):
    corpus = tmp_path / "faq_corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = Settings(
        rasa_url=servers.rasa_url, data_dir=tmp_path / "gateway",
        console_secret="test-secret", tracker_db_url=f"sqlite:///{servers.tracker_db}", corpus_dir=corpus,
    )  # fmt: skip
    accounts = Accounts(Store(settings.data_dir))
    for name in ("山田", "佐藤"):
        accounts.add(name, PASSWORD, EDITOR)
    client = gateway_with(settings)
    client.corpus_dir = corpus  # type: ignore[attr-defined]
    return client


def login(client: TestClient, name: str = "山田") -> str:
    response = client.post("/console/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get("/console/").text
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{32})"', page))
    return csrf


def test_pages_need_a_login(console) -> None:
    response = console.get("/console/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/console/login")
    assert console.get("/console/retrain", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(console) -> None:
    login(console)
    response = console.post("/console/examples", data={"csrf": "0" * 32, "topic_id": "waste/bulky_waste", "question": "x"})
    assert response.status_code == 403


def _ask(client: TestClient, text: str, sid: str = "") -> list:
    response = client.post("/api/chat", json={"session": sid or uuid.uuid4().hex, "message": text})
    assert response.status_code == 200
    return response.json()["messages"]


def test_the_dashboard_groups_what_residents_could_not_get_answered(console) -> None:
    unclear = [f"市民プールの営業時間{n}" for n in ("", "は", "を教えて")]
    for text in unclear:
        _ask(console, text)
    sid = uuid.uuid4().hex
    _ask(console, "粗大ごみを出したい", sid)  # feedback is taken on an answer the conversation got
    response = console.post("/api/feedback", json={"session": sid, "faq_id": "waste/bulky_waste",
                                                   "question": "粗大ごみの料金が知りたい", "helpful": False})  # fmt: skip
    assert response.status_code == 201
    login(console)
    page = console.get("/console/?days=1").text
    rows = re.findall(r'<span class="question">([^<]+)</span>.*?</td>\s*<td>(\d+)</td>', page, flags=re.S)
    assert ("市民プールの営業時間", "3") in rows
    assert ("粗大ごみの料金が知りたい", "1") in rows
    assert "役に立たなかった（1）" in page
    assert '<svg role="img" aria-label="よく聞かれたトピック"' in page


def test_a_question_becomes_an_example_of_a_topic_through_the_validator(console) -> None:
    csrf = login(console, "佐藤")
    question = "でっかい本棚を引き取ってもらうには"
    form = {"csrf": csrf, "topic_id": "waste/bulky_waste", "question": question}
    # first a confirmation that shows the change, with the topic's title; nothing written yet
    confirm = console.post("/console/examples", data=form)
    assert confirm.status_code == 200
    assert "<h1>質問例の追加の確認</h1>" in confirm.text
    assert "粗大ごみの申し込み・手数料・出し方" in confirm.text and question in confirm.text
    assert question not in load_corpus(console.corpus_dir)[0].by_id()["waste/bulky_waste"].examples
    response = console.post("/console/examples", data={**form, "confirm": "yes"}, follow_redirects=False)
    assert response.status_code == 303
    # the notice is shown where the page opens, with the title rather than the id
    assert response.headers["location"].endswith("#notice")
    notice = console.get(response.headers["location"]).text
    assert f"「{question}」を「粗大ごみの申し込み・手数料・出し方」の質問例に追加しました" in notice
    corpus, _ = load_corpus(console.corpus_dir)
    assert corpus.by_id()["waste/bulky_waste"].examples[-1] == question
    [change] = [c for c in staff_log.rows("corpus_changes") if question in c["detail"]]
    assert (change["staff"], change["action"]) == ("佐藤", "add_example")
    rejected = console.post("/console/examples", data={"csrf": csrf, "topic_id": "waste/sorting_rules", "question": question,
                                                       "confirm": "yes"})  # fmt: skip
    assert rejected.status_code == 422
    assert "保存していません" in rejected.text
    # the validator reports the later place (bulky_waste comes after sorting_rules in waste.yml)
    assert f"質問例「{question}」は「waste/sorting_rules」にもあります" in rejected.text


def test_the_corpus_goes_to_excel_and_back(console) -> None:
    csrf = login(console)
    exported = console.get("/console/corpus.xlsx")
    assert exported.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = console.post("/console/corpus.xlsx", data={"csrf": csrf}, follow_redirects=False,
                            files={"file": ("faq.xlsx", exported.content)})  # fmt: skip
    assert response.status_code == 303
    assert "トピックを取り込みました" in console.get(response.headers["location"]).text
    broken = console.post("/console/corpus.xlsx", data={"csrf": csrf}, files={"file": ("faq.xlsx", b"not a workbook")})
    assert broken.status_code == 422
    assert "Excel（.xlsx）として読めません" in broken.text


def test_the_new_topic_draft_opens_as_a_page_of_its_own(console) -> None:
    login(console)
    dashboard = console.get("/console/").text
    assert ">過去24時間</" in dashboard and "今日まで" not in dashboard  # the period links read as periods
    page = console.get("/console/topics/new", params={"question": "市民プールの営業時間"})
    assert page.status_code == 200
    assert '<html lang="ja">' in page.text
    assert "<title>新しいトピック - 窓口案内 職員コンソール</title>" in page.text
    assert '<main id="main">' in page.text and "<h1>新しいトピックの下書き</h1>" in page.text
    assert "<option>waste</option>" in page.text and "市民プールの営業時間</textarea>" in page.text


def test_code_is_refused_as_an_example_before_and_after_confirming(console) -> None:
    csrf = login(console)
    form = {"csrf": csrf, "topic_id": "childcare/vaccination", "question": "${jndi:ldap://x}"}
    for confirm in ("", "yes"):
        rejected = console.post("/console/examples", data={**form, "confirm": confirm})
        assert rejected.status_code == 422
        assert "プログラムやタグのような文字列です" in rejected.text
    assert "${jndi:ldap://x}" not in (console.corpus_dir / "faq" / "childcare.yml").read_text(encoding="utf-8")


def test_retraining_asks_first_and_says_what_will_change(console) -> None:
    csrf = login(console)
    question = "粗大ごみの券はどこで買える"
    console.post("/console/examples", data={"csrf": csrf, "topic_id": "waste/bulky_waste", "question": question,
                                            "confirm": "yes"})  # fmt: skip
    confirm = console.post("/console/retrain", data={"csrf": csrf})
    assert confirm.status_code == 200
    assert "<h1>再学習の確認</h1>" in confirm.text
    assert f"質問例の追加：「{question}」→「粗大ごみの申し込み・手数料・出し方」" in confirm.text
    assert "かかる時間：" in confirm.text
    assert console.get("/console/retrain").json()["state"] == "idle"  # not started by the first click
