"""English words and romanized Japanese as the tokenizer reads them (madoguchi/latin.py), with
the real list faq_corpus/translations/en/romanized_words.tsv and the real Snowball stemmer."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from madoguchi.english_spelling import EnglishSpelling
from madoguchi.japanese import DataFileError
from madoguchi.latin import _glued_romanized, _stem, latin_morphs, load_english_synonyms, load_romanized_words
from madoguchi.paths import CORPUS_DIR

ROMANIZED = load_romanized_words(CORPUS_DIR / "translations" / "en" / "romanized_words.tsv")
SYNONYMS = load_english_synonyms(CORPUS_DIR / "translations" / "en" / "english_synonyms.tsv")


def lemmas(text: str) -> List[str]:
    return [m.lemma for m in latin_morphs(text, "en", romanized=ROMANIZED)]


def test_a_long_vowel_spelled_out_finds_the_word_listed_short() -> None:
    # listed as yobo, nyuji, shibo: residents also write yobou, nyuuji, shibou
    assert lemmas("yobou sesshu") == ["yobou", "vaccin", "sesshu", "vaccin"]
    assert lemmas("nyuuji kenshin") == ["nyuuji", "babi", "infant", "kenshin", "checkup"]
    assert lemmas("Shibou todoke") == ["shibou", "death", "todok", "notif"]
    assert lemmas("jūminhyō") == ["jūminhyō", "resid", "certif"]


def test_the_letter_of_proxy_written_in_two_words_reaches_the_proxy() -> None:
    # 「inin jou paper」: inin is the proxy's word, jou alone is no listed word
    assert lemmas("inin jou") == ["inin", "proxi", "jou"]
    assert lemmas("ininjo") == ["ininjo", "proxi", "letter"]  # the glued form keeps its own line


def test_words_heard_at_the_counter_reach_their_topics_words() -> None:
    # 2026-12-05: the registered seal, the rabies shot cut short, the nursery's waiting list,
    # and a certificate said without its -sho (with the long vowel spelled out too)
    assert lemmas("jitsuin") == ["jitsuin", "seal", "regist"]
    assert lemmas("kyouken") == ["kyouken", "rabi"]
    assert lemmas("taiki jido") == ["taiki", "wait", "vacanc", "jido", "child"]
    assert lemmas("inkan shoumei") == ["inkan", "seal", "shoumei", "certif"]
    # shomeisho keeps its own line (not shomei + sho), and taikai (a tournament) is no taiki
    assert lemmas("shomeisho") == ["shomeisho", "certif"]
    assert lemmas("taikai") == ["taikai"]


def test_english_words_are_not_read_as_romanized_japanese() -> None:
    # "you" folds to "yo" and "school" to "schol": no listed word, so only their stems
    assert lemmas("can you tell the school") == ["can", "you", "tell", "the", "school"]


def test_the_romanized_words_of_a_short_question_reach_the_english_topic_words() -> None:
    assert lemmas("mai nanba kado") == ["mai", "my", "nanba", "number", "kado", "card"]
    assert lemmas("fuho toki") == ["fuho", "illeg", "toki", "dump"]


def test_two_romanized_words_written_as_one_reach_both_english_words() -> None:
    # shussei + todoke, sodai + gomi: residents leave out the space
    assert lemmas("shusseitodoke") == ["shusseitodok", "birth", "notif"]
    assert lemmas("Sodaigomi") == ["sodaigomi", "bulki", "garbag"]
    # koseki + tohon: the family register's copy glued to it, as in 「kosekitohon for the passport」
    assert lemmas("kosekitohon") == ["kosekitohon", "famili", "regist", "famili", "regist"]
    # a listed word alone keeps its own English words, not a cut of it (hoikuen is not hoi + kuen)
    assert lemmas("hoikuen") == ["hoikuen", "nurseri", "daycar"]


def test_an_english_word_is_not_cut_into_romanized_pieces() -> None:
    # cut anywhere, neither is two listed words; a piece shorter than inu is never tried
    # (kodomoinu is kodomo + inu, the boundary of the rule)
    assert lemmas("important everything") == ["import", "everyth"]
    assert lemmas("kodomoinu") == ["kodomoinu", "child", "dog"]


def test_no_english_word_reads_as_two_romanized_ones() -> None:
    from spellchecker import SpellChecker

    english = [word for word in SpellChecker().word_frequency.dictionary if word.isascii() and word.isalpha()]
    assert len(english) > 100_000
    assert [word for word in english if _glued_romanized(word, ROMANIZED)] == []


def test_a_romanized_word_with_a_space_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "romanized_words.tsv"
    path.write_text("# words\nsodai gomi\tbulky waste\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"romanized_words.tsv:2: expected"):
        load_romanized_words(path)


CORPUS_WORDS = ["pension", "certificate", "garbage", "nursery", "babysiting"]


def test_a_misspelt_english_word_also_reads_as_the_word_meant() -> None:
    spelling = EnglishSpelling(CORPUS_WORDS)
    morphs = latin_morphs("national pention", "en", romanized=ROMANIZED, spelling=spelling)
    # the corpus's pension before English's more frequent mention
    assert [m.lemma for m in morphs] == ["nation", "pention", "pension"]
    assert [(m.begin, m.end) for m in morphs] == [(0, 8), (9, 16), (9, 16)]
    # outside the corpus's words, the most frequent English word one edit away
    assert spelling.correction("seperate") == "separate"


def test_known_short_and_listed_words_are_left_as_typed() -> None:
    spelling = EnglishSpelling(CORPUS_WORDS)
    assert spelling.correction("garbage") is None  # English
    assert spelling.correction("babysiting") is None  # the corpus's own spelling
    assert spelling.correction("tix") is None  # too short to guess (tax, six, fix)
    assert spelling.correction("kenshin") is None  # nothing one edit away
    # a listed romanized word reads as its English words only (kado is not "ado")
    morphs = latin_morphs("kado", "en", romanized=ROMANIZED, spelling=spelling)
    assert [m.lemma for m in morphs] == ["kado", "card"]


def test_vietnamese_words_are_not_spell_checked() -> None:
    spelling = EnglishSpelling(CORPUS_WORDS)
    assert [m.lemma for m in latin_morphs("rac thai", "vi", spelling=spelling)] == ["rac", "thai"]


def synonym_lemmas(text: str) -> List[str]:
    return [m.lemma for m in latin_morphs(text, "en", romanized=ROMANIZED, synonyms=SYNONYMS)]


def test_an_english_word_the_corpus_does_not_use_also_reads_as_the_corpus_word() -> None:
    # British words, matched by stem: bins is bin's line, jabs jab's
    assert synonym_lemmas("bins on bank holidays") == ["bin", "garbag", "on", "bank", "holiday"]
    assert synonym_lemmas("Creche") == ["crech", "nurseri", "daycar"]
    assert synonym_lemmas("baby jabs") == ["babi", "jab", "shot", "vaccin"]


def test_words_with_another_meaning_are_not_synonyms() -> None:
    # dead batteries are no death, a tip is advice as often as a dump
    assert synonym_lemmas("dead batteries tip") == ["dead", "batteri", "tip"]
    assert synonym_lemmas("garbage") == ["garbag"]  # the corpus's own word only once


def test_every_synonym_reads_as_words_of_the_english_examples() -> None:
    import yaml

    english = CORPUS_DIR / "translations" / "en" / "faq"
    words = {
        _stem(word, "en")
        for path in english.glob("*.yml")
        for topic in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]
        for example in topic["examples"]
        for word in example.split()
    }
    assert len(SYNONYMS) > 20
    assert {synonym: meant for synonym, meant in SYNONYMS.items() if not set(meant) <= words} == {}


def test_a_synonym_line_of_two_words_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "english_synonyms.tsv"
    path.write_text("# words\nrecycle bin\tgarbage\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"english_synonyms.tsv:2: expected"):
        load_english_synonyms(path)
