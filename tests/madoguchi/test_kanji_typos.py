"""Wrong kanji corrected against the corpus's own compounds (madoguchi.kanji_typos), with
real Sudachi and the real wordfreq list, on a small corpus of topics written here."""

from __future__ import annotations

import json

import pytest

from madoguchi.japanese import default_analyzer
from madoguchi.kanji_typos import Correction, KanjiVocabulary

# (questions, answer) per topic: a few of the sample city's subjects, and the words the
# guards are about (火事 beside 家事, 口座 beside 講座, 資源 and 視力 one kanji apart)
TOPICS = [
    (["婚姻届を出したい", "婚姻届の必要書類"], "婚姻届は夜間・休日も時間外受付で預かります。"),
    (["不法投棄を見つけた", "不法投棄の通報先"], "不法投棄はごみ対策課へ通報してください。山林や空き地も見回ります。"),
    (["学童保育に申し込みたい", "放課後児童クラブの申込", "小学二年生から入れる?"], "学童保育は小学生が対象です。"),
    (["児童手当の支給日", "児童手当の申請"], "児童手当は偶数月に振り込みます。"),
    (["委任状の書き方", "代理人の申請", "一人で行けないとき"], "代理の方は委任状を持ってきてください。"),
    (["死亡届の提出", "死亡届はいつまで"], "7日以内に届け出てください。"),
    (["国民年金の保険料", "国民年金保険料の免除"], "保険料が払えないときは免除を申請できます。"),
    (["家電リサイクル券はどこで買う", "家電の処分"], "郵便局でリサイクル券を買えます。"),
    (["火事の原因になるごみ", "スプレー缶が火事にならない出し方"], "中身を使い切ってください。"),
    (["住民税の口座振替", "口座振替の申し込み"], "金融機関の窓口で申し込めます。"),
    (["資源ごみの出し方", "資源ごみの日"], "水曜日に出してください。"),
    (["3歳児健診の視力検査", "視力の検査"], "家で視力検査をしてきてください。"),
    (["二歳以上の子", "5歳以上"], "年齢で決まります。"),
    (["税金の還付", "還付はいつ"], "口座に振り込みます。"),
    (["軽トラックの荷台で持ち込む"], "予約してください。"),
    # whole words read alike: 扶養 (不要, 不用), 期限 (機嫌), 証人 (商人), 選考 (先行)
    (["児童扶養手当の申請", "児童扶養手当の所得制限"], "ひとり親の家庭に支給します。"),
    (["不用品の処分"], "粗大ごみで出してください。"),
    (["出生届の期限", "出生届はどこに出す"], "赤ちゃんが生まれた日から14日以内に届けてください。"),
    (["婚姻届の証人になれる人"], "成人なら誰でもなれます。"),
    (["保育園の選考基準", "保育園の入園申し込み"], "点数の高い順に決まります。"),
    (["子ども医療費助成の対象", "医療費の助成"], "中学生向けの助成です。"),
    # 不要 as a word of its own (one kanji from 付要, and read as 扶養)
    (["不要になった服の出し方"], "資源ごみで出してください。"),
]


@pytest.fixture(scope="module")
def vocabulary() -> KanjiVocabulary:
    return KanjiVocabulary.from_topics([q for q, _ in TOPICS], [a for _, a in TOPICS], default_analyzer())


def corrected(vocabulary: KanjiVocabulary, text: str) -> str:
    analyzer = default_analyzer()
    return vocabulary.correct(text, analyzer.morphs(text), analyzer)


@pytest.mark.parametrize(
    "typed, meant",
    [
        # Sudachi cuts the compound into single kanji (婚/因/届, 不法/頭/棄, 児/道/手当)
        ("婚因届は夜でも出せる?", "婚姻届は夜でも出せる?"),
        ("山道で不法頭棄されとる", "山道で不法投棄されとる"),
        ("児道手当の振込日", "児童手当の振込日"),
        ("代理で行くときの委認状", "代理で行くときの委任状"),
        # a rare real word for a common one read alike (学同 ガクドウ, 家伝 カデン)
        ("学同保育の申し込み", "学童保育の申し込み"),
        ("家伝リサイクル券", "家電リサイクル券"),
        # a stretch of words read alike (保健 + 料)
        ("国民年金の保健料を払いたい", "国民年金の保険料を払いたい"),
        # two kanji, one left to go by: the swapped kanji must share a reading (視 シ, 資 シ;
        # 視力 is one kanji away too, through 源)
        ("視源ごみの日", "資源ごみの日"),
        # a numeral read like the kanji meant (四 and 死 are シ)
        ("四亡届はいつまで", "死亡届はいつまで"),
        # Sudachi has no reading for 還 alone; 還付 (カンプ) and 付 (フ) give カン, as 環 is
        ("環付はいつ", "還付はいつ"),
        # the other words are the corpus's (児童手当), though not the topic's
        ("委認状は児童手当でも必要?", "委任状は児童手当でも必要?"),
    ],
)
def test_wrong_kanji_become_the_corpus_compound(vocabulary, typed, meant):
    assert corrected(vocabulary, typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "家事と育児で毎日たいへん",  # 家事 is as common as 火事 (wordfreq), a word of its own
        "英会話講座に通いたい",  # 講座 and 口座 share no kanji in place
        "小学一年生から入れる?",  # a number never stands for another (一 → 二)
        "家族五人で行けない",  # not even read alike (五 and 一 are both イツ)
        "軽トラック二台で持ち込む",  # a number and its counter (二 and 荷 are ニ)
        "十袋以上出る",  # nor the counter after one (袋 → 歳)
        "話聞いてほしい",  # 話聞 is not whole words (聞いて)
        "異動の季節",  # not one kanji from any compound here
        "婚姻届を出したい",  # the corpus's own compound
    ],
)
def test_real_words_numbers_and_known_compounds_stay(vocabulary, text):
    assert corrected(vocabulary, text) == text


