"""Console uploads and edits that used to give 500s: each gets a clear Japanese 4xx and the
corpus stays as it was."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from console.accounts import EDITOR, Accounts
from gateway.settings import Settings
from gateway.store import Store
from madoguchi.corpus import excel
from madoguchi.corpus.validate import load_corpus
from madoguchi.paths import CORPUS_DIR

PASSWORD = "staff-test-password"
HEADER = b"id,category,question,answer,url\r\n"


@pytest.fixture
def editor(tmp_path, gateway_with):
    corpus = tmp_path / "faq_corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    settings = Settings(data_dir=tmp_path / "gateway", console_secret="test-secret", corpus_dir=corpus,
                        tracker_db_url=f"sqlite:///{tmp_path / 'no-tracker.db'}")  # fmt: skip
    Accounts(Store(settings.data_dir)).add("山田", PASSWORD, EDITOR)
    client = gateway_with(settings)
    assert client.post("/console/login", data={"name": "山田", "password": PASSWORD}, follow_redirects=False).status_code == 303
    [csrf] = set(re.findall(r'name="csrf" value="([0-9a-f]{32})"', client.get("/console/").text))
    client.csrf, client.corpus_dir = csrf, corpus  # type: ignore[attr-defined]
    return client


def _snapshot(corpus: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted((corpus / "faq").glob("*.yml"))}


def _upload(client, path: str, name: str, content: bytes):
    return client.post(path, data={"csrf": client.csrf}, files={"file": (name, content)}, follow_redirects=False)


def _faq_list_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "category", "question", "answer", "url"])
    for n in range(200):
        sheet.append([f"a{n}", "ごみ", f"質問{n}はどうすればいいですか", f"答え{n}です。", "https://www.city.example/a"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _truncated_xlsx(content: bytes = b"") -> bytes:
    if not content:
        corpus, _ = load_corpus(CORPUS_DIR)
        content = excel.export_workbook(corpus)
    whole = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as cut:
        for item in whole.infolist():
            data = whole.read(item)
            cut.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    return out.getvalue()


ROW = "a1,ごみ,粗大ごみの{}出し方,粗大ごみは申し込み制です。,https://www.city.example/a".encode()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("list.csv", HEADER + ROW.replace(b"{}", b"\x00"), "NUL文字が含まれています"),
        ("list.csv", HEADER + ROW.replace(b"{}", b"x" * 140_000), "1つの欄が長すぎます"),
        ("list.csv", HEADER + ROW.decode().encode("cp932").replace(b"{}", b"\x80"), "使えない制御文字 U+0080"),  # Shift_JIS
        ("list.csv", HEADER, "取り込むFAQがありません"),
        ("list.xlsx", _truncated_xlsx(_faq_list_xlsx()), "Excel（.xlsx）の中身が壊れていて読めません"),
    ],
    ids=["nul", "long-field", "byte-0x80", "header-only", "truncated-xlsx"],
)
def test_a_bad_faq_list_is_refused_with_a_reason_and_nothing_changes(editor, name, content, reason) -> None:
    before = _snapshot(editor.corpus_dir)
    response = _upload(editor, "/console/faq-import", name, content)
    assert response.status_code == 422
    assert reason in response.text
    assert _snapshot(editor.corpus_dir) == before


def test_a_header_only_list_does_not_delete_the_imported_entries(editor) -> None:
    good = HEADER + "b1,くらし,公民館の和室を借りる方法,公民館の窓口で申し込めます。,https://www.city.example/b".encode()
    assert _upload(editor, "/console/faq-import", "list.csv", good).status_code == 303
    imported = _snapshot(editor.corpus_dir)
    assert any(name.endswith(".imported.yml") for name in imported)
    assert _upload(editor, "/console/faq-import", "list.csv", HEADER).status_code == 422
    assert _snapshot(editor.corpus_dir) == imported


def test_a_damaged_workbook_is_refused_with_a_reason(editor) -> None:
    response = _upload(editor, "/console/corpus.xlsx", "corpus.xlsx", _truncated_xlsx())
    assert response.status_code == 422
    assert "Excel（.xlsx）の中身が壊れていて読めません" in response.text


@pytest.mark.parametrize("character", ["\x80", "\x00", "\x1b"], ids=["U+0080", "NUL", "ESC"])
def test_an_example_with_a_control_character_is_refused_and_the_export_still_works(editor, character) -> None:
    before = _snapshot(editor.corpus_dir)
    response = editor.post("/console/examples", data={"csrf": editor.csrf, "topic_id": "waste/bulky_waste",
                                                      "question": f"粗大ごみ{character}の出し方"})  # fmt: skip
    assert response.status_code == 422
    assert "使えない制御文字" in response.text or "読めません" in response.text
    assert _snapshot(editor.corpus_dir) == before
    assert editor.get("/console/corpus.xlsx").status_code == 200


def test_the_faq_import_tells_the_departments_of_the_lists_column(editor) -> None:
    listing = "番号,分類,質問,回答,担当課\r\nd1,ごみ,事業所のごみの処理,事業所のごみはステーションに出せません。,廃棄物対策課\r\n"
    response = _upload(editor, "/console/faq-import", "list.csv", listing.encode("cp932"))
    assert response.status_code == 303
    page = editor.get(response.headers["location"]).text
    told = (
        "list.csv から 1 件のFAQを取り込みました。再学習すると回答に使われます。担当課の列から 1 課を読みました。"
        "電話番号が city.yml にない 1 課（廃棄物対策課）は、市役所の代表番号を案内します。"
    )
    assert told in page
