"""The tokenizer as Rasa runs it, on questions in each language: real Sudachi, real Kiwi, real
jieba and the real Snowball stemmer, exact tokens (text, offsets on the message, lemma)."""

from __future__ import annotations

from typing import List, Tuple

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sudachi_tokenizer import SudachiTokenizer
from madoguchi.japanese import DataFileError
from madoguchi.korean import load_korean_words, loaded_korean_analyzers

pytestmark = pytest.mark.slow  # Kiwi reads its 75 MB model when the tokenizer loads (about 4 s)


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory) -> SudachiTokenizer:
    storage = LocalModelStorage(tmp_path_factory.mktemp("model"))
    config = SudachiTokenizer.get_default_config()
    context = ExecutionContext(GraphSchema({}), node_name="test")
    SudachiTokenizer.create(config, storage, Resource("tok"), context).train(TrainingData())
    return SudachiTokenizer.load(config, storage, Resource("tok"), context)


def tokens(tokenizer: SudachiTokenizer, text: str) -> List[Tuple[str, int, int, str]]:
    return [(t.text, t.start, t.end, str(t.lemma)) for t in tokenizer.tokenize(Message(data={TEXT: text}), TEXT)]


def lemmas(tokenizer: SudachiTokenizer, text: str) -> List[str]:
    return [lemma for _, _, _, lemma in tokens(tokenizer, text)]


def test_korean_words_lose_their_particles_and_endings(tokenizer) -> None:
    # Sudachi gave 주민표는 and 신청하나요 as two words, one of them no other question has
    assert tokens(tokenizer, "주민표는 어디서 발급받을 수 있나요") == [
        ("주민", 0, 2, "주민"),
        ("표", 2, 3, "표"),
        ("어디", 5, 7, "어디"),
        ("발급", 9, 11, "발급"),
        ("수", 14, 15, "수"),
        ("있", 16, 17, "있다"),
    ]
    assert lemmas(tokenizer, "전입신고는 어떻게 신청하나요?") == ["전입", "신고", "어떻다", "신청", "?"]
    assert lemmas(tokenizer, "대형 쓰레기를 버리고 싶어요") == ["대형", "쓰레기", "버리다", "싶다"]


def test_a_listed_korean_word_is_read_whole_whatever_follows_it(tokenizer) -> None:
    # faq_corpus/translations/ko/korean_words.tsv, compiled into the model: Kiwi alone gave
    # 마이 · 포털 before 에서 and 재 · 활용 before 쓰레기
    assert lemmas(tokenizer, "마이나포털에서 신청") == ["마이나포털", "신청"]
    assert lemmas(tokenizer, "마이나포털은 어떻게 이용하나요") == ["마이나포털", "어떻다", "이용"]
    assert lemmas(tokenizer, "재활용 쓰레기 버리는 날") == ["재활용", "쓰레기", "버리다", "날"]
    assert lemmas(tokenizer, "가전 재활용 요금") == ["가전", "재활용", "요금"]
    assert lemmas(tokenizer, "오봉 연휴") == ["오봉", "연휴"]
    # Japanese city words as residents hear them, in Hangul (保育園, 住民票, ゴミ)
    assert lemmas(tokenizer, "호이쿠엔 신청") == ["호이쿠엔", "신청"]
    assert lemmas(tokenizer, "쥬민효 발급") == ["쥬민효", "발급"]
    assert lemmas(tokenizer, "고미 분리하는 법") == ["고미", "분리", "법"]
    assert lemmas(tokenizer, "소다이고미 내놓는 법") == ["소다이고미", "내놓다", "법"]


