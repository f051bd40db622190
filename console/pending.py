"""What a retrain will change, in words staff read before they confirm it.

The staff log (madoguchi.staff_log, table corpus_changes) records every corpus change and
every model switch; the changes since the last switch are what the next model learns.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Dict, List, Optional

# How each change reads; the detail's fields fill the text. Unknown actions read as their name.
_TEXTS = {
    "add_example": "質問例の追加：「{question}」→「{title}」",
    "add_topic": "新しいトピック：「{title}」（質問例 {count} 件）",
    "import_xlsx": "Excelの取り込み：{file}（{topics} トピック）",
    "import_faq_list": "FAQ一覧の取り込み：{file}（{imported} 件）",
}
_NOT_CHANGES = {"retrain", "switched_model", "retry_sms"}


def describe(changes: List[Dict[str, Any]], titles: Dict[str, str]) -> List[str]:
    """One line per corpus change: when, who, what (topic titles rather than ids)."""
    lines = []
    for change in changes:
        if change["action"] in _NOT_CHANGES:
            continue
        detail = _detail(change)
        detail.setdefault("title", titles.get(str(detail.get("topic", "")), detail.get("topic", "")))
        detail.setdefault("count", len(detail.get("examples") or []))
        template = _TEXTS.get(change["action"], change["action"])
        try:
            text = template.format(**detail)
        except (KeyError, IndexError):
            text = change["action"]
        lines.append(f"{change['at'][:16].replace('T', ' ')} {change['staff']} さん　{text}")
    return lines


def _detail(change: Dict[str, Any]) -> Dict[str, Any]:
    try:
        detail = json.loads(change.get("detail") or "{}")
    except json.JSONDecodeError:
        return {}
    return detail if isinstance(detail, dict) else {}


def last_duration_seconds(changes: List[Dict[str, Any]]) -> Optional[float]:
    """How long the last retrain took, from its start to the model switch, if both are logged."""
    started: Optional[datetime] = None
    duration: Optional[float] = None
    for change in changes:
        if change["action"] == "retrain":
            started = datetime.fromisoformat(change["at"])
        elif change["action"] == "switched_model" and started is not None:
            duration = (datetime.fromisoformat(change["at"]) - started).total_seconds()
            started = None
    return duration


def expected_duration(changes: List[Dict[str, Any]]) -> str:
    seconds = last_duration_seconds(changes)
    if seconds is None:
        return "数分ほど（前回の記録がないための目安です）"
    minutes = max(1, round(seconds / 60))
    return f"約{minutes}分（前回の再学習にかかった時間）"
