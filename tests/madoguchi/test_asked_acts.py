"""A question's asked act (its last predicate) against the acts the city's own questions ask
(madoguchi/asked_acts.py): real Sudachi, a small corpus of city questions."""

from __future__ import annotations

import pytest

from madoguchi.asked_acts import WHY, AskedActs, known_acts, predicates, resident_spellings
from madoguchi.japanese import default_analyzer

# the city's questions of a small corpus: they ask to put out, take, apply, pay, get, open
CITY_QUESTIONS = (
    "粗大ごみを出したい",
    "住民票を取りたい",
    "児童手当を申請するには",
    "住民税を払う方法",
    "課税証明書はどこでもらえる？",
    "市役所は何時まで開いていますか",
)


@pytest.fixture(scope="module")
def acts() -> AskedActs:
    return AskedActs(known_acts(CITY_QUESTIONS), spellings=resident_spellings())


def test_the_city_questions_acts_are_their_predicates() -> None:
    assert known_acts(CITY_QUESTIONS) == {"出す", "取る", "申請", "払う", "貰う", "開く"}


def test_a_noun_and_suru_names_the_noun_and_a_helper_verb_the_verb_it_helps() -> None:
    found = predicates(default_analyzer().morphs("口座から引き落としていただくと撤廃した"))
    assert [p.lemma for p in found] == ["引き落とす", "撤廃"]


@pytest.mark.parametrize(
    "question, act",
    [
        ("課税証明書があれば住宅ローンは何年で組める？", "組む"),  # a loan, not the certificate
        ("住民票の制度って誰が撤廃したの？", "撤廃"),  # a noun and する
        ("婚姻届を出した日は何を食べればいい？", "食べる"),  # the act いい judges
        ("住民票を出したあとスマホを再起動したら直る？", "直る"),  # the last predicate is asked
    ],
)
def test_a_question_asking_an_act_no_city_question_asks_names_it(acts: AskedActs, question: str, act: str) -> None:
    assert acts.other_act(question) == act


@pytest.mark.parametrize(
    "question",
    [
        "粗大ごみはいつ出せばいい？",  # the city's act
        "住民票の写しとりたい",  # 写し取る: a compound verb whose last part (取る) is known
        "課税証明書を出したら住宅ローンの申請はどこで？",  # a city cue (申請)
        "さんさいじけんしん いつ",  # kana: a verb Sudachi found inside a word (んさい) is a misreading
        "ごみをほかしたいんやけど",  # dialect made standard first (ほかす → 捨てる)
        "住民票",  # no predicate at all
        "国民健康保険に可入したい",  # a typo Sudachi cut into single kanji (加入) is no act
    ],
)
def test_a_question_on_the_city_act_or_without_a_judgeable_act_is_left_alone(acts: AskedActs, question: str) -> None:
    assert acts.other_act(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "粗大ごみを処分場に持ち混みしたい",  # 持ち + 混む read together: 持ち込む
        "清掃工場にごみを直接持ち込め増すか",  # ます written 増す after a verb: the verb is asked
    ],
)
def test_a_compound_verb_mistyped_in_its_second_part_is_the_known_act(question: str) -> None:
    assert AskedActs({"持ち込む"}, spellings=resident_spellings()).other_act(question) is None


@pytest.mark.parametrize(
    "question, act",
    [
        ("粗大ごみの日は道が混む？", "混む"),  # no verb right before: 混む itself
        ("資源ごみを出すと地球の緑が増す？", "増す"),  # 増す after a noun is the verb 増す
    ],
)
def test_a_verb_alone_keeps_its_own_act(question: str, act: str) -> None:
    assert AskedActs({"持ち込む", "出す"}, spellings=resident_spellings()).other_act(question) == act


def test_handing_out_is_the_city_act(acts: AskedActs) -> None:
    assert acts.other_act("母子手帳はどこで配布してる？") is None


def test_moving_or_setting_up_a_collection_point_is_the_city_act(acts: AskedActs) -> None:
    # the corpus names 移設 as a noun only (「集積所の移設を申し込む」): a listed city verb
    assert acts.other_act("ゴミ集積所を移設したい") is None
    assert acts.other_act("ごみステーションを新設したい") is None
    assert acts.other_act("ごみステーションを撮影したい") == "撮影"  # no listed act: still judged


@pytest.mark.parametrize(
    "question",
    [
        "なぜごみは分別するの",  # a reason, not an act of the city's
        "燃えるごみの収集ってなんで週に二回なの？",  # no predicate at all
        "どうしてごみを分別しなきゃいけないの",  # a must is no negative: its act is 分別
        "国保の保険料って、なんでこんなに取られるん",  # done to the resident (passive)
    ],
)
def test_a_why_question_asks_a_reason(acts: AskedActs, question: str) -> None:
    assert acts.other_act(question) == WHY


@pytest.mark.parametrize(
    "question",
    [
        "4月から保育料が変わったのはなぜ",  # what happened to the resident (a past)
        "なんで粗大ごみが回収されてないの",  # a negative: a missed collection
        "電池にテープを貼るのはなぜですか",  # the resident's act of the city's rules (貼る)
        "なんで燃えないごみと燃えるごみを分けなあかんの",  # a must of the city's act (分ける)
        "保育料って何で決まるん？",  # 何で is also "by what"
        "入院中なんで代わりに出生届を出したい",  # なんで after a noun is a copula
        "どうしても平日に行けないので住民票をコンビニで取りたい",  # どうしても asks no reason
    ],
)
def test_a_why_question_the_city_answers_is_left_alone(acts: AskedActs, question: str) -> None:
    assert acts.other_act(question) != WHY