def test_a_broken_korean_word_line_is_reported_with_its_line(tmp_path) -> None:
    path = tmp_path / "korean_words.tsv"
    path.write_text("# word, tag\n재활용\tNNG\n오봉\tnoun\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"korean_words.tsv:3: expected"):
        load_korean_words(path)


def test_japanese_beside_hangul_is_read_by_sudachi(tokenizer) -> None:
    assert tokens(tokenizer, "粗大ごみ는 어떻게 버려요") == [
        ("粗大ごみ", 0, 4, "粗大ごみ"),
        ("어떻", 6, 8, "어떻다"),
        ("버려", 10, 12, "버리다"),  # Kiwi's 버리 + 어요, on the text as written
    ]


def test_a_training_lets_kiwi_go_once_its_examples_are_read_and_korean_is_read_again(tokenizer) -> None:
    # Kiwi's 300 MB were held through the classifier's fitting, the training's peak
    assert loaded_korean_analyzers() == 1
    data = tokenizer.process_training_data(TrainingData([Message(data={TEXT: "주민표는 어디서 떼요"})]))
    assert [str(t.lemma) for t in data.training_examples[0].get("text_tokens")] == ["주민", "표", "어디", "떼다"]
    assert loaded_korean_analyzers() == 0
    assert lemmas(tokenizer, "주민표는 어디서 떼요") == ["주민", "표", "어디", "떼다"]
    assert loaded_korean_analyzers() == 1


def test_chinese_is_cut_into_chinese_words(tokenizer) -> None:
    # Sudachi gave 刚搬 · 到 · 这个 · 市 · 办什 · 么手 · 续
    assert lemmas(tokenizer, "刚搬到这个市，要办什么手续？") == ["刚", "搬", "到", "这个", "市", "要", "办", "什么", "手续"]
    assert tokens(tokenizer, "My Number卡被锁了")[:3] == [("My", 0, 2, "my"), ("Number", 3, 9, "number"), ("卡", 9, 10, "卡")]


def test_english_words_are_stemmed_not_read_as_katakana(tokenizer) -> None:
    # Sudachi gave ジャスト, moved, ザ, シティー: katakana for the words its dictionary knows
    assert tokens(tokenizer, "I just moved to the city!") == [
        ("I", 0, 1, "i"),
        ("just", 2, 6, "just"),
        ("moved", 7, 12, "move"),
        ("to", 13, 15, "to"),
        ("the", 16, 19, "the"),
        ("city", 20, 24, "citi"),
    ]
    assert lemmas(tokenizer, "How do I throw away 粗大ごみ?") == ["how", "do", "i", "throw", "away", "粗大ごみ"]


def test_vietnamese_words_are_lowercased_not_stemmed_and_also_read_without_marks(tokenizer) -> None:
    # a syllable with marks also counts without them, as residents type on a phone
    assert lemmas(tokenizer, "Tôi mới chuyển đến thành phố, cần làm gì?") == [
        "tôi", "toi", "mới", "moi", "chuyển", "chuyen", "đến", "den", "thành", "thanh", "phố", "pho",
        "cần", "can", "làm", "lam", "gì", "gi",
    ]  # fmt: skip
    assert tokens(tokenizer, "Vứt rác")[:2] == [("Vứt", 0, 3, "vứt"), ("Vứt", 0, 3, "vut")]


def test_vietnamese_typed_without_marks_meets_the_same_words(tokenizer) -> None:
    # without marks the message is still Vietnamese (not English: "can" is not stemmed away)
    assert lemmas(tokenizer, "vut rac cong kenh o dau") == ["vut", "rac", "cong", "kenh", "o", "dau"]
    assert set(lemmas(tokenizer, "vứt rác cồng kềnh ở đâu")) >= {"vut", "rac", "cong", "kenh", "o", "dau"}


def test_japanese_stays_sudachis(tokenizer) -> None:
    assert tokens(tokenizer, "粗大ゴミの申込み") == [
        ("粗大ゴミ", 0, 4, "粗大ごみ"),
        ("の", 4, 5, "の"),
        ("申込み", 5, 8, "申し込み"),
    ]


def test_a_romanized_japanese_word_also_reads_as_its_english_words(tokenizer) -> None:
    # faq_corpus/translations/en/romanized_words.tsv, compiled into the model
    assert tokens(tokenizer, "When is tenshutsu todoke due?") == [
        ("When", 0, 4, "when"),
        ("is", 5, 7, "is"),
        ("tenshutsu", 8, 17, "tenshutsu"),
        ("tenshutsu", 8, 17, "move"),
        ("tenshutsu", 8, 17, "out"),
        ("todoke", 18, 24, "todok"),
        ("todoke", 18, 24, "notif"),
        ("due", 25, 28, "due"),
    ]
    assert lemmas(tokenizer, "Can I pay jūminzei at a konbini?")[3:6] == ["jūminzei", "resid", "tax"]


def test_an_english_word_the_corpus_does_not_use_also_reads_as_the_corpus_word(tokenizer) -> None:
    # faq_corpus/translations/en/english_synonyms.tsv, compiled into the model
    assert tokens(tokenizer, "rubbish bins") == [
        ("rubbish", 0, 7, "rubbish"),
        ("rubbish", 0, 7, "garbag"),
        ("bins", 8, 12, "bin"),
        ("bins", 8, 12, "garbag"),
    ]
    # a word of the corpus's own is read once, and Japanese text is Sudachi's as before
    assert lemmas(tokenizer, "garbage") == ["garbag"]
