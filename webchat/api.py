"""The website chat's API: the widget's settings, one chat turn, and feedback on an answer.

The widget talks to the gateway (same origin as its script), and the gateway to Rasa's
REST channel. Going through the gateway means personal information is masked before Rasa
sees or stores it, the conversation is marked as the web channel, and the browser never
needs to reach the Rasa server.
"""

from __future__ import annotations

import asyncio
import weakref
from functools import lru_cache
from typing import Annotated, Any, Dict, List, Optional

import yaml
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, StrictBool, constr, validator

from bot.actions.fallback import choose_payload
from gateway.rasa_client import RasaClient, RasaUnavailable
from gateway.settings import Settings, SettingsDep
from gateway.store import Store
from madoguchi.corpus.live import current_corpus
from madoguchi.corpus.model import Corpus, fill_placeholders
from madoguchi.languages import HTML_LANG, JAPANESE, LANGUAGES, NATIVE_NAMES, reply_language
from madoguchi.paths import CORPUS_DIR
from madoguchi.staff_log import record_feedback, record_feedback_reason
from webchat.rate_limit import limiter
from webchat.text import readable_text

router = APIRouter(prefix="/api", tags=["chat"])

QUICK_START_FILE = CORPUS_DIR / "quick_start.yml"
WEB_CHANNEL = "web"
MAX_MESSAGE_CHARS = 500
MAX_REASON_CHARS = 200
# A skill's answer is known by its custom payload; feedback on it is kept under the skill's name.
SKILL_ANSWERS = {
    "waste_item": "waste_item_lookup",
    "waste_item_unknown": "waste_item_lookup",
    "district": "waste_collection_day",
    "moving_checklist": "moving_checklist",
}

# \Z, not $: `$` also matches before a trailing newline. Strict: a number is not a text.
SessionId = constr(strict=True, regex=r"^[A-Za-z0-9_-]{8,64}\Z")
TOO_FAST = "短い間にたくさんの質問が送られました。少し待ってから、もう一度送ってください。"
NOT_ANSWERED = "この会話ではその回答をお送りしていないため、評価を受け付けられません。"


LanguageCode = constr(regex="^(" + "|".join(LANGUAGES) + ")$")


class ChatTurn(BaseModel):
    session: SessionId  # type: ignore[valid-type]
    message: constr(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE_CHARS)  # type: ignore[valid-type]
    # the language the resident chose in the widget (or the page declares); absent: detected
    language: Optional[LanguageCode] = None  # type: ignore[valid-type]

    _readable = validator("message", allow_reuse=True)(readable_text)


class Feedback(BaseModel):
    session: SessionId  # type: ignore[valid-type]
    faq_id: constr(strict=True, min_length=3, max_length=100)  # type: ignore[valid-type]
    question: constr(strict=True, max_length=MAX_MESSAGE_CHARS) = ""  # type: ignore[valid-type]
    helpful: StrictBool
    # after 「役に立たなかった」, optionally why (sent on its own, after the feedback)
    reason: Optional[constr(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_REASON_CHARS)] = None  # type: ignore[valid-type]

    _readable = validator("faq_id", "question", "reason", allow_reuse=True)(readable_text)


class Button(BaseModel):
    title: str
    payload: str


class ChatMessage(BaseModel):
    text: Optional[str] = None
    buttons: List[Button] = Field(default_factory=list)
    faq_id: Optional[str] = None  # an FAQ topic, or the skill that answered (feedback is kept per answer)
    url: Optional[str] = None
    title: Optional[str] = None  # the title of the page at `url`, for the link's text


def get_corpus(settings: SettingsDep) -> Corpus:
    return current_corpus(settings.corpus_dir)


CorpusDep = Annotated[Corpus, Depends(get_corpus)]


def check_rate(request: Request, session: str, settings: Settings, kind: str = "turn") -> None:
    """429 with a reason the widget can show, and Retry-After, when a sender is too fast.

    `kind` keeps chat turns and feedback apart: each has its own count per session and address,
    in this process or, with MADOGUCHI_LIMITS_URL, shared by every gateway worker (rate_limit.py).
    """
    address = request.client.host if request.client else "unknown"
    checks = [
        (limiter(f"{kind}:session", settings.chat_turns_per_minute, settings.limits_url), f"session:{session}"),
        (limiter(f"{kind}:address", settings.chat_turns_per_minute_per_address, settings.limits_url), f"address:{address}"),
    ]
    for rate, key in checks:
        if not rate.allow(key):
            raise HTTPException(status_code=429, detail=TOO_FAST, headers={"Retry-After": str(rate.retry_after(key))})


@lru_cache(maxsize=4)
def _store(location: str) -> Store:
    return Store(location)


# One lock per conversation: Rasa handles one turn of a conversation at a time, so a second
# turn sent before the first is answered waits here, and its timeout starts when it is sent.
# Per worker by design (a queue, not a limit): across the cluster's workers Rasa's Redis lock
# store keeps one turn of a conversation at a time.
_turn_locks: "weakref.WeakValueDictionary[str, asyncio.Lock]" = weakref.WeakValueDictionary()


def turn_lock(conversation: str) -> asyncio.Lock:
    key = f"{id(asyncio.get_running_loop())}:{conversation}"  # a lock serves one event loop
    lock = _turn_locks.get(key)
    if lock is None:
        lock = _turn_locks[key] = asyncio.Lock()
    return lock


