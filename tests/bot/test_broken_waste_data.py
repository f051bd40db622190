"""A broken 5374 folder while the assistant runs (madoguchi/waste_data.py,
bot/actions/waste_unavailable.py): FAQs and staff are answered as usual, the item and
collection-day skills apologise and give ごみ対策課's number in the resident's language, and
no turn is refused. The real model and in-process actions behind Rasa's real REST channel."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from sanic import Sanic

from madoguchi import waste_data
from madoguchi.corpus.model import fill_placeholders
from madoguchi.import5374 import import_folder
from tests.bot.test_rest_channel import (
    post_turns,
    serve_with_sqlite_store,
    texts_and_ids,
    user_turns,
)
from tests.conftest import FIXTURES

GOMI = {"handoff": {"department": "gomi", "tel": "00-1234-0201", "open": True}}  # the test clock: a weekday morning


@pytest.fixture(scope="module")
def imported_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The messy fixture city imported as `make import-5374` does, to copy and break."""
    corpus = tmp_path_factory.mktemp("corpus")
    assert import_folder(FIXTURES / "city5374" / "messy", corpus, out=io.StringIO(), err=io.StringIO()) is not None
    return corpus / "waste_5374"


@pytest.fixture
def city_folder(imported_city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the imported city, made the assistant's waste data."""
    folder = tmp_path / "waste_5374"
    shutil.copytree(imported_city, folder)
    monkeypatch.setattr(waste_data, "IMPORTED_DIR", folder)
    yield folder


def apology_and_gomi(corpus: Any, sender: str, language: str = "ja") -> List[Dict[str, Any]]:
    local = corpus.profile.languages.get(language)
    name = corpus.profile.department_name("gomi", language, local.main_office) if local else "ごみ対策課"
    handoff = fill_placeholders(corpus.message("utter_handoff_open", language), {"department_name": name, "tel": "00-1234-0201"})
    return [
        {"recipient_id": sender, "text": corpus.message("utter_waste_data_unavailable", language)},
        {"recipient_id": sender, "text": handoff},
        {"recipient_id": sender, "custom": GOMI},
    ]


def test_without_area_days_faqs_are_answered_and_the_waste_skills_apologise_with_the_hand_off(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path, city_folder: Path
) -> None:
    (city_folder / "area_days.csv").unlink()  # as a half-copied folder: every turn was refused (503)
    agent = serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    sender = "broken-city"
    faq, item, day, english, staff = post_turns(
        rasa_app, event_loop_session,
        {"sender": sender, "message": "粗大ごみの出し方"},
        {"sender": sender, "message": '/waste_item_lookup{"waste_item": "自転車"}'},
        {"sender": sender, "message": "/waste_collection_day"},
        {"sender": "broken-city-en", "message": "/waste_item_lookup", "metadata": {"language": "en"}},
        {"sender": sender, "message": "職員につないで"},
    )  # fmt: skip
    assert [answer.status_code for answer in (faq, item, day, english, staff)] == [200] * 5
    assert texts_and_ids(faq) == ([corpus.render(corpus.by_id()["waste/bulky_waste"], "answer")], ["waste/bulky_waste"])
    assert item.json() == apology_and_gomi(corpus, sender)
    assert item.json()[0]["text"] == "申し訳ありません。ただいま、品目ごとのごみの出し方と収集日をお調べできません。"
    assert day.json() == apology_and_gomi(corpus, sender)
    assert english.json() == apology_and_gomi(corpus, "broken-city-en", "en")
    assert english.json()[1]["text"].startswith("Staff at the Waste")
    assert staff.json()[-1] == {"recipient_id": sender, "custom": GOMI}
    tracker = event_loop_session.run_until_complete(agent.tracker_store.retrieve(sender))
    assert tracker.active_loop_name is None and tracker.get_slot("waste_item_query") is None  # no form left open
    assert len(user_turns(agent, sender, event_loop_session)) == 4


def test_items_and_days_asked_in_words_get_an_answer_not_a_refusal(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, tmp_path: Path, city_folder: Path
) -> None:
    area_days = city_folder / "area_days.csv"
    area_days.write_text(area_days.read_text(encoding="utf-8").replace("水 土", "水曜と土曜"), encoding="utf-8")
    assert waste_data.current().problem == f"{area_days}:4: 燃えるごみ: cannot read '水曜と土曜'"
    serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    answers = post_turns(
        rasa_app, event_loop_session,
        *({"sender": "words", "message": text} for text in ("自転車は何ごみ？", "昭和通5丁目の燃えるごみの日は？", "住民票がほしい")),
    )  # fmt: skip
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert all(answer.json() for answer in answers)


def test_data_that_breaks_while_a_resident_is_asked_for_the_item_ends_the_form_with_the_apology(
    rasa_app: Sanic, event_loop_session: Any, assistant: Any, corpus: Any, tmp_path: Path, city_folder: Path
) -> None:
    serve_with_sqlite_store(rasa_app, assistant, tmp_path / "conversations.db")
    (asked,) = post_turns(rasa_app, event_loop_session, {"sender": "mid-form", "message": "/waste_item_lookup"})
    assert asked.json()[0]["text"] == corpus.message("utter_ask_waste_item_query")

    (city_folder / "target.csv").unlink()
    (answer,) = post_turns(rasa_app, event_loop_session, {"sender": "mid-form", "message": "自転車"})
    assert answer.status_code == 200 and answer.json() == apology_and_gomi(corpus, "mid-form")
