"""The gateway: one FastAPI app that mounts the channels on one address. The phone's Twilio
webhooks (ivr/), the website chat API (webchat/), the widget and demo page as static files
(widget/), the staff console (console/), and a health check."""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Dict, Optional, Tuple

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from console.routes import router as console_router
from gateway import access_log
from gateway.body_limit import BodyLimit
from gateway.settings import Settings, SettingsDep, get_settings
from ivr import sms
from ivr.voice import router as voice_router
from madoguchi import question_log
from madoguchi.corpus.live import current_corpus
from madoguchi.profile import default_profile
from madoguchi.retention import every_hour
from webchat.api import router as chat_router

ROOT = Path(__file__).resolve().parents[1]
WIDGET_DIR = ROOT / "widget"
CONSOLE_STATIC = ROOT / "console" / "static"


class StaticDirectory(StaticFiles):
    """Static files where a path the file system cannot take (a NUL byte, a name too long) is 404, not 500."""

    def lookup_path(self, path: str) -> Tuple[str, Optional[os.stat_result]]:
        try:
            return super().lookup_path(path)
        except (ValueError, OSError):
            return "", None


def build_app(settings: Settings) -> FastAPI:
    access_log.install()  # uvicorn configured its loggers before it imported this app
    # The API description is for developers: in production it would only help an attacker.
    development = settings.environment != "production"
    app = FastAPI(
        title="Madoguchi gateway",
        docs_url="/docs" if development else None,
        redoc_url="/redoc" if development else None,
        openapi_url="/openapi.json" if development else None,
    )
    app.include_router(voice_router)
    app.include_router(chat_router)
    app.include_router(console_router)
    app.mount("/widget", StaticDirectory(directory=WIDGET_DIR / "static"), name="widget")
    app.mount("/demo", StaticDirectory(directory=WIDGET_DIR / "demo", html=True), name="demo")
    app.mount("/console/static", StaticDirectory(directory=CONSOLE_STATIC), name="console-static")
    # The widget runs on the city's own pages: only those origins may call the chat API.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.chat_allowed_origins or [default_profile().website],
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
    )
    app.add_middleware(BodyLimit)  # outermost: nothing reads a body larger than its route needs
    app.add_api_route("/healthz", healthz, methods=["GET"])
    # SMS still in the outbox from before a restart are sent without waiting for a new one.
    app.add_event_handler("startup", lambda: sms.worker(get_settings()))
    app.add_event_handler("startup", read_corpus)

    async def schedule_retention() -> None:
        """Old conversations and call records are deleted every hour (madoguchi/retention.py)."""
        app.state.retention = asyncio.create_task(every_hour())

    app.add_event_handler("startup", schedule_retention)

    async def schedule_question_log() -> None:
        """New questions are read for the staff console every half minute (madoguchi/question_log.py)."""
        app.state.question_log = asyncio.create_task(question_log.every_half_minute())

    app.add_event_handler("startup", schedule_question_log)
    return app


def read_corpus() -> None:
    """The corpus is read before the first call or chat turn, not by it (a first load takes
    a second or two); a broken one is named here and again by the first answer that needs it."""
    try:
        current_corpus(get_settings().corpus_dir)
    except RuntimeError as problem:
        logging.getLogger(__name__).error("faq_corpus not read at start: %s", problem)


async def healthz(settings: SettingsDep) -> Dict[str, str]:
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds) as client:
            response = await client.get(f"{settings.rasa_url}/")
        rasa = "up" if response.status_code == 200 else f"status {response.status_code}"
    except httpx.HTTPError:
        rasa = "down"
    return {"gateway": "up", "rasa": rasa}


app = build_app(get_settings())
