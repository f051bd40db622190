"""Colloquial words for the city's acts, read as the act they stand for
(madoguchi/colloquial_acts.py, faq_corpus/colloquial_acts.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.asked_acts import known_acts
from madoguchi.colloquial_acts import default_colloquial_acts, load_colloquial_acts, standard_act
from madoguchi.japanese import DataFileError
from madoguchi.other_questions import default_question_cues
from madoguchi.paths import FAQ_DIR


@pytest.mark.parametrize(
    "word, act",
    [
        ("片す", "片付ける"),
        ("始末", "処分"),
        ("廃棄", "処分"),
        ("ゲット", "取る"),
        ("入手", "取る"),
        ("ちくる", "通報"),
        ("済ます", "済む"),
    ],
)
def test_a_colloquial_word_stands_for_the_citys_act(word: str, act: str) -> None:
    assert standard_act(word) == act


# 損ねる is no act of its own: 「撮り損ねた」 asks 撮る, which this table cannot say
@pytest.mark.parametrize("word", ["出す", "片付ける", "処分", "処する", "撤去", "損ねる"])
def test_a_standard_act_or_an_unlisted_word_is_itself(word: str) -> None:
    assert standard_act(word) == word


def test_a_table_given_is_read_instead_of_the_projects() -> None:
    assert standard_act("始末", {"始末": "捨てる"}) == "捨てる"
    assert standard_act("始末", {}) == "始末"


def test_every_standard_act_is_one_the_city_answers() -> None:
    """A line whose standard act no corpus question asks and no `city_verb` names does nothing."""
    examples = [
        example
        for path in sorted(FAQ_DIR.glob("*.yml"))
        for topic in yaml.safe_load(path.read_text("utf-8"))["topics"]
        for example in topic.get("examples", [])
    ]
    city_verbs = default_question_cues().city_verbs
    for act in set(default_colloquial_acts().values()):
        # the examples that hold its first character (済む is asked as 済ませ, 済んで)
        asked = known_acts(example for example in examples if act[0] in example)
        assert act in asked or any(p.fullmatch(act) for p in city_verbs), act


def test_a_bad_line_is_named_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "acts.tsv"
    bad.write_text("# acts\n片す\t片付ける\n始末\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"acts.tsv:3: expected 'colloquial<TAB>standard', got 1 field"):
        load_colloquial_acts(bad)
    bad.write_text("片す\t片付ける\n片す\t捨てる\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"acts.tsv:2: '片す' is listed twice"):
        load_colloquial_acts(bad)
