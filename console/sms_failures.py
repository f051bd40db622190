"""Failed SMS on the dashboard: what staff may know of each (the kind of number, when it was
accepted, Twilio's error code, how many attempts), never the number or the message's words;
an editor can send one again while its encrypted number is still kept (ivr/sms.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, List
from urllib.parse import quote

from fastapi import APIRouter, Path
from fastapi.responses import RedirectResponse

from console.auth import PostingEditorDep
from gateway.settings import SettingsDep
from gateway.store import Store
from ivr import sms
from madoguchi import staff_log

router = APIRouter()
SHOWN = 50  # the latest failures; older ones are in the store
ANCHOR = "#sms-failures"
NUMBER_KINDS = {"mobile": "携帯電話", "other": "携帯電話以外", "withheld": "非通知"}
MAX_ID = 2**62  # a larger id is no row (and SQLite would refuse the number)


@dataclass
class FailedSms:
    id: int
    at: datetime  # when the caller's request was accepted (UTC)
    number_kind: str
    error_code: str  # Twilio's code (21614: not a mobile), or the kind of network error
    attempts: int
    can_retry: bool


def error_code(error: str) -> str:
    """The code at the head of a stored error ("21614: ..."): the rest may quote the request."""
    return (error or "").split(":", 1)[0].strip()[:40] or "不明"


def failed_sms(store: Store, limit: int = SHOWN) -> List[FailedSms]:
    return [
        FailedSms(
            id=int(row["id"]),
            at=datetime.fromisoformat(row["at"]),
            number_kind=NUMBER_KINDS.get(row["to_kind"], row["to_kind"]),
            error_code=error_code(row["error"]),
            attempts=int(row["attempts"]),
            can_retry=bool(row["can_retry"]),
        )  # fmt: skip
        for row in store.failed_sms(limit)
    ]


def _back(notice: str) -> RedirectResponse:
    return RedirectResponse(f"/console/?notice={quote(notice)}{ANCHOR}", status_code=303)


@router.post("/sms/{sms_id}/retry")
def retry_sms(staff: PostingEditorDep, settings: SettingsDep, sms_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> RedirectResponse:
    if not sms.send_again(settings, Store(settings.gateway_store), sms_id):
        return _back(f"SMS {sms_id} は再送できません（送信済み、再送の受付済み、または番号の保存期間が過ぎています）。")
    staff_log.record_change(staff.name, "retry_sms", json.dumps({"sms": sms_id}))
    return _back(f"SMS {sms_id} を再送します。結果はこの一覧に表示されます。")
