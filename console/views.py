"""What every console page shares: the templates, Japan time, channel and language names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Optional

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from madoguchi.clock import JST
from madoguchi.languages import NATIVE_NAMES

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
CHANNEL_NAMES = {"web": "チャット", "phone": "電話"}
LANGUAGE_NAMES = {"ja": "日本語", "ja-easy": "やさしい日本語", "en": "英語", "zh": "中国語", "ko": "韓国語", "vi": "ベトナム語"}


def jst(moment: datetime, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as staff read it: Japan time (stored moments are UTC)."""
    return moment.astimezone(JST).strftime(pattern)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code) or NATIVE_NAMES.get(code) or code


templates.env.filters["jst"] = jst
templates.env.filters["language_name"] = language_name


def page(request: Request, name: str, staff: Optional[Any] = None, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"staff": staff, "channel_names": CHANNEL_NAMES, **context}, status_code=status_code
    )
