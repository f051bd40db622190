"""What a caller hears when no gateway worker answers (ivr/outage.py, rendered into nginx's
configuration by `make cluster`); tests/cluster has the same through nginx."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ivr.outage import unavailable_twiml
from madoguchi.cluster.services import nginx_string

APOLOGY = "申し訳ありません。ただいま自動案内をご利用いただけません。お急ぎの場合は、代表電話00-1234-0000におかけください。"


def test_the_apology_is_said_twice_in_japanese_with_the_main_number_and_the_call_ends() -> None:
    twiml = ET.fromstring(unavailable_twiml())
    assert [(element.tag, element.text, element.attrib) for element in twiml] == [
        ("Say", APOLOGY, {"language": "ja-JP", "voice": "Polly.Mizuki"}),
        ("Pause", None, {"length": "1"}),
        ("Say", APOLOGY, {"language": "ja-JP", "voice": "Polly.Mizuki"}),
        ("Pause", None, {"length": "1"}),
        ("Hangup", None, {}),
    ]


def test_text_for_nginx_keeps_quotes_and_backslashes_and_refuses_a_dollar() -> None:
    assert nginx_string("it's a\\b") == "it\\'s a\\\\b"
    with pytest.raises(ValueError, match=r"\$"):
        nginx_string("<Say>$request_uri</Say>")
