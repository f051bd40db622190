"""The waste sorting dictionary: found however it is written, never contradicting the city."""

from __future__ import annotations

import csv

import pytest

from madoguchi.japanese import DataFileError
from madoguchi.waste_items import OFFICIAL_FILE, default_dictionary, load_items
from tests.conftest import FIXTURES

F = FIXTURES / "waste_items"


@pytest.mark.parametrize(
    "text, item",
    [
        ("ソファは何ごみ？", "ソファ"),
        ("ﾍﾟｯﾄﾎﾞﾄﾙの捨て方", "ペットボトル"),
        ("PETボトルは資源ごみ？", "ペットボトル"),
        ("でんち捨てたい", "乾電池"),
        ("スプレー 捨て方", "スプレー缶"),
        ("えっとカセットボンベってどうやって出すの", "カセットボンベ"),
        ("ガスボンベ", "カセットボンベ"),
        ("古い自転車を捨てたい", "自転車"),
        ("ふとん", "布団"),
        ("ﾌﾗｲﾊﾟﾝ", "フライパン"),
        ("ペットボトルのキャップ", "ペットボトルのキャップ"),
    ],
)
def test_items_are_found_however_they_are_written(text, item):
    assert [i.name for i in default_dictionary().find(text)][:1] == [item]


def test_several_items_are_all_offered():
    assert {i.name for i in default_dictionary().find("電池とスプレー缶")} == {"乾電池", "スプレー缶"}


def test_no_item_and_unknown_items():
    dictionary = default_dictionary()
    assert dictionary.find("これ何ごみ？") == []
    assert dictionary.item_phrase("これ何ごみ？") is None
    assert dictionary.find("ホバーボードは何ごみ") == []
    assert dictionary.item_phrase("ホバーボードは何ごみ") == "ホバーボード"
    assert dictionary.item_phrase("えーとアロマディフューザーってどうやって捨てるの") == "アロマディフューザー"


def test_the_dictionary_extends_the_official_rule_and_has_1000_items():
    items = {item.name: item for item in load_items()}
    assert len(items) >= 1000
    with OFFICIAL_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert items[row["item"]].category == row["category"]


@pytest.mark.parametrize(
    "name, message",
    [
        (
            "contradicts.csv",
            "contradicts.csv:3: '傘' is 'burnable' here but 'non_burnable' in the official rule (official.csv:3)",
        ),
        ("missing.csv", "missing.csv: official item '傘' (official.csv:3) is missing"),
        (
            "bad_category.csv",
            "bad_category.csv:4: unknown category 'compost' (one of burnable, non_burnable, recyclable, bulky, hazardous, not_collected)",
        ),
        ("duplicate_alias.csv", "duplicate_alias.csv:3: '残飯' is already used on line 2"),
        ("bad_header.csv", "bad_header.csv:1: header must be item,category,how,aliases"),
    ],
)
def test_broken_dictionaries_are_reported_with_file_and_line(name, message):
    with pytest.raises(DataFileError) as error:
        load_items(F / name, F / "official.csv")
    expected = message.replace(f"{name}", f"tests/fixtures/waste_items/{name}").replace(
        "official.csv", "tests/fixtures/waste_items/official.csv"
    )
    assert str(error.value) == expected
