"""The work queue page: unanswered questions, grouped, paged, searched, filtered, marked
done or ignored by an editor, and exported for the monthly review (CSV and Excel)."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Dict, List
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from console.auth import PostingEditorDep, StaffDep
from console.report import engine, refreshed_engine
from console.views import CHANNEL_NAMES, language_name, page
from gateway.settings import SettingsDep
from madoguchi import staff_log, work_queue
from madoguchi.corpus.edit import topic_choices
from madoguchi.corpus.live import current_corpus

router = APIRouter()
MAX_PAGE = 100_000  # far past any queue: a larger number is a mistake, answered 422
SORT_NAMES = {"count": "件数の多い順", "latest": "新しい順", "reason": "理由ごと"}
HEADERS = [
    "質問（代表）", "件数", "最新（日本時間）", "理由", "チャネル", "トピック", "言語",
    "例1", "例2", "例3", "状態", "グループ番号",
]  # fmt: skip


def queue_filter(
    search: str = "", channel: str = "", reason: str = "", topic: str = "", language: str = "", sort: str = "count",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> work_queue.QueueFilter:  # fmt: skip
    try:
        return work_queue.QueueFilter(search[:200].strip(), channel, reason, topic, language, sort, page)
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from error


FilterDep = Annotated[work_queue.QueueFilter, Depends(queue_filter)]


def query_of(f: work_queue.QueueFilter, **changes: Any) -> str:
    """The page's address for this filter (empty values left out), with some values changed."""
    values = {**f.__dict__, **changes}
    kept = {k: v for k, v in values.items() if v and not (k == "sort" and v == "count") and not (k == "page" and v == 1)}
    return "?" + urlencode(kept) if kept else ""


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request, staff: StaffDep, settings: SettingsDep, f: FilterDep, notice: str = "") -> HTMLResponse:
    store = refreshed_engine(settings)
    found = work_queue.queue_page(store, f)
    if f.page > found.pages:
        raise HTTPException(status_code=404, detail=f"page {f.page} is past the last page ({found.pages})")
    corpus = current_corpus(settings.corpus_dir)
    return page(request, "queue.html", staff, queue=found, facets=work_queue.facets(store), sorts=SORT_NAMES,
                topics=topic_choices(corpus), query_of=query_of, notice=notice,
                statuses=work_queue.STATUSES)  # fmt: skip


@router.post("/queue/{group_id}/mark")
def mark_group(
    staff: PostingEditorDep, settings: SettingsDep, group_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)],
    status: Annotated[str, Form()], back: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    try:
        text = work_queue.mark(engine(settings), group_id, status, staff.name)
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from error
    except work_queue.UnknownGroup as error:
        raise HTTPException(status_code=404, detail=f"group {group_id} does not exist") from error
    staff_log.record_change(staff.name, f"queue_{status}", json.dumps({"group": group_id, "question": text}, ensure_ascii=False))
    notice = f"「{text[:40]}」を{work_queue.STATUSES[status]}にしました（{staff.name}）。同じ質問がまた来ると一覧に戻ります。"
    query = back if back.startswith("?") and "\n" not in back else ""
    joiner = "&" if query else "?"
    return RedirectResponse(f"/console/queue{query}{joiner}{urlencode({'notice': notice})}", status_code=303)


def _row(group: work_queue.QueueGroup, topics: Dict[str, str]) -> List[Any]:
    examples = [f"{e.text}（{e.at:%Y-%m-%d %H:%M} {CHANNEL_NAMES.get(e.channel, e.channel)}）" for e in group.examples]
    examples += [""] * (3 - len(examples))
    status = "未対応" if group.status == "open" else f"{work_queue.STATUSES[group.status]}後に再発（{group.handled_by}）"
    return [
        group.text, group.count, f"{group.latest:%Y-%m-%d %H:%M}",
        "、".join(f"{r}（{n}）" for r, n in group.reasons.items()),
        "、".join(f"{CHANNEL_NAMES.get(c, c)}（{n}）" for c, n in group.channels.items()),
        topics.get(group.topic or "", group.topic or ""),
        "、".join(language_name(lang) for lang in group.languages),
        *examples[:3], status, group.id,
    ]  # fmt: skip


def _export_rows(settings: Any, f: work_queue.QueueFilter) -> List[List[Any]]:
    topics = topic_choices(current_corpus(settings.corpus_dir))
    return [_row(g, topics) for g in work_queue.all_groups(refreshed_engine(settings), f)]


def _attachment(content: bytes, media: str, name: str) -> Response:
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/queue.csv")
def export_csv(staff: StaffDep, settings: SettingsDep, f: FilterDep) -> Response:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(_export_rows(settings, f))
    # UTF-8 with a BOM: Excel in Japan opens it as UTF-8 instead of Shift_JIS
    return _attachment(text.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "unanswered_questions.csv")


@router.get("/queue.xlsx")
def export_xlsx(staff: StaffDep, settings: SettingsDep, f: FilterDep) -> Response:
    book = Workbook()
    sheet = book.active
    sheet.title = "未対応の質問"
    sheet.append(HEADERS)
    for row in _export_rows(settings, f):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJKL", [50, 8, 18, 30, 20, 30, 10, 40, 40, 40, 20, 10]):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    content = io.BytesIO()
    book.save(content)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attachment(content.getvalue(), media, "unanswered_questions.xlsx")
