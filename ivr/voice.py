"""Twilio voice webhooks, one route per call step. Every route checks X-Twilio-Signature
(the TwilioForm dependency) before anything else happens."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Dict, Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Response

from ivr.calls import CallFlow
from ivr.rasa_client import RasaClient
from ivr.security import SettingsDep, TwilioForm
from ivr.settings import Settings
from ivr.store import CallState, Store
from madoguchi.corpus.validate import load_corpus

router = APIRouter(prefix="/voice", tags=["voice"])


@lru_cache(maxsize=4)
def _flow(settings_json: str) -> CallFlow:
    settings = Settings.parse_raw(settings_json)
    corpus, problems = load_corpus()
    if problems:
        raise RuntimeError(f"faq_corpus has problems (make validate): {problems[0]}")
    return CallFlow(
        settings,
        Store(settings.data_dir),
        corpus,
        RasaClient(settings.rasa_url, settings.rasa_timeout_seconds, settings.rasa_token),
    )


def get_flow(settings: SettingsDep) -> CallFlow:
    return _flow(settings.json())


FlowDep = Annotated[CallFlow, Depends(get_flow)]


def _call(form: Dict[str, str], flow: CallFlow) -> CallState:
    if not form.get("CallSid"):
        raise HTTPException(status_code=400, detail="CallSid is required")
    return flow.state(form)


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
    if x_madoguchi_clock and settings.environment == "production":
        raise HTTPException(status_code=400, detail="X-Madoguchi-Clock is for simulations; it is refused in production")
    return flow.greet(flow.start(form, x_madoguchi_clock))


@router.post("/menu")
async def menu(form: TwilioForm, flow: FlowDep) -> Response:
    state = _call(form, flow)
    return await flow.on_menu(state, form.get("Digits", ""), form.get("SpeechResult", ""), _confidence(form))


@router.post("/confirm")
async def confirm(form: TwilioForm, flow: FlowDep) -> Response:
    return await flow.on_confirm(_call(form, flow), form.get("Digits", ""), form.get("SpeechResult", ""))


@router.post("/question")
async def question(form: TwilioForm, flow: FlowDep) -> Response:
    state = _call(form, flow)
    return await flow.on_question(state, form.get("Digits", ""), form.get("SpeechResult", ""), _confidence(form))


@router.post("/dialogue")
async def dialogue(form: TwilioForm, flow: FlowDep) -> Response:
    return await flow.on_dialogue(_call(form, flow), form.get("Digits", ""), form.get("SpeechResult", ""))


@router.post("/after")
async def after(form: TwilioForm, flow: FlowDep) -> Response:
    state = _call(form, flow)
    return await flow.on_after(
        state, form.get("Digits", ""), form.get("SpeechResult", ""), form.get("From", ""), _confidence(form)
    )


@router.post("/closed")
async def closed(form: TwilioForm, flow: FlowDep) -> Response:
    return flow.on_closed(_call(form, flow), form.get("Digits", ""), form.get("From", ""))


@router.post("/dial-status")
async def dial_status(form: TwilioForm, flow: FlowDep) -> Response:
    return flow.on_dial_status(_call(form, flow), form.get("DialCallStatus", "failed"))


@router.post("/recorded")
async def recorded(form: TwilioForm, flow: FlowDep) -> Response:
    seconds = int(form["RecordingDuration"]) if form.get("RecordingDuration", "").isdigit() else None
    return flow.on_recorded(_call(form, flow), form.get("RecordingUrl", ""), seconds)
