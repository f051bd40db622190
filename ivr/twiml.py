"""A small TwiML helper: every prompt is a Gather that takes a key or speech, followed by a
Redirect, so that silence comes back to the same step instead of ending the call."""

from __future__ import annotations

from typing import Iterable, Optional, Tuple

from fastapi import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from gateway.settings import Settings


class Twiml:
    def __init__(self, settings: Settings, language: Optional[str] = None) -> None:
        """`language` "en": the English voice and en-US speech input; otherwise the Japanese ones."""
        self.settings = settings
        self.response = VoiceResponse()
        self.voice, self.language = self.voice_for(language)

    def voice_for(self, language: Optional[str]) -> Tuple[str, str]:
        if language == "en":
            return self.settings.voice_en, "en-US"
        return self.settings.voice, self.settings.language

    def url(self, path: str) -> str:
        return self.settings.public_base_url.rstrip("/") + path

    def say(self, text: str, slow: bool = False, into: Optional[VoiceResponse] = None, language: Optional[str] = "") -> "Twiml":
        """`language` (None = Japanese, "en") speaks in another voice than the call's."""
        target = into if into is not None else self.response
        voice, code = self.voice_for(language) if language != "" else (self.voice, self.language)
        if slow:
            say = target.say(voice=voice, language=code)
            say.prosody(text, rate="slow")
        else:
            target.say(text, voice=voice, language=code)
        return self

    def ask(
        self, path: str, prompt: str, hints: Iterable[str] = (), slow: bool = False, speech: bool = True,
        offer: Optional[Tuple[str, Optional[str]]] = None,
    ) -> "Twiml":  # fmt: skip
        """Say the prompt while listening for one key (or speech); silence returns to `path`.

        `offer`: a last sentence in another language's voice (「For English, press 8」, language "en").
        """
        gather = Gather(
            input="dtmf speech" if speech else "dtmf",
            num_digits=1,
            action=self.url(path),
            method="POST",
            language=self.language,
            timeout=self.settings.gather_timeout_seconds + (4 if slow else 0),
            speech_timeout="auto",
            hints=",".join(hints) or None,
            action_on_empty_result=False,
        )
        self.say(prompt, slow=slow, into=gather)
        if offer:
            self.say(offer[0], slow=slow, into=gather, language=offer[1])
        self.response.append(gather)
        self.response.redirect(self.url(path), method="POST")
        return self

    def build(self) -> Response:
        return Response(content=str(self.response), media_type="application/xml")
