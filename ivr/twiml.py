"""A small TwiML helper: every prompt is a Gather that takes a key or speech, followed by a
Redirect, so that silence comes back to the same step instead of ending the call."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Tuple

from fastapi import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from gateway.settings import Settings
from madoguchi.profile import PhoneVoice

# A sentence in another voice than the call's: "For English, press 8." in the Japanese menu.
Aside = Tuple[str, PhoneVoice]


class Twiml:
    def __init__(self, settings: Settings, voice: PhoneVoice) -> None:
        """`voice`: the call's language (the profile's `phone_voices`): who speaks, and how speech is heard."""
        self.settings = settings
        self.response = VoiceResponse()
        self.voice = voice

    def url(self, path: str) -> str:
        return self.settings.public_base_url.rstrip("/") + path

    def say(
        self, text: str, slow: bool = False, into: Optional[VoiceResponse] = None, voice: Optional[PhoneVoice] = None
    ) -> "Twiml":
        """`voice`: another voice than the call's, for a sentence in another language."""
        target = into if into is not None else self.response
        speaker = voice or self.voice
        rate = "slow" if slow else speaker.rate
        if rate:
            say = target.say(voice=speaker.voice, language=speaker.say)
            say.prosody(text, rate=rate)
        else:
            target.say(text, voice=speaker.voice, language=speaker.say)
        return self

    def ask(
        self, path: str, prompt: str, hints: Iterable[str] = (), slow: bool = False, speech: bool = True,
        asides: Sequence[Aside] = (), listen: Optional[PhoneVoice] = None,
    ) -> "Twiml":  # fmt: skip
        """Say the prompt while listening for one key (or speech); silence returns to `path`.

        `asides`: sentences after the prompt in other voices (the languages offered in the main
        menu). `listen`: hear speech in another language than the call's (the language menu).
        """
        gather = Gather(
            input="dtmf speech" if speech else "dtmf",
            num_digits=1,
            action=self.url(path),
            method="POST",
            language=(listen or self.voice).speech,
            timeout=self.settings.gather_timeout_seconds + (4 if slow else 0),
            speech_timeout="auto",
            hints=",".join(hints) or None,
            action_on_empty_result=False,
        )
        if prompt:
            self.say(prompt, slow=slow, into=gather)
        for text, voice in asides:
            self.say(text, slow=slow, into=gather, voice=voice)
        self.response.append(gather)
        self.response.redirect(self.url(path), method="POST")
        return self

    def build(self) -> Response:
        return Response(content=str(self.response), media_type="application/xml")
