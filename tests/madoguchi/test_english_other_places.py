"""Another municipality's services asked in English are that city's to answer; moving, a
visit and certificates keep a question this city's (faq_corpus/translations/en/other_places.tsv,
madoguchi/other_places.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.japanese import DataFileError
from madoguchi.other_places import ListedPlaces, load_listed_places, translated_other_places
from madoguchi.paths import CORPUS_DIR


def _english() -> ListedPlaces:
    places = translated_other_places("en")
    assert places is not None
    return places


@pytest.mark.parametrize(
    "question, place",
    [
        ("Yokohama city garbage calendar", "Yokohama"),  # a service, whatever the case
        ("kyoto city hall phone number", "kyoto"),  # an office
        ("osaka ward office english support", "osaka"),
        ("sodai gomi in setagaya", "setagaya"),
        ("is hoikuen cheaper in the next city", "the next city"),
    ],
)
def test_another_citys_service_in_english_names_the_place(question: str, place: str) -> None:
    assert _english().named(question) == place


@pytest.mark.parametrize(
    "question",
    [
        "midorino city hall opening hours",  # this city
        "we moved here from osaka, what do i need to do at city hall",  # moving in
        "moving to tokyo next month, do i tell the city hall",  # moving out
        "my koseki is in kyoto, can i get a copy",  # a family register kept there
        "my company in tokyo wants my juminhyo",  # a place, but no service of its own
        "when is garbage day",  # no place
        "tokyo",  # a place and nothing asked of it
    ],
)
def test_this_citys_english_questions_are_left_alone(question: str) -> None:
    assert _english().named(question) is None


def test_no_english_corpus_example_reads_as_another_citys() -> None:
    examples = [
        example
        for path in sorted((CORPUS_DIR / "translations" / "en" / "faq").glob("*.yml"))
        for topic in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
        for example in topic["examples"]
    ]
    assert len(examples) > 1000
    assert [e for e in examples if _english().named(e) is not None] == []


def test_a_language_without_a_list_has_none() -> None:
    assert translated_other_places("tl") is None


def test_a_list_without_places_is_named_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / "other_places.tsv"
    path.write_text("# no places\noffice\tcity hall\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"other_places.tsv: no `place` line"):
        load_listed_places(path)


def test_an_unknown_kind_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "other_places.tsv"
    path.write_text("place\ttokyo\ncity\tosaka\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"other_places.tsv:2: expected 'kind<TAB>words'"):
        load_listed_places(path)
