"""English by phone: 「For English and other languages, press 8」 in the main menu, 1 in the
language menu, then English menus, answers and SMS (the other languages: test_calls_languages.py)."""

from __future__ import annotations

import time
from typing import List, Tuple

from devtools.simulate import Simulator
from madoguchi.corpus.live import current_corpus
from tests.ivr.conftest import BASE, MOBILE, OPEN, TOKEN, keys, said

# What the gateway answers from (its own cached loader); faq_corpus is validated once, in tests/madoguchi/corpus.
CORPUS = current_corpus()
BULKY = CORPUS.by_id()["waste/bulky_waste"]


def says(root) -> List[Tuple[str, str, str]]:
    """Every <Say> as (text, voice, language), inside Gathers too."""
    return [("".join(s.itertext()).strip(), s.get("voice"), s.get("language")) for s in root.iter("Say")]


def test_the_japanese_main_menu_offers_english_in_english(gateway, fake_twilio):
    sim = Simulator(gateway(), BASE, TOKEN, MOBILE, "+81012340000", OPEN, "completed", fake_twilio)
    _, root, _ = sim._post(BASE + "/voice/incoming", {})
    [gather] = root.findall("Gather")
    assert gather.get("language") == "ja-JP"
    assert says(gather)[1] == ("For English and other languages, press 8.", "Polly.Joanna", "en-US")
    assert says(gather)[0][1:] == ("Polly.Mizuki", "ja-JP")

    _, root, _ = sim._post(gather.get("action"), {"Digits": "8"})  # the URL names the call's step
    [gather] = root.findall("Gather")
    assert says(gather)[0] == ("For English, press 1.", "Polly.Joanna", "en-US")
    _, root, _ = sim._post(gather.get("action"), {"Digits": "1"})
    greeting, *_ = says(root)
    assert greeting == ("Thank you for calling. This is the Midorino City automatic help line.", "Polly.Joanna", "en-US")
    [gather] = root.findall("Gather")
    assert gather.get("language") == "en-US"
    menu, other, back = says(gather)
    assert menu[0].startswith("For childcare, press 1. For waste and recycling, press 2.")
    assert menu[1:] == ("Polly.Joanna", "en-US")
    assert other == ("For Japanese or another language, press 8.", "Polly.Joanna", "en-US")
    # and back: said in Japanese, by the Japanese voice
    assert back == ("日本語のご案内は8を押してください。", "Polly.Mizuki", "ja-JP")
    assert "Bulky" not in gather.get("hints", "") and "Large items" in gather.get("hints", "")


def test_an_english_caller_gets_the_english_answer_and_sms(call, fake_twilio):
    result = call(keys("8", "1", "2", "3", "1"))
    texts = said(result)
    assert CORPUS.render(BULKY, "voice", "en") in texts
    assert texts[-2:] == [
        "Your text message is on its way. It will arrive shortly.",
        CORPUS.translations["en"].phone["after_answer"],
    ]
    deadline = time.monotonic() + 10  # the outbox worker sends it after the step that accepted it
    while not fake_twilio.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_twilio.messages == [{"to": MOBILE, "from": "+81012349999", "body": CORPUS.sms_text(BULKY, "en")}]
    assert CORPUS.sms_text(BULKY, "en").endswith("\nhttps://www.city.midorino.example/kurashi/gomi/sodai.html")


def test_an_english_caller_is_transferred_in_english(call):
    result = call(keys("8", "1", "0"))
    assert said(result)[-1] == "Connecting you to the main office of City Hall. Please hold."
