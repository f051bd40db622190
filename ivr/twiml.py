"""A small TwiML helper: every prompt is a Gather that takes a key or speech, followed by a
Redirect, so that silence comes back to the same step instead of ending the call."""

from __future__ import annotations

from typing import Iterable, Optional

from fastapi import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from ivr.settings import Settings


class Twiml:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.response = VoiceResponse()

    def url(self, path: str) -> str:
        return self.settings.public_base_url.rstrip("/") + path

    def say(self, text: str, slow: bool = False, into: Optional[VoiceResponse] = None) -> "Twiml":
        target = into if into is not None else self.response
        if slow:
            say = target.say(voice=self.settings.voice, language=self.settings.language)
            say.prosody(text, rate="slow")
        else:
            target.say(text, voice=self.settings.voice, language=self.settings.language)
        return self

    def ask(self, path: str, prompt: str, hints: Iterable[str] = (), slow: bool = False, speech: bool = True) -> "Twiml":
        """Say the prompt while listening for one key (or speech); silence returns to `path`."""
        gather = Gather(
            input="dtmf speech" if speech else "dtmf",
            num_digits=1,
            action=self.url(path),
            method="POST",
            language=self.settings.language,
            timeout=self.settings.gather_timeout_seconds + (4 if slow else 0),
            speech_timeout="auto",
            hints=",".join(hints) or None,
            action_on_empty_result=False,
        )
        self.say(prompt, slow=slow, into=gather)
        self.response.append(gather)
        self.response.redirect(self.url(path), method="POST")
        return self

    def build(self) -> Response:
        return Response(content=str(self.response), media_type="application/xml")
