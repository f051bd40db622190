"""Sudachi analysis: exact morphemes, offsets on the original text, and normalized lemmas."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.japanese import (
    MAX_CHUNK_CHARS,
    Analyzer,
    DataFileError,
    compile_user_dictionary,
    default_analyzer,
    load_lemma_rewrites,
    load_user_words,
)
from tests.conftest import FIXTURES


def triples(text: str, analyzer=None):
    analyzer = analyzer or default_analyzer()
    return [(m.surface, m.begin, m.end, m.lemma) for m in analyzer.morphs(text)]


def test_variants_of_a_word_share_one_lemma():
    assert triples("粗大ゴミを申込みたい") == [
        ("粗大ゴミ", 0, 4, "粗大ごみ"),
        ("を", 4, 5, "を"),
        ("申込み", 5, 8, "申し込む"),
        ("たい", 8, 10, "たい"),
    ]
    assert default_analyzer().normalize("粗大ごみを申し込みたい。") == "粗大ごみ を 申し込む たい"


def test_half_width_katakana_keeps_original_offsets():
    text = "ｶﾞｲﾄﾞのＰＤＦ"
    result = triples(text)
    assert result == [("ｶﾞｲﾄﾞ", 0, 5, "ガイド"), ("の", 5, 6, "の"), ("ＰＤＦ", 6, 9, "pdf")]
    assert [text[b:e] for _, b, e, _ in result] == ["ｶﾞｲﾄﾞ", "の", "ＰＤＦ"]


def test_ごみ_spellings_meet():
    lemmas = {text: triples(text)[0][3] for text in ["ごみ", "ゴミ", "ｺﾞﾐ", "塵"]}
    assert set(lemmas.values()) == {"ごみ"}


def test_user_dictionary_keeps_municipal_words_whole():
    assert triples("マイナポータルで申請") == [
        ("マイナポータル", 0, 7, "マイナポータル"),
        ("で", 7, 8, "で"),
        ("申請", 8, 10, "申請"),
    ]
    assert triples("学童保育") == [("学童保育", 0, 4, "児童クラブ")]


def test_emoji_is_a_token_of_its_own():
    assert triples("ごみ😀です") == [("ごみ", 0, 2, "ごみ"), ("😀", 2, 3, "😀"), ("です", 3, 5, "です")]


def test_whitespace_is_dropped_and_whitespace_only_text_has_no_tokens():
    assert triples("   \u3000\n") == []
    assert triples("住民票　ほしい") == [("住民票", 0, 3, "住民票"), ("ほしい", 4, 7, "欲しい")]


def test_very_long_text_is_analysed_in_chunks_with_exact_offsets():
    sentence = "粗大ごみを出したいです。"
    text = sentence * (3 * MAX_CHUNK_CHARS // len(sentence))
    per_sentence = [m.surface for m in default_analyzer().morphs(sentence)]
    assert per_sentence == ["粗大ごみ", "を", "出し", "たい", "です", "。"]
    morphs = default_analyzer().morphs(text)
    assert len(morphs) == len(per_sentence) * (len(text) // len(sentence))
    assert all(text[m.begin : m.end] == m.surface for m in morphs)
    assert morphs[-1].end == len(text)


def test_split_mode_is_configurable():
    assert [m.surface for m in Analyzer(split_mode="A").morphs("国民健康保険")] == ["国民", "健康", "保険"]
    assert [m.surface for m in Analyzer(split_mode="C").morphs("国民健康保険")] == ["国民健康保険"]
    with pytest.raises(ValueError, match="split_mode must be one of A, B, C, not 'D'"):
        Analyzer(split_mode="D")


def test_one_analyzer_cuts_compounds_into_parts_when_asked():
    """Retrieval's `parts` channel: the same analyzer (user dictionary, rewrites) in mode A
    for one call, its own mode for the others."""
    analyzer = Analyzer(split_mode="C")
    assert [m.lemma for m in analyzer.morphs("口座振替の本人確認書類", "A")] == ["口座", "振り替え", "の", "本人", "確認", "書類"]
    assert [m.surface for m in analyzer.morphs("口座振替の本人確認書類")] == ["口座振替", "の", "本人確認書類"]
    with pytest.raises(ValueError, match="split_mode must be one of A, B, C, not 'a'"):
        analyzer.morphs("口座振替", "a")


def test_a_tiny_user_dictionary_built_for_the_test(tmp_path: Path):
    words = load_user_words(FIXTURES / "sudachi" / "tiny_user_dictionary.tsv")
    dictionary = compile_user_dictionary(words, tmp_path / "tiny.dic")
    plain = Analyzer()
    tiny = Analyzer(dictionary)
    assert [m.surface for m in plain.morphs("みどり野クリーンプラザに持ち込む")][:2] != ["みどり野クリーンプラザ", "に"]
    assert triples("みどり野クリーンプラザに持ち込む", tiny)[0] == ("みどり野クリーンプラザ", 0, 11, "クリーンセンター")


@pytest.mark.parametrize(
    "name, loader, message",
    [
        ("bad_fields.tsv", load_user_words, "bad_fields.tsv:4: expected 'surface<TAB>reading<TAB>normalized', got 2 field(s)"),
        ("bad_reading.tsv", load_user_words, "bad_reading.tsv:2: reading 'そだいごみ' must be katakana"),
        ("bad_rewrite.tsv", load_lemma_rewrites, "bad_rewrite.tsv:3: expected 'from<TAB>to', got 3 field(s)"),
    ],
)
def test_broken_data_files_are_reported_with_file_and_line(name, loader, message):
    path = FIXTURES / "sudachi" / name
    with pytest.raises(DataFileError) as error:
        loader(path)
    assert str(error.value) == f"{path}:{message.split(':', 1)[1]}"


def test_the_project_data_files_load():
    assert len(load_user_words()) >= 40
    assert ("ゴミ", "ごみ") in load_lemma_rewrites()


def test_one_analyzer_can_be_used_from_several_threads_at_once() -> None:
    # the gateway's console retrains in a thread while its pages group questions
    from concurrent.futures import ThreadPoolExecutor

    from madoguchi.japanese import default_analyzer

    analyzer = default_analyzer()
    texts = ["粗大ごみを出したいのですが申し込みはどこでできますか" * 20] * 64
    expected = analyzer.normalize(texts[0])
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(analyzer.normalize, texts)) == [expected] * len(texts)


def test_役場_is_read_as_役所():
    """Older residents' 役場 (and 町役場) meets the corpus's 役所, whole and in the finer cut."""
    analyzer = default_analyzer()
    assert triples("役場の手続き")[0] == ("役場", 0, 2, "役所")
    assert [m.lemma for m in analyzer.morphs("町役場", "A")] == ["町", "役所"]


def test_dialect_words_sudachi_knows_get_the_standard_lemma():
    """Kansai なんぼ and Kanto うっちゃる reach the classifier as いくら and 捨てる."""
    assert triples("なんぼ") == [("なんぼ", 0, 3, "幾ら")]
    assert triples("いくら")[0][3] == "幾ら"
    assert triples("うっちゃりたい")[0] == ("うっちゃり", 0, 5, "捨てる")
