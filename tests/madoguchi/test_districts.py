from __future__ import annotations

import pytest

from madoguchi.districts import default_districts, index_of, parse_district


@pytest.mark.parametrize(
    "text, districts",
    [
        ("東町の燃えるごみの日は？", ["東町"]),
        ("ひがしまちです", ["東町"]),
        ("東京のごみ", []),
        ("緑が丘なんですけど", ["緑が丘一丁目", "緑が丘二丁目"]),
        ("緑が丘2丁目", ["緑が丘二丁目"]),
        ("みどりがおかにちょうめ", ["緑が丘二丁目"]),
        ("中央", ["中央町"]),
        ("えっと桜台です", ["桜台"]),
        ("西町と北町", ["西町", "北町"]),
    ],
)
def test_districts_are_found_with_or_without_町_and_in_kana(text, districts):
    assert default_districts().find(text) == districts


@pytest.mark.parametrize(
    "row, base, chome",
    [
        ("本町１～３丁目", "本町", {1, 2, 3}),
        ("若葉台一丁目～三丁目", "若葉台", {1, 2, 3}),  # 丁目 after each number, as some 5374 lists write it
        ("東山１・２丁目", "東山", {1, 2}),
        ("緑が丘一丁目", "緑が丘", {1}),
    ],
)
def test_a_rows_丁目_are_read_however_the_range_is_written(row, base, chome):
    parsed = parse_district(row)
    assert (parsed.base, set(parsed.chome or ()), parsed.condition) == (base, chome, "")


def test_an_imported_row_written_with_丁目_twice_is_found_by_a_丁目_inside_the_range():
    assert index_of(["若葉台一丁目～三丁目", "若葉台四丁目"]).find("若葉台2丁目") == ["若葉台一丁目～三丁目"]


def test_an_imported_row_is_found_by_its_place_in_latin_letters():
    rows = index_of(["本町１～３丁目", "本町４・５丁目", "東山１・２丁目"])
    assert rows.find("I live in Honcho") == ["本町１～３丁目", "本町４・５丁目"]  # which one is asked next
    assert rows.find("Tôi ở Higashiyama") == ["東山１・２丁目"]


def test_an_imported_row_is_found_by_its_place_in_hangul():
    rows = index_of(["本町１～３丁目", "本町４・５丁目", "東山１・２丁目"])
    assert rows.find("혼초에 살아요") == ["本町１～３丁目", "本町４・５丁目"]  # a particle after the name
    assert rows.find("히가시야마 2초메입니다") == ["東山１・２丁目"]
    assert rows.find("초등학교 근처예요") == []
