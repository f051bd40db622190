"""What a caller hears when no gateway worker answers (`make cluster`, nginx in front).

Twilio plays its own English error (or the number's fallback URL) for a 502. nginx answers
the voice webhooks then with this TwiML instead (deploy/cluster/nginx.conf): an apology in
Japanese with the main number, said twice, and the call ends. Rendered at `make cluster`
from ivr/phone.yml (`unavailable`) and the city's profile, so the words stay data.
"""

from __future__ import annotations

from twilio.twiml.voice_response import VoiceResponse

from ivr.calls import JAPANESE
from madoguchi.corpus.model import fill_placeholders
from madoguchi.profile import CityProfile, load_profile

PAUSE_SECONDS = 1


def unavailable_twiml(profile: "CityProfile | None" = None) -> str:
    profile = profile or load_profile()
    voice = profile.phone_voices.get("ja")
    text = fill_placeholders(JAPANESE["unavailable"], profile.placeholders())
    response = VoiceResponse()
    for _ in range(2):
        response.say(text, voice=voice.voice if voice else "Polly.Mizuki", language=voice.say if voice else "ja-JP")
        response.pause(length=PAUSE_SECONDS)
    response.hangup()
    return str(response)
