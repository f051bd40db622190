"""Twilio voice webhooks, one route per call step. Every route checks X-Twilio-Signature
(the TwilioForm dependency) before anything else happens."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Callable, Dict, List, Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Response

from gateway.rasa_client import RasaClient
from gateway.settings import Settings, SettingsDep
from gateway.store import CallState, Store
from ivr.calls import CallFlow
from ivr.security import TwilioForm
from madoguchi.corpus.live import current_corpus
from madoguchi.corpus.model import Corpus

router = APIRouter(prefix="/voice", tags=["voice"])
log = logging.getLogger(__name__)


def corpus_follower(corpus_dir: Path) -> Callable[[], Corpus]:
    """The corpus as it is on disk now (reloaded when a file changes), or the last good one.

    Staff add topics and edit answers while calls go on, and the Rasa server switches to the
    retrained model: an answer with a new FAQ id must find its text. A hand edit that breaks
    the corpus keeps the last good one in use (it is logged; make validate tells what).
    """
    last: List[Corpus] = []

    def corpus() -> Corpus:
        try:
            last[:] = [current_corpus(corpus_dir)]
        except RuntimeError as problem:
            if not last:
                raise
            log.error("faq_corpus is broken, the last good one stays in use: %s", problem)
        return last[0]

    return corpus


@lru_cache(maxsize=4)
def _flow(settings_json: str) -> CallFlow:
    settings = Settings.parse_raw(settings_json)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds, settings.rasa_token)
    return CallFlow(settings, Store(settings.gateway_store), corpus_follower(settings.corpus_dir), rasa)


def get_flow(settings: SettingsDep) -> CallFlow:
    return _flow(settings.json())


FlowDep = Annotated[CallFlow, Depends(get_flow)]


def _call(form: Dict[str, str], flow: CallFlow) -> CallState:
    if not form.get("CallSid"):
        raise HTTPException(status_code=400, detail="CallSid is required")
    return flow.state(form)


def _simulation_clock(value: Optional[str], settings: Settings) -> Optional[str]:
    """The simulator's X-Madoguchi-Clock, checked now rather than failing later in the call."""
    if not value:
        return None
    if settings.environment == "production":
        raise HTTPException(status_code=400, detail="X-Madoguchi-Clock is for simulations; it is refused in production")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        detail = "X-Madoguchi-Clock must be ISO 8601 with a time zone, e.g. 2026-12-01T10:00+09:00"
        raise HTTPException(status_code=400, detail=detail)
    return moment.isoformat()


def _seconds(value: str) -> Optional[int]:
    """A recording's length: ASCII digits within a day, else unknown (Twilio's own are small)."""
    return int(value) if re.fullmatch(r"[0-9]{1,5}", value) else None


def _confidence(form: Dict[str, str]) -> Optional[float]:
    try:
        return float(form["Confidence"]) if form.get("Confidence") else None
    except ValueError:
        raise HTTPException(status_code=400, detail="Confidence must be a number") from None


@router.post("/incoming")
async def incoming(
    form: TwilioForm, flow: FlowDep, settings: SettingsDep, x_madoguchi_clock: Annotated[Optional[str], Header()] = None
) -> Response:
    if not form.get("CallSid"):
        raise HTTPException(status_code=400, detail="CallSid is required")
    clock = _simulation_clock(x_madoguchi_clock, settings)
    existing = flow.store.load(form["CallSid"])
    if existing is not None:  # the call has begun: a replay must not start it again
        return flow.replayed(existing)
    return flow.greet(flow.start(form, clock))


@router.post("/menu")
async def menu(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return await flow.on_menu(state, form.get("Digits", ""), form.get("SpeechResult", ""), _confidence(form))


@router.post("/confirm")
async def confirm(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return await flow.on_confirm(state, form.get("Digits", ""), form.get("SpeechResult", ""))


@router.post("/question")
async def question(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return await flow.on_question(state, form.get("Digits", ""), form.get("SpeechResult", ""), _confidence(form))


@router.post("/dialogue")
async def dialogue(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return await flow.on_dialogue(state, form.get("Digits", ""), form.get("SpeechResult", ""))


@router.post("/after")
async def after(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return await flow.on_after(
        state, form.get("Digits", ""), form.get("SpeechResult", ""), form.get("From", ""), _confidence(form)
    )


@router.post("/closed")
async def closed(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return flow.on_closed(state, form.get("Digits", ""), form.get("From", ""))


@router.post("/dial-status")
async def dial_status(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return flow.on_dial_status(state, form.get("DialCallStatus", "failed"))


@router.post("/recorded")
async def recorded(form: TwilioForm, flow: FlowDep, step: Optional[str] = None) -> Response:
    state = _call(form, flow)
    if not flow.is_current(state, step):
        return flow.replayed(state)
    return flow.on_recorded(state, form.get("RecordingUrl", ""), _seconds(form.get("RecordingDuration", "")))
