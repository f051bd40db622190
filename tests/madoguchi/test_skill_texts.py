"""The skills' words in other languages (translations/<language>/skills.yml): complete,
and the calendar's rules said in them."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from madoguchi.calendar5374 import DayRule, Schedule
from madoguchi.japanese import DataFileError
from madoguchi.languages import TRANSLATED
from madoguchi.moving import default_checklist
from madoguchi.skill_texts import FILE_NAME, TRANSLATIONS_DIR, load_skill_texts, skill_texts


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_names_every_procedure_of_the_checklist(language: str) -> None:
    texts = load_skill_texts(TRANSLATIONS_DIR / language / FILE_NAME)
    names = {item.name for item in default_checklist().items}
    assert set(texts.moving) == names


def test_a_rule_with_months_and_dates_in_english() -> None:
    texts = skill_texts("en")
    assert texts is not None
    schedule = Schedule(rules=(DayRule(2, 2, frozenset({4, 6})),), extra_dates=frozenset({datetime.date(2027, 1, 9)}))
    assert texts.schedule(schedule) == "in April and June: 2nd Wednesday of the month, also on January 9"
    assert texts.schedule(Schedule(extra_dates=frozenset({datetime.date(2027, 3, 1)}))) == "March 1"
    today = datetime.date(2026, 12, 1)
    assert texts.date_from_today(today, today) == "today (Tue, December 1)"
    assert texts.date_from_today(datetime.date(2026, 12, 2), today) == "tomorrow (Wed, December 2)"


def test_japanese_has_no_skill_texts() -> None:
    assert skill_texts("ja") is None and skill_texts(None) is None


def test_a_broken_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("weekdays: [Mon, Tue]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="'weekdays' must list 7 texts"):
        load_skill_texts(path)


def test_a_calendar_remark_is_translated_where_staff_wrote_it(tmp_path: Path) -> None:
    english = (TRANSLATIONS_DIR / "en" / FILE_NAME).read_text(encoding="utf-8")
    path = tmp_path / FILE_NAME
    path.write_text(english + "remarks:\n  祝日も収集します: Collected on public holidays too\n", encoding="utf-8")
    texts = load_skill_texts(path)
    assert texts.remark("祝日も収集します") == "Collected on public holidays too"
    assert texts.remark("年末は別の日程です") == "年末は別の日程です"  # not written: the city's Japanese
    assert texts.district("東町") == "Higashimachi (東町)"


@pytest.mark.parametrize(
    "language, shown, spoken",
    [
        ("en", "Honcho 1–3-chome (本町１～３丁目)", "Honcho 1–3-chome"),
        ("vi", "Honcho 1–3-chome (本町１～３丁目)", "Honcho 1–3-chome"),
        ("ko", "혼초 1~3초메(本町１～３丁目)", "혼초 1에서 3초메"),  # Hangul, as Korean maps write Japanese places
        ("ja-easy", "本町（ほんちょう）１～３丁目", "本町１～３丁目"),  # the Japanese voice reads the kanji
        ("zh", "本町１～３丁目", "本町１～３丁目"),  # Chinese readers read the kanji
    ],
)
def test_a_district_staff_named_in_no_language_is_read_for_the_resident(language: str, shown: str, spoken: str) -> None:
    texts = skill_texts(language)  # an imported city's row: not in skills.yml `districts`
    assert texts is not None
    assert (texts.district("本町１～３丁目"), texts.spoken_district("本町１～３丁目")) == (shown, spoken)


def test_an_unknown_district_reading_is_reported(tmp_path: Path) -> None:
    english = (TRANSLATIONS_DIR / "en" / FILE_NAME).read_text(encoding="utf-8")
    path = tmp_path / FILE_NAME
    path.write_text(english.replace("district_reading: romaji", "district_reading: hiragana"), encoding="utf-8")
    with pytest.raises(DataFileError, match="'district_reading' must be one of romaji, hangul, kana, not 'hiragana'"):
        load_skill_texts(path)


def test_district_names_must_be_texts(tmp_path: Path) -> None:
    english = (TRANSLATIONS_DIR / "en" / FILE_NAME).read_text(encoding="utf-8")
    path = tmp_path / FILE_NAME
    path.write_text(english.replace("  桜台: Sakuradai", "  桜台:"), encoding="utf-8")
    with pytest.raises(DataFileError, match="'districts' must map each Japanese name to a text"):
        load_skill_texts(path)