def conversation_id(session: str) -> str:
    return f"web-{session}"


def to_messages(replies: List[Dict[str, Any]]) -> List[ChatMessage]:
    """Rasa's REST replies as the widget shows them: the FAQ id and link join their answer."""
    messages: List[ChatMessage] = []
    for reply in replies:
        custom = reply.get("custom") or {}
        if reply.get("text") or reply.get("buttons"):
            buttons = [Button(title=b["title"], payload=b["payload"]) for b in reply.get("buttons") or []]
            messages.append(ChatMessage(text=reply.get("text"), buttons=buttons))
        if custom.get("faq_id") and messages:
            messages[-1].faq_id, messages[-1].url = custom["faq_id"], custom.get("url")
            messages[-1].title = custom.get("title")
        skill = next((SKILL_ANSWERS[key] for key in SKILL_ANSWERS if key in custom), None)
        if skill and messages:
            messages[-1].faq_id = skill
    return messages


def _button(corpus: Corpus, item: str, language: Optional[str] = None) -> Button:
    topics = corpus.by_id()
    if item in topics:
        return Button(title=corpus.short_title(topics[item], language), payload=choose_payload(item))
    return Button(title=corpus.message(f"utter_title_{item}", language), payload=f"/{item}")


def quick_start(corpus: Corpus, language: Optional[str] = None) -> List[Dict[str, Any]]:
    entries = yaml.safe_load(QUICK_START_FILE.read_text(encoding="utf-8"))
    translated = widget_texts(corpus, language).get("quick_start") or []
    return [
        {
            "label": local.get("label", entry["label"]),
            "intro": local.get("intro", entry["intro"]),
            "buttons": [_button(corpus, i, language).dict() for i in entry["items"]],
        }
        for entry, local in zip(entries, list(translated) + [{}] * len(entries))
    ]


def widget_texts(corpus: Corpus, language: Optional[str]) -> Dict[str, Any]:
    """The widget's texts in a translated language (translations/<language>/widget.yml), or {}."""
    translation = corpus.translations.get(language or "")
    return translation.widget if translation else {}


def _language_query(language: Optional[str] = None) -> Optional[str]:
    if language is not None and language not in LANGUAGES:
        raise HTTPException(status_code=422, detail=f"language must be one of {', '.join(LANGUAGES)}")
    return None if language == JAPANESE else language


@router.get("/chat/config")
def chat_config(corpus: CorpusDep, language: Annotated[Optional[str], Depends(_language_query)] = None) -> Dict[str, Any]:
    profile = corpus.profile
    local = widget_texts(corpus, language)
    values = profile.placeholders(language=language if local else None)
    fill = lambda text: fill_placeholders(str(text), values)  # noqa: E731
    return {
        "city": values["city"],
        "title": fill(local.get("title", "{city} AIチャット窓口")),
        "welcome": corpus.message("utter_greet", language),
        "privacy": fill(local.get("privacy", "電話番号やマイナンバーなどの個人情報は入力しないでください。")),
        "contact": fill(local.get("contact", "代表電話 {tel_main}（{hours}）")),
        "quick_start": quick_start(corpus, language),
        "language": language if local else JAPANESE,
        "labels": {name: fill(text) for name, text in (local.get("labels") or {}).items()},
        "languages": [{"code": code, "name": NATIVE_NAMES[code], "lang": HTML_LANG[code]} for code in LANGUAGES],
    }


@router.post("/chat")
async def chat(turn: ChatTurn, request: Request, settings: SettingsDep) -> Dict[str, Any]:
    # in a thread: a shared count is a Redis round trip, which must not hold up other turns
    await run_in_threadpool(check_rate, request, turn.session, settings)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds * 3, settings.rasa_token)
    conversation = conversation_id(turn.session)
    metadata = {"language": turn.language} if turn.language else None
    try:
        async with turn_lock(conversation):
            replies = await rasa.send(conversation, turn.message, channel=WEB_CHANNEL, metadata=metadata)
    except RasaUnavailable as error:
        raise HTTPException(status_code=503, detail="the assistant is not available right now") from error
    messages = to_messages(replies)
    store = _store(settings.gateway_store)
    for message in messages:  # feedback is taken on these answers only
        if message.faq_id:
            store.record_web_answer(conversation, message.faq_id)
    # what the answer was written in: the widget marks the messages with it (lang) and follows it
    language = reply_language([r["text"] for r in replies if r.get("text")], turn.language)
    return {"messages": messages, "language": language}


@router.post("/feedback", status_code=201)
def feedback(item: Feedback, request: Request, settings: SettingsDep, corpus: CorpusDep) -> Dict[str, bool]:
    check_rate(request, item.session, settings, kind="feedback")
    if item.faq_id not in corpus.by_id() and item.faq_id not in set(SKILL_ANSWERS.values()):
        raise HTTPException(status_code=422, detail=f"unknown faq_id '{item.faq_id}'")
    conversation = conversation_id(item.session)
    if not _store(settings.gateway_store).was_answered(conversation, item.faq_id):
        raise HTTPException(status_code=404, detail=NOT_ANSWERED)
    if item.reason and record_feedback_reason(conversation, item.faq_id, item.reason):
        return {"stored": True}  # the reason joins the feedback given a moment ago
    record_feedback(conversation, WEB_CHANNEL, item.faq_id, item.question, item.helpful)
    if item.reason:
        record_feedback_reason(conversation, item.faq_id, item.reason)
    return {"stored": True}
