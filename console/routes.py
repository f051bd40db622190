"""The staff console's pages: login, the dashboard, corpus changes, retraining, Excel."""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Dict, List, Tuple
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from console import pending, queue, report, reports, sms_failures
from console.accounts import FAILURE_WINDOW
from console.auth import (
    COOKIE,
    AccountsDep,
    EditorDep,
    LockedOut,
    PostingEditorDep,
    PostingStaffDep,
    StaffDep,
    log_in,
    session_cookie,
)
from console.charts import bar_chart, daily_chart
from console.views import CHANNEL_NAMES
from console.views import page as _page
from gateway.settings import SettingsDep
from gateway.store import Store
from madoguchi import staff_log
from madoguchi.corpus import excel, faq_import
from madoguchi.corpus.edit import CorpusEditRejected, NewTopic, add_example, add_topic, topic_choices
from madoguchi.corpus.live import current_corpus
from madoguchi.corpus.model import Corpus
from madoguchi.corpus.translations import missing_translations
from madoguchi.languages import NATIVE_NAMES
from madoguchi.retrain import Retrainer
from madoguchi.retrain_board import RetrainBoard
from madoguchi.spec import default_spec

router = APIRouter(prefix="/console", tags=["console"])
PERIODS = {1: "過去24時間", 7: "過去7日間", 30: "過去30日間", 90: "過去90日間"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@lru_cache(maxsize=4)
def _retrainer(
    corpus_dir: Path,
    bot_dir: Path,
    models_dir: Path,
    rasa_url: str,
    rasa_token: str,
    rasa_servers: Tuple[str, ...],
    store: str,
) -> Retrainer:
    def remember_switch(model: str) -> None:  # the next retrain checks what was added after this
        staff_log.record_change("system", "switched_model", json.dumps({"model": model}))

    return Retrainer(
        corpus_dir,
        bot_dir,
        models_dir,
        rasa_url,
        on_switched=remember_switch,
        rasa_token=rasa_token,
        rasa_servers=rasa_servers,
        board=RetrainBoard(store),
    )


def get_retrainer(settings: SettingsDep) -> Retrainer:
    return _retrainer(
        settings.corpus_dir, settings.bot_dir, settings.models_dir, settings.rasa_url, settings.rasa_token,
        tuple(settings.rasa_servers), settings.gateway_store,
    )  # fmt: skip


RetrainerDep = Annotated[Retrainer, Depends(get_retrainer)]
router.include_router(queue.router)  # the work queue of unanswered questions
router.include_router(reports.router)  # weekly and monthly reports
router.include_router(sms_failures.router)  # failed SMS, sent again by an editor


CONFIRMED = "yes"  # the confirmation page's button sends confirm=yes
NOTICE = "#notice"  # the dashboard opens at its notice, so that it is in view


def _back(notice: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/console/?notice={quote(notice)}{anchor}", status_code=303)


# --- login -----------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _page(request, "login.html")


@router.post("/login")
def login(
    request: Request, settings: SettingsDep, accounts: AccountsDep,
    name: Annotated[str, Form()], password: Annotated[str, Form()],
) -> Response:  # fmt: skip
    address = request.client.host if request.client else "unknown"
    try:
        account = log_in(accounts, settings, name.strip()[:40], password, address)
    except LockedOut as locked:
        refused = _page(request, "login.html", error=str(locked), status_code=429)
        refused.headers["Retry-After"] = str(int(FAILURE_WINDOW))
        return refused
    if account is None:
        return _page(request, "login.html", error="名前またはパスワードが違います。", status_code=401)
    response = RedirectResponse("/console/", status_code=303)
    secure = settings.public_base_url.startswith("https://")
    response.set_cookie(COOKIE, session_cookie(settings, account.name), httponly=True, samesite="strict", secure=secure,
                        max_age=settings.console_session_hours * 3600, path="/console")  # fmt: skip
    return response


@router.post("/logout")
def logout(staff: PostingStaffDep) -> Response:
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response


# --- dashboard -------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, staff: StaffDep, settings: SettingsDep, days: int = 7, notice: str = "") -> HTMLResponse:
    if days not in PERIODS:
        raise HTTPException(status_code=422, detail=f"days must be one of {sorted(PERIODS)}")
    corpus = current_corpus(settings.corpus_dir)
    since, until = report.period(days)
    board = report.build(settings, corpus, since, until)
    charts = {
        "topics": bar_chart(board.top_topics, "よく聞かれたトピック"),
        "rates": bar_chart(
            [(CHANNEL_NAMES.get(r.channel, r.channel), r.rate) for r in board.rates], "チャネル別の回答率", unit="%"
        ),  # fmt: skip
        "daily": daily_chart(board.daily, "日ごとの質問数と回答数"),
    }
    topics = topic_choices(corpus)
    return _page(request, "dashboard.html", staff, board=board, charts=charts, days=days, periods=PERIODS,
                 topics=topics, notice=notice, categories=corpus.categories(),
                 departments=default_spec().departments, translations=translation_status(corpus),
                 failed_sms=sms_failures.failed_sms(Store(settings.gateway_store)))  # fmt: skip


def translation_status(corpus: Corpus) -> List[Dict[str, Any]]:
    """Per language: what is not translated yet (answered in Japanese there), for staff."""
    missing = missing_translations(corpus)
    titles = {topic.id: topic.short_title for topic in corpus.topics}
    return [
        {"code": code, "name": NATIVE_NAMES[code], "missing": [titles.get(item, item) for item in lacks]}
        for code, lacks in missing.items()
    ]


# --- corpus changes --------------------------------------------------------------------


def _rejected(request: Request, staff: Any, error: CorpusEditRejected, what: str) -> HTMLResponse:
    return _page(request, "rejected.html", staff, what=what, problems=error.problems, status_code=422)


@router.post("/examples")
def add_example_route(
    request: Request, staff: PostingEditorDep, settings: SettingsDep,
    topic_id: Annotated[str, Form()], question: Annotated[str, Form()], confirm: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """First a check and a confirmation page that shows the change; written only when confirmed."""
    confirmed = confirm == CONFIRMED
    title = topic_choices(current_corpus(settings.corpus_dir)).get(topic_id, topic_id)
    try:
        add_example(topic_id, question, settings.corpus_dir, dry_run=not confirmed)
    except CorpusEditRejected as error:
        return _rejected(request, staff, error, f"「{question}」を「{title}」の質問例に追加")
    if not confirmed:
        topic = current_corpus(settings.corpus_dir).by_id()[topic_id]
        return _page(request, "confirm_example.html", staff, topic=topic, question=" ".join(question.split()))
    detail = json.dumps({"topic": topic_id, "question": question}, ensure_ascii=False)
    staff_log.record_change(staff.name, "add_example", detail)
    return _back(f"「{question}」を「{title}」の質問例に追加しました。再学習すると回答に反映されます。", NOTICE)


@router.get("/topics/new", response_class=HTMLResponse)
def new_topic_form(request: Request, staff: EditorDep, settings: SettingsDep, question: str = "") -> HTMLResponse:
    corpus = current_corpus(settings.corpus_dir)
    return _page(request, "topic_new.html", staff, question=question, categories=corpus.categories(),
                 departments=default_spec().departments)  # fmt: skip


@router.post("/topics")
def add_topic_route(
    request: Request, staff: PostingEditorDep, settings: SettingsDep,
    category: Annotated[str, Form()], name: Annotated[str, Form()], title: Annotated[str, Form()],
    department: Annotated[str, Form()], url: Annotated[str, Form()], examples: Annotated[str, Form()],
    answer: Annotated[str, Form()], voice: Annotated[str, Form()], sms: Annotated[str, Form()],
) -> Response:  # fmt: skip
    topic = NewTopic(
        id=f"{category}/{name.strip()}", title=title.strip(), department=department, url=url.strip(),
        examples=[line.strip() for line in examples.splitlines() if line.strip()],
        answer=answer.strip(), voice=voice.strip(), sms=sms.strip(),
    )  # fmt: skip
    try:
        add_topic(topic, settings.corpus_dir)
    except CorpusEditRejected as error:
        return _rejected(request, staff, error, f"新しいトピック {topic.id}")
    detail = json.dumps({"topic": topic.id, "examples": topic.examples}, ensure_ascii=False)
    staff_log.record_change(staff.name, "add_topic", detail)
    return _back(f"トピック「{topic.title}」を追加しました。再学習すると回答に使われます。", NOTICE)


# --- retraining ------------------------------------------------------------------------


def pending_checks(since_last_switch: List[Dict[str, Any]]) -> List[tuple]:
    """(question, topic) pairs added since the last model switch: the new model must know them."""
    checks: List[tuple] = []
    for change in since_last_switch:
        detail = json.loads(change["detail"])
        if change["action"] == "add_example":
            checks.append((detail["question"], detail["topic"]))
        elif change["action"] == "add_topic":
            checks.extend((question, detail["topic"]) for question in detail["examples"][:1])
    return checks


def _changes_since_switch() -> List[Dict[str, Any]]:
    changes = staff_log.rows("corpus_changes")
    switches = [n for n, change in enumerate(changes) if change["action"] == "switched_model"]
    return changes[switches[-1] + 1 :] if switches else changes


@router.post("/retrain")
def retrain(
    request: Request, staff: PostingEditorDep, retrainer: RetrainerDep, settings: SettingsDep,
    confirm: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """First a confirmation page: the changes the new model will learn, and how long it takes."""
    changes = _changes_since_switch()
    if confirm != CONFIRMED:
        topics = topic_choices(current_corpus(settings.corpus_dir))
        return _page(request, "confirm_retrain.html", staff, changes=pending.describe(changes, topics),
                     duration=pending.expected_duration(staff_log.rows("corpus_changes")))  # fmt: skip
    if not retrainer.start(pending_checks(changes)):
        return _back("再学習はすでに実行中です。", "#retrain")
    staff_log.record_change(staff.name, "retrain", "{}")
    return _back("再学習を始めました。進み具合はこのページの「再学習」に表示されます。", "#retrain")


@router.get("/retrain")
def retrain_status(staff: StaffDep, retrainer: RetrainerDep) -> Dict[str, Any]:
    return retrainer.status()


# --- Excel and imports -----------------------------------------------------------------


@router.get("/corpus.xlsx")
def export_corpus(staff: StaffDep, settings: SettingsDep) -> Response:
    content = excel.export_workbook(current_corpus(settings.corpus_dir))
    headers = {"Content-Disposition": 'attachment; filename="faq_corpus.xlsx"'}
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return StreamingResponse(io.BytesIO(content), media_type=media, headers=headers)


async def _read_upload(upload: UploadFile) -> bytes:
    content = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise HTTPException(status_code=413, detail=f"the file is larger than {MAX_UPLOAD_BYTES // 2**20} MB")
    if not content:
        raise HTTPException(status_code=422, detail="the file is empty")
    return content


@router.post("/corpus.xlsx")
async def import_corpus(
    request: Request, staff: PostingEditorDep, settings: SettingsDep, file: Annotated[UploadFile, File()]
) -> Response:
    try:
        written = excel.import_workbook(await _read_upload(file), settings.corpus_dir)
    except excel.SheetProblems as error:
        return _page(request, "rejected.html", staff, what=f"{file.filename} の取り込み", problems=error.problems,
                     status_code=422)  # fmt: skip
    staff_log.record_change(staff.name, "import_xlsx", json.dumps({"file": file.filename, "topics": written}))
    return _back(f"{file.filename} から {written} トピックを取り込みました。再学習すると回答に反映されます。", "#retrain")


@router.post("/faq-import")
async def import_faq_list(
    request: Request, staff: PostingEditorDep, settings: SettingsDep, file: Annotated[UploadFile, File()]
) -> Response:
    try:
        result = faq_import.import_faq_list(await _read_upload(file), file.filename or "", settings.corpus_dir)
    except excel.SheetProblems as error:
        return _page(request, "rejected.html", staff, what=f"{file.filename} の取り込み", problems=error.problems,
                     status_code=422)  # fmt: skip
    detail = {"file": file.filename, "imported": result.imported, "skipped": result.skipped}
    staff_log.record_change(staff.name, "import_faq_list", json.dumps(detail, ensure_ascii=False))
    return _back(result.message(file.filename or ""), "#retrain")
