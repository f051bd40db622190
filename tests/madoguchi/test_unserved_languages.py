"""Messages in a language the assistant does not answer in (madoguchi/unserved_languages.py,
faq_corpus/unserved_languages.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.japanese import DataFileError
from madoguchi.unserved_languages import OTHER_SCRIPT, load_unserved_words, unserved_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("Como separar o lixo?", "pt"),
        ("quando passa o caminhão de lixo", "pt"),
        ("Dónde tiro la basura", "es"),
        ("Paano magtapon ng basura dito?", "tl"),
        ("Bagaimana cara membuang sampah", "id"),
        ("malai juminhyo chahiyo kasari lina", "ne"),  # romanized Nepali naming a Japanese word
        # scripts no served language writes
        ("फोहोर कहिले फाल्ने?", OTHER_SCRIPT),
        ("ขยะทิ้งวันไหน", OTHER_SCRIPT),
        ("Как выбросить мусор", OTHER_SCRIPT),
    ],
)
def test_a_message_in_an_unserved_language_names_it(text: str, language: str) -> None:
    assert unserved_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "how do I separate the garbage",  # English
        "where to get juminhyo",  # English naming a Japanese word
        "tenshutsu todoke",  # romanized Japanese only
        "rac cong kenh",  # Vietnamese without its marks
        "Rác cồng kềnh vứt thế nào",
        "粗大ごみの出し方",
        "怎么扔大件垃圾",
        "대형 쓰레기 버리는 방법",
        "/choose_faq",  # a button's payload
        "",
        # one listed word is not enough, nor a few among many English words
        "Como",
        "Where is the city hall? para bikes",
    ],
)
def test_a_served_language_or_too_little_says_nothing(text: str) -> None:
    assert unserved_language(text) is None


def test_fewer_listed_words_than_a_third_of_the_message_say_nothing() -> None:
    # como and onde are two, but eight English words around them make the message English
    assert unserved_language("como onde is what my friend from brazil asked me today") is None


def test_a_line_without_words_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "unserved_languages.tsv"
    path.write_text("# comment\npt\tcomo|onde\ntl\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"unserved_languages.tsv:3: expected 'language<TAB>word\|word'"):
        load_unserved_words(path)


def test_a_word_listed_for_two_languages_counts_for_both(tmp_path: Path) -> None:
    path = tmp_path / "unserved_languages.tsv"
    path.write_text("pt\tcomo|lixo\nes\tcomo|basura\n", encoding="utf-8")
    words = load_unserved_words(path)
    assert unserved_language("como lixo", words) == "pt"
    assert unserved_language("como basura", words) == "es"
