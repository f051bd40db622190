"""`python -m devtools.simulate`: call the city on your own machine, as Twilio would call the gateway.

Every request is signed with the auth token and carries the fields Twilio posts; the
returned TwiML is parsed and its `action`s and `Redirect`s are followed. A local fake of
Twilio's REST API captures the SMS the gateway sends (start the gateway with
MADOGUCHI_TWILIO_API_BASE pointing at it; `make run` does in development).

Interactive: `python -m devtools.simulate [--voice]`. Scripted, for tests and benchmarks:

    python -m devtools.simulate --from +819012345678 --at 2026-12-01T10:00+09:00 \\
        --input 2 --input 1 --say "粗大ごみを出したい" --input 1 --json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import httpx
from twilio.request_validator import RequestValidator

from devtools.fake_twilio import FakeTwilio
from ivr.calls import SMS_ACCEPTED
from madoguchi.corpus.live import current_corpus
from madoguchi.profile import default_profile

MAX_REQUESTS = 60  # a call that loops longer than this is a bug, not a caller


@dataclass
class Step:
    kind: str  # "input" (keys), "say" (speech), "silence"
    value: str = ""
    confidence: str = "0.92"  # what the speech recognizer reports for "say"


@dataclass
class Call:
    turns: List[Dict[str, Any]] = field(default_factory=list)
    faq_id: Optional[str] = None
    transfer: Optional[Dict[str, str]] = None
    hung_up_by: Optional[str] = None


class Simulator:
    def __init__(self, client: Any, base_url: str, auth_token: str, caller: str, city_number: str, at: Optional[str] = None,
                 dial_status: str = "completed", fake: Optional[FakeTwilio] = None) -> None:  # fmt: skip
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.validator = RequestValidator(auth_token)
        self.caller = caller
        self.city_number = city_number
        self.at = at
        self.dial_status = dial_status
        self.fake = fake
        self.call_sid = "CA" + uuid.uuid4().hex
        self._sms_before = 0
        self.departments = {number.e164: key for key, number in default_profile().departments.items()}
        self.departments[default_profile().main.e164] = "main"

    def _post(self, url: str, extra: Dict[str, str]) -> Tuple[Dict[str, Any], ET.Element, Dict[str, str]]:
        params = {"CallSid": self.call_sid, "AccountSid": "ACsimulator", "From": self.caller, "To": self.city_number,
                  "CallStatus": "in-progress", "Direction": "inbound", **extra}  # fmt: skip
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        if self.at:
            headers["X-Madoguchi-Clock"] = self.at
        response = self.client.post(url, data=params, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code} {response.text}")
        root = ET.fromstring(response.text)  # noqa: S314 - TwiML from our own gateway
        return {"url": url, "params": extra}, root, dict(response.headers)

    def run(self, steps: List[Step], interactive: bool = False, speak: bool = False) -> Call:
        call = Call()
        self._sms_before = len(self.fake.messages) if self.fake else 0
        url: str = self.base_url + "/voice/incoming"
        extra: Dict[str, str] = {}
        pending = list(steps)
        for _ in range(MAX_REQUESTS):
            request, root, headers = self._post(url, extra)
            verbs = list(_verbs(root))
            call.turns.append({"request": request, "verbs": verbs})
            if headers.get("x-madoguchi-answered"):
                call.faq_id = headers["x-madoguchi-answered"]
            if interactive:
                _show(verbs, speak)
            follow = self._next(root, call, pending, interactive)
            if follow is None:
                break
            url, extra = follow
        self._await_sms(call)
        return call

    def _await_sms(self, call: Call, timeout: float = 10.0) -> None:
        """The gateway sends SMS from its outbox, after the step that accepted them: wait for them."""
        # 「ショートメッセージの送信を受け付けました」 in the call's language (phone.yml of each)
        texts = {SMS_ACCEPTED} | {t.phone["sms_accepted"] for t in current_corpus().translations.values() if t.phone}
        accepted = sum(verb.get("say") in texts for turn in call.turns for verb in turn["verbs"])
        deadline = time.monotonic() + timeout
        while self.fake and accepted and len(self.fake.messages) - self._sms_before < accepted and time.monotonic() < deadline:
            time.sleep(0.05)

    def _next(self, root: ET.Element, call: Call, pending: List[Step], interactive: bool) -> Optional[Tuple[str, Dict[str, str]]]:
        for verb in root:
            if verb.tag == "Hangup":
                call.hung_up_by = "system"
                return None
            if verb.tag == "Dial":
                number = (verb.text or "").strip()
                call.transfer = {"department": self.departments.get(number, "unknown"), "number": number}
                return verb.get("action", ""), {"DialCallStatus": self.dial_status, "DialCallDuration": "30"}
            if verb.tag == "Record":
                return verb.get("action", ""), {"RecordingUrl": "https://api.twilio.com/fake/RE0001", "RecordingDuration": "12"}
            if verb.tag == "Gather":
                step = _ask_person() if interactive else (pending.pop(0) if pending else None)
                if step is None:
                    call.hung_up_by = "caller"
                    return None
                if step.kind == "input":
                    return verb.get("action", ""), {"Digits": step.value}
                if step.kind == "say":
                    return verb.get("action", ""), {"SpeechResult": step.value, "Confidence": step.confidence}
                continue  # silence: Twilio goes on to the next verb (the Redirect)
            if verb.tag == "Redirect":
                return (verb.text or "").strip(), {}
        call.hung_up_by = "system"
        return None


def _verbs(root: ET.Element) -> List[Dict[str, Any]]:
    verbs: List[Dict[str, Any]] = []
    for verb in root:
        if verb.tag == "Say":
            verbs.append(_say(verb))
        elif verb.tag == "Gather":
            verbs.append({"gather": dict(verb.attrib)})
            verbs.extend(_say(say) for say in verb if say.tag == "Say")
        elif verb.tag == "Dial":
            verbs.append({"dial": {"number": (verb.text or "").strip(), **verb.attrib}})
        elif verb.tag == "Record":
            verbs.append({"record": dict(verb.attrib)})
        elif verb.tag == "Redirect":
            verbs.append({"redirect": (verb.text or "").strip()})
        elif verb.tag == "Hangup":
            verbs.append({"hangup": True})
    return verbs


def _say(verb: ET.Element) -> Dict[str, Any]:
    """A <Say>'s text, and its language (ja-JP, en-US …) when it names one."""
    said: Dict[str, Any] = {"say": "".join(verb.itertext()).strip()}
    if verb.get("language"):
        said["language"] = verb.get("language")
    return said


