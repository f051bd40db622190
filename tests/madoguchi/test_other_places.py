"""Another municipality's services are out of scope; this city, its districts, moving and
visits are not (madoguchi/other_places.py, faq_corpus/other_places.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.japanese import DataFileError
from madoguchi.other_places import default_other_places, load_place_words


@pytest.mark.parametrize(
    "question, place",
    [
        ("広島市の粗大ごみは何曜日？", "広島市"),
        ("浜松市役所の土日の窓口", "浜松"),
        ("千葉の区役所で住民票", "千葉"),
        ("世田谷区の保育料はいくら？", "世田谷区"),
        ("熊本県の子ども医療費", "熊本県"),
        ("隣町の図書館は何時まで", "隣町"),
        # a place without 市 straight followed by a service (the `service` words)
        ("仙台のごみの出し方", "仙台"),
        ("神戸で保育園に入るには", "神戸"),
    ],
)
def test_a_question_about_another_municipality_names_it(question: str, place: str) -> None:
    assert default_other_places().named(question) == place


@pytest.mark.parametrize(
    "question",
    [
        "みどり野市の粗大ごみの申し込み",  # this city (city.yml)
        "みどり野市役所は何時まで",
        "中央町の燃やすごみの日",  # a district (districts.csv)
        "東町って資源ごみ何曜日",
        "広島から引っ越してきたので転入届を出したい",  # moving in
        "来月熊本市へ転出します",
        "帰省先の千葉の病院で子どもが受診した",  # a visit
        "本籍が広島市なので戸籍謄本を取りたい",  # the family register is kept elsewhere
        "千葉に住む娘の住民票を代わりに取りたい",  # a place, but not its services
        "福岡の大学に通う息子のごみの出し方",  # the place is not straight before the service
        "市役所の開庁時間",
        "使い捨てのカイロは燃えるごみ？",  # a waste item Sudachi reads as Cairo
        # the country this city lies in (`within`), as a foreign resident writes it
        "日本の役所に結婚の届けを出したいです",
        "日本で保育園に入るにはどうすればいいですか",
        "にほんの ごみの だしかたを おしえて",
    ],
)
def test_this_citys_questions_are_left_alone(question: str) -> None:
    assert default_other_places().named(question) is None


def test_a_place_within_the_country_is_still_another_municipality() -> None:
    # `within` spares the country only: a city in it is still another city's
    assert default_other_places().named("日本の大阪市の粗大ごみ") == "大阪市"


def test_a_line_with_an_unknown_kind_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "other_places.tsv"
    path.write_text("# comment\nafter\tの|で\ncity\t大阪\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"other_places.tsv:3: expected 'kind<TAB>words'"):
        load_place_words(path)


@pytest.mark.parametrize(
    "question, place",
    [
        ("なごやし の ごみぶくろ", "なごや"),  # Sudachi reads the kana place, and し apart
        ("ひろしましで ほいくえん さがしてる", "ひろしま"),
        # without 市, and the spaces a kana question puts between place, particle and service
        ("おおさか の ごみ の だしかた を おしえて", "おおさか"),
        ("こうべ で ほいくえん を さがして います", "こうべ"),
        ("とうきょう の しやくしょ は なんじ まで ですか", "とうきょう"),
    ],
)
def test_another_municipality_typed_in_kana_names_it(question: str, place: str) -> None:
    assert default_other_places().named(question) == place


@pytest.mark.parametrize(
    "question",
    [
        "ひろしまし から ひっこして きた てつづき",  # moving in, in kana
        "みどりのし の ごみ の ひ",  # this city's reading
        "わたし の ごみ どこ",  # し ending a word, no place
        "おおさか の びょういん に いきたい",  # a place, but no service of a city
        "とうきょう に すんで いました。ごみ の だしかた",  # where one lived
    ],
)
def test_this_citys_kana_questions_are_left_alone(question: str) -> None:
    assert default_other_places().named(question) is None