@pytest.mark.parametrize(
    "typed, meant",
    [
        # a word of the run read as a compound's part: the run becomes the corpus's compound
        # (不要 and 扶養 are as common as each other; 児童扶養手当 says which was meant)
        ("児童不要手当の所得制限", "児童扶養手当の所得制限"),
        ("父の志望届を出したい", "父の死亡届を出したい"),
        # several words read as one compound (児童/不要/手当 → ジドウフヨウテアテ)
        ("児童不要手当", "児童扶養手当"),
        # a word the corpus never uses, next to a word of the compound's topic
        ("出生届の機嫌は何日?", "出生届の期限は何日?"),
        ("婚姻届の商人は誰でもいい?", "婚姻届の証人は誰でもいい?"),
        ("保育園の先行基準を知りたい", "保育園の選考基準を知りたい"),
    ],
)
def test_a_word_read_as_a_compound_becomes_the_compound(vocabulary, typed, meant):
    assert corrected(vocabulary, typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "機嫌が悪い赤ちゃんをあやすコツ",  # 赤ちゃん is in 期限's topic, but not next to 機嫌
        "商人の町の歴史",  # nothing next to 商人 is in 証人's topic
        "不要になった家具",  # 扶養 and 不用 are both フヨウ: no run or neighbour says which
        "英会話講座に通いたい",  # 講座 (口座) beside no word of 口座's topics
        "三人目の扶養",  # a compound of the corpus already
        "女性向けの転職サイト",  # 女性 (助成) beside a suffix only, though 向け is in 助成's topic
    ],
)
def test_a_word_read_as_a_compound_stays_without_a_sign_of_it(vocabulary, text):
    assert corrected(vocabulary, text) == text


def test_a_correction_keeps_the_texts_offsets(vocabulary):
    analyzer = default_analyzer()
    text = "山道で不法頭棄されとる"
    assert vocabulary.corrections(text, analyzer.morphs(text), analyzer) == [Correction(3, "不法頭棄", "不法投棄")]


def test_a_compound_the_question_does_not_fit_is_left(vocabulary):
    """家伝 (カデン) is rare and one kanji from 家電, but no topic with 家電 has 味噌: a family
    recipe, not an appliance."""
    assert corrected(vocabulary, "家伝の味噌の作り方") == "家伝の味噌の作り方"
    assert corrected(vocabulary, "家伝の処分") == "家電の処分"


def test_the_vocabulary_keeps_what_it_needs_in_plain_json(vocabulary):
    restored = KanjiVocabulary.from_json(json.loads(json.dumps(vocabulary.to_json(), ensure_ascii=False)))
    assert restored.words == vocabulary.words
    assert restored.words["婚姻届"] == "コンイントドケ"
    assert corrected(restored, "家伝リサイクル券") == "家電リサイクル券"
    # how common the compounds and the words one kanji away are, so loading needs no wordfreq
    zipf = vocabulary.to_json()["zipf"]
    assert zipf["家電"] - zipf["家伝"] > 2
    assert "学同" not in zipf  # too rare for the list


def test_a_long_or_hostile_text_costs_little(vocabulary):
    """Five corrections at most, and none in a text longer than the gateway ever sends (Rasa's
    REST channel takes 10,000 characters): the windows are looked up, never rescanned."""
    analyzer = default_analyzer()
    text = "婚因届、" * 10
    assert len(vocabulary.corrections(text, analyzer.morphs(text), analyzer)) == 5
    long = "婚因届は夜でも出せる?" + "あ" * 1000
    assert corrected(vocabulary, long) == long


def test_a_correction_that_leaves_a_homophone_is_corrected_again(vocabulary):
    """付要 is one kanji from 不要 (付 and 不 are フ), and 児童不要手当 reads as 児童扶養手当: the
    second round finds what the first left (issue 13, resident_styles_dev5)."""
    assert corrected(vocabulary, "児童付要手当の申請") == "児童扶養手当の申請"
