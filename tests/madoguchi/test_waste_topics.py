"""The FAQ topic behind a waste item's answer (faq_corpus/waste_item_topics.tsv)."""

from __future__ import annotations

import pytest

from madoguchi.japanese import DataFileError
from madoguchi.spec import default_spec
from madoguchi.waste_items import load_items
from madoguchi.waste_topics import ITEM_TOPICS_FILE, ItemTopic, load_item_topics, new_sentences


def test_every_row_names_a_waste_topic_of_the_corpus_and_an_item_of_the_dictionary(corpus):
    topics = corpus.by_id()
    items = {item.name for item in load_items()}
    codes = set(default_spec().waste_categories)
    for line in ITEM_TOPICS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, topic, _ = line.split("\t")
            assert topic in topics and topic.startswith("waste/"), line
            assert key in codes or key in items, line


def test_an_items_own_row_wins_over_its_category_and_an_alias_finds_it():
    by_name = {item.name: item for item in load_items()}
    table = load_item_topics()
    assert table.of(by_name["冷蔵庫"]) == ItemTopic("waste/appliance_recycling", True)
    assert table.of(by_name["ピアノ"]) == ItemTopic("waste/sorting_rules", False)  # not collected, no topic of its own
    assert table.of(by_name["布団"]) == ItemTopic("waste/bulky_waste", True)
    renamed = by_name["パソコン"].__class__("ノートPC", "not_collected", "", ("パソコン",))  # an imported city's name
    assert table.of(renamed).topic == "waste/pc_recycling"


@pytest.mark.parametrize(
    "text, message",
    [
        ("bulky\twaste/bulky_waste\n", "x.tsv:1: expected 'category or item<TAB>FAQ topic<TAB>yes or no'"),
        ("# c\nbulky\twaste/bulky_waste\tmaybe\n", "x.tsv:2: expected"),
        ("bulky\twaste/bulky_waste\tyes\nbulky\twaste/bulky_waste\tno\n", "x.tsv:2: 'bulky' has a row already"),
        ("bulky\twaste/bulky_waste\tyes\n", "x.tsv: no row for the categories burnable, hazardous"),
    ],
)
def test_a_bad_table_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "x.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_item_topics(path)
    assert str(raised.value).replace(str(tmp_path) + "/", "").startswith(message)


def test_a_summary_sentence_the_note_already_says_is_left_out():
    summary = "パソコンは市のごみ収集では出せません。メーカー回収に申し込むか、市役所1階の小型家電回収ボックスに入れてください。"
    assert new_sentences(summary, "メーカー回収か、市役所1階の小型家電回収ボックスを利用してください。") == (
        "パソコンは市のごみ収集では出せません。"
    )
    english = "Apply for collection by the maker, or use the small box at City Hall. Erase your data first, at 8 a.m. today."
    assert new_sentences(english, "Use the maker's take-back service or the small box at City Hall.") == (
        "Erase your data first, at 8 a.m. today."
    )
