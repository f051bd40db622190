"""The gateway application: the Twilio voice webhooks, the website chat (widget, demo page
and API), the staff console, and a health check."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Dict

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from ivr.chat import router as chat_router
from ivr.console.routes import router as console_router
from ivr.security import SettingsDep
from ivr.settings import get_settings
from ivr.voice import router as voice_router
from madoguchi.profile import default_profile
from madoguchi.retention import every_hour

WEB_DIR = Path(__file__).parent / "web"
CONSOLE_STATIC = Path(__file__).parent / "console" / "static"

app = FastAPI(title="Madoguchi gateway")
app.include_router(voice_router)
app.include_router(chat_router)
app.include_router(console_router)
app.mount("/widget", StaticFiles(directory=WEB_DIR / "static"), name="widget")
app.mount("/demo", StaticFiles(directory=WEB_DIR / "demo", html=True), name="demo")
app.mount("/console/static", StaticFiles(directory=CONSOLE_STATIC), name="console-static")
# The widget runs on the city's own pages: only those origins may call the chat API.
app.add_middleware(
    CORSMiddleware,
    allow_origins=get_settings().chat_allowed_origins or [default_profile().website],
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type"],
)


@app.on_event("startup")
async def schedule_retention() -> None:
    """Old conversations and call records are deleted every hour (madoguchi/retention.py)."""
    app.state.retention = asyncio.create_task(every_hour())


@app.get("/healthz")
async def healthz(settings: SettingsDep) -> Dict[str, str]:
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds) as client:
            response = await client.get(f"{settings.rasa_url}/")
        rasa = "up" if response.status_code == 200 else f"status {response.status_code}"
    except httpx.HTTPError:
        rasa = "down"
    return {"gateway": "up", "rasa": rasa}