@pytest.mark.parametrize(
    "question, business",
    [
        ("健康保険組合の扶養に入れるには会社で何出す？", "会社"),  # the city's act (出す), asked of a company
        ("年末年始に開いてるスーパーってある？", "スーパー"),  # 開く, a city act, of a shop
        ("冷蔵庫 買い替え 安い店", "店"),  # a keyword query's shop
        ("ゴミ屋敷 片付け業者", "業者"),
        ("電池ってスーパーで手に入る？", "スーパー"),  # getting a thing that is not the city's
        ("冷蔵庫 中古 買取 高値", "中古"),
    ],
)
def test_an_asking_clause_put_to_a_business_names_it(acts: AskedActs, question: str, business: str) -> None:
    assert acts.other_act(question) == business


@pytest.mark.parametrize(
    "question",
    [
        "指定ゴミ袋はどこのお店で売ってる？",  # the city's bags are sold in shops (a city cue)
        "45リットルのごみ袋ってスーパーで手に入る？",  # got in a shop, the city's bags still
        "引っ越しの大量のごみ、業者に頼まないとダメ？",  # handed to a business: the city's rule asked
        "業者に頼まずに自分でクリーンセンターに運びたい",  # the business left out
        "葬儀屋さんが死亡届を出してくれるってほんと？",  # a business acting for the city
        "会社の保険と国保の保険料を両方払っているみたいです",  # a business owning a thing
        "住民票を会社に出せって言われた、どこで取れる",  # the business in an earlier clause
        "会社の保険に入ったのに国保の保険料の通知が来ました",  # the clause before のに
    ],
)
def test_a_business_outside_the_asking_clause_or_with_a_city_cue_is_left_alone(acts: AskedActs, question: str) -> None:
    assert acts.other_act(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "燃えないゴミってなんで燃えないの",  # a thing's nature: the negative of no city act
        "プラスチックってなんで土に還らないん？",
        "れいぞうこ ひえない なんで",  # kana: a why-question is judged too
        "いぬ よる ほえる なんで",
    ],
)
def test_a_why_question_on_a_things_nature_asks_a_reason(acts: AskedActs, question: str) -> None:
    assert acts.other_act(question) == WHY


@pytest.mark.parametrize(
    "question",
    [
        "なんで収集車が来ないの",  # a city act (来る) not done
        "なんで今日うちの前のゴミ持っていってくれへんかったん",  # done for the resident, in the past
        "ゴミが回収されてないのはなんで？",  # a noun act, passive: done to the resident
    ],
)
def test_a_why_question_on_a_city_act_not_done_is_left_alone(acts: AskedActs, question: str) -> None:
    assert acts.other_act(question) != WHY


@pytest.mark.parametrize(
    "question, act",
    [
        ("じゅうみんひょう たべる", "食べる"),  # a whole spaced kana word Sudachi reads as a verb
        ("ねんきん ふやす ほうほう", "増やす"),
    ],
)
def test_a_kana_question_asking_another_act_as_a_whole_word_names_it(acts: AskedActs, question: str, act: str) -> None:
    assert acts.other_act(question) == act


def test_a_kana_act_read_as_a_known_act_is_left_alone() -> None:
    """Sudachi leaves うつしたい as うつす (移す or 写す): its reading is the known 移す's."""
    assert AskedActs({"移す"}, spellings=resident_spellings()).other_act("じゅうみんひょう うつしたい") is None
    assert AskedActs({"出す"}, spellings=resident_spellings()).other_act("じゅうみんひょう うつしたい") == "うつす"


def test_the_citys_procedure_words_keep_an_unknown_act() -> None:
    """申請, 手続 and 期限 are `act` lines of faq_corpus/other_questions.tsv (a `state` cue
    outweighs them); for the asked act they keep the question as the `city` lines do."""
    acts = AskedActs({"出す"}, spellings=resident_spellings())
    assert acts.other_act("住民票の申請を急ぎたい") is None
    assert acts.other_act("住民票を急ぎたい") == "急ぐ"


@pytest.mark.parametrize(
    "question",
    [
        "大きな棚を片すには",  # Kanto 片す: 片付ける
        "道端の冷蔵庫、どこにチクればいい",  # slang チクる: 通報
        "転入の手続き済ましたい",  # 済ます: 済む (済ませる is read 済む + せる)
        "でかい棚を始末したい",  # 始末 (a noun and する): 処分
        "ごみ袋切らしちゃった、どこでゲットできる？",  # ゲット: 取る
    ],
)
def test_a_colloquial_act_is_judged_as_the_citys_act_it_stands_for(question: str) -> None:
    known = {"片付ける", "処分", "取る", "通報", "済む"}
    assert AskedActs(known, spellings=resident_spellings()).other_act(question) is None


def test_a_colloquial_act_whose_standard_act_is_unknown_is_named_by_it() -> None:
    # only read as 処分: a city that never asks 処分 refuses it as it would 処分 itself
    assert AskedActs({"出す"}, spellings=resident_spellings()).other_act("でかい棚を始末したい") == "処分"


def test_an_unlisted_act_keeps_its_own_name() -> None:
    acts = AskedActs({"片付ける", "処分", "取る"}, spellings=resident_spellings())
    assert acts.other_act("でかい棚を燃やしたい") == "燃やす"


@pytest.mark.parametrize("question", ["課税証明書 何年分とれる", "2人分とれる？"])
def test_a_kana_verb_after_a_counter_is_the_act_it_reads(question: str) -> None:
    # Sudachi reads 分と as 分かつ; made standard first (faq_corpus/resident_spellings.tsv)
    assert AskedActs({"取れる"}, spellings=resident_spellings()).other_act(question) is None
    assert AskedActs({"取れる"}).other_act(question) == "分かつ"  # without the spellings