# espeak-ng's voice for each language Twilio is asked to speak (`espeak-ng --voices`): its
# Mandarin is cmn; a language it lacks is read with the Japanese voice, as before.
ESPEAK_VOICES = {"ja": "ja", "en": "en-us", "zh": "cmn", "cmn": "cmn", "ko": "ko", "vi": "vi"}


def espeak_voice(language: Optional[str]) -> str:
    return ESPEAK_VOICES.get((language or "ja").split("-")[0].lower(), "ja")


def _show(verbs: List[Dict[str, Any]], speak: bool) -> None:
    for verb in verbs:
        if "say" in verb:
            print(f"🔊 {verb['say']}")
            if speak and shutil.which("espeak-ng"):
                voice = espeak_voice(verb.get("language"))
                subprocess.run(["espeak-ng", "-v", voice, verb["say"]], check=False)  # noqa: S607
        elif "dial" in verb:
            print(f"📞 転送: {verb['dial']['number']}")
        elif "record" in verb:
            print("⏺ 伝言を録音します（シミュレーション）")


def _ask_person() -> Optional[Step]:
    try:
        text = input("キー(0-9,*) / 話す内容 / 空Enter=無言 / q=切る > ").strip()
    except EOFError:
        return None
    if text == "q":
        return None
    if not text:
        return Step("silence")
    return Step("input", text) if len(text) == 1 and text in "0123456789*#" else Step("say", text)


class _StepAction(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Optional[str] = None) -> None:
        steps = getattr(namespace, "steps", None) or []
        kind = {"--input": "input", "--say": "say", "--silence": "silence"}[option_string or ""]
        steps.append(Step(kind, values if isinstance(values, str) else ""))
        namespace.steps = steps


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devtools.simulate", description=__doc__.split("\n")[0])
    parser.add_argument("--gateway", default=os.environ.get("MADOGUCHI_PUBLIC_BASE_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--auth-token", default=os.environ.get("MADOGUCHI_TWILIO_AUTH_TOKEN", "development"))
    parser.add_argument("--from", dest="caller", default="+819012345678", help="the caller's number")
    parser.add_argument("--to", default=default_profile().main.e164, help="the number called")
    parser.add_argument("--at", help="the time the gateway uses for office hours (not in production)")
    parser.add_argument("--input", action=_StepAction, help="press a key")
    parser.add_argument("--say", action=_StepAction, help="say something")
    parser.add_argument("--silence", action=_StepAction, nargs=0, help="say nothing")
    parser.add_argument("--dial-status", default="completed", help="how a transfer ends (busy, no-answer …)")
    parser.add_argument("--fake-twilio-port", type=int, default=8099, help="where the fake Twilio API listens (0: none)")
    parser.add_argument("--json", action="store_true", help="print the call as one JSON object")
    parser.add_argument("--voice", action="store_true", help="speak the prompts with espeak-ng")
    args = parser.parse_args(argv)
    steps = getattr(args, "steps", None) or []
    fake = FakeTwilio(args.fake_twilio_port) if args.fake_twilio_port else None
    with httpx.Client(timeout=20) as client:
        if fake:
            fake.__enter__()
        try:
            sim = Simulator(client, args.gateway, args.auth_token, args.caller, args.to, args.at, args.dial_status, fake)
            call = sim.run(steps, interactive=not steps, speak=args.voice)
        finally:
            if fake:
                fake.__exit__(None, None, None)
    result = outcome(call, fake)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(json.dumps(result["outcome"], ensure_ascii=False))
    return 0


def outcome(call: Call, fake: Optional[FakeTwilio]) -> Dict[str, Any]:
    sms = [{"to": m["to"], "body": m["body"]} for m in (fake.messages if fake else [])]
    return {
        "turns": call.turns,
        "outcome": {"faq_id": call.faq_id, "sms": sms, "transfer": call.transfer, "hung_up_by": call.hung_up_by},
    }


if __name__ == "__main__":
    sys.exit(main())
