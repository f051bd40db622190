"""Questions that name a topic's thing and ask something else about it are told apart from
questions on the city's procedure (madoguchi/other_questions.py, faq_corpus/other_questions.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from madoguchi.japanese import DataFileError
from madoguchi.other_questions import default_question_cues, load_question_cues
from madoguchi.paths import FAQ_DIR


@pytest.mark.parametrize(
    "question, cue",
    [
        ("保育料の制度はいつ頃からあるの？", "いつ頃からある"),  # history
        ("住民票って誰が考えたの", "誰が考えた"),
        ("犬の登録が始まったのは何年？", "始まったのは何年"),
        ("家電リサイクル法とはどんな法律？", "法とは"),  # a law as a subject
        ("落ち葉で腐葉土を作るには", "作るには"),  # making something of the thing
        ("古い冷蔵庫を修理して使いたい", "修理"),
        ("柿の実をたくさんならせるには、どの枝を切ればいい？", "実をたくさんならせ"),  # growing the garden's plants
        ("出生届は友引を避けるべき？", "友引"),  # customs and fortune
        ("引っ越し祝いのお返し", "引っ越し祝い"),
        ("おしゃれな粗大ごみシールってある？", "おしゃれ"),  # shopping
        ("母子手帳って英語で何？", "英語で"),  # translations
        ("残ったご飯で何か作れる？", "何か作れ"),  # cooking
        ("年金を投資で増やしたい", "投資"),  # money
        ("犬の散歩にいいとこ知らない？", "いいとこ知らな"),  # a recommendation, as said
        ("保育士になるには何を勉強すればいい？", "になるには"),  # a job around the service
        ("らくようで たいひの つくりかた", "つくりかた"),  # kana only
        ("戸籍と住民票、どっちが先にできたの？", "先にでき"),
        ("母子手帳って海外にもあるの？", "海外にも"),  # the thing abroad
        ("ごみ袋を作ってる会社は儲かる？", "儲か"),  # a company's money
        ("学童の指導員のバイトってどう？", "バイト"),  # a job beside the service
        ("学童でアルバイトしたい、時給は？", "バイト"),  # バイト itself, not the employer's 先
        ("翻訳はどこに頼めばいい？", "翻訳"),  # no papers asked for
        ("古いパソコンの動きが遅い", "動きが遅"),  # a device's own trouble
        ("子どもが電池を飲み込んだかも", "飲み込"),  # body and care
        ("柴犬とプードル、飼いやすいのは？", "飼いやすい"),  # choosing
        ("ごみの分別ってめんどくさい", "めんどくさ"),  # feelings
        ("マイナンバーカードを使うとポイントがつく？", "ポイントが"),
        ("電気とガス、まとめるならどっちがお得？", "どっちがお得"),  # the better deal
        ("粗大ゴミのシール代って何に使われとるんやろ", "何に使われ"),  # where the money goes
        ("ごみ袋が有料なのって他の市でも普通？", "他の市でも"),  # elsewhere (市で is no city cue here)
        ("転勤のとき会社から出る手当はいくら？", "会社から出る"),  # a company's business
        ("こんびに ばいと じきゅう いくら", "ばいと"),  # kana only: バイト in hiragana
        ("のーとぱそこん の がめん が まっくら", "がめん"),  # a device's trouble, in kana
    ],
)
def test_a_question_about_the_thing_itself_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "仏滅でも婚姻届は受け付けてもらえる？",  # a custom, and the city's procedure
        "マイナンバーカードの作り方",  # making a card is applying for it
        "委任状の書き方と作り方",
        "ごみ出しのマナーを教えて",  # putting waste out is the city's service
        "剪定枝の正しい出し方",
        "実のなる木を切ったので、枝と落ちた実を出したい",  # what a fruit tree left is thrown away
        "児童手当はいつからもらえるの？",  # いつから of a payment, not of history
        "乳幼児健診っていつある？",
        "方法を教えて、粗大ごみの申し込み",  # 方法 is no law
        "大安に入籍したいので時間外に届けたい",
        "戸籍謄本と抄本の違いは何？",
        "壊れた自転車はどうしたらいい？",  # a broken thing is to be thrown away
        "料理に使った油を捨てたい",  # throwing away is the city's service
        "ファミリーサポートの会員になるには",  # a city programme's member
        "まいなんばーかーど つくりかた",
        "この電池は何ごみ？",  # which waste an item is
        "分別のコツを教えて",  # a sorting tip is the city's sorting
        "ひとり親の手当はどこで得られる？",  # a benefit to get, no deal
        "ほかの市から転入したい",  # another city named, the city's procedure asked
        "ぶんべつ の こつ おしえて",  # こつ: too short a kana match to count
        "てれび の がめん われた すてたい",  # a broken thing thrown away, in kana
        "戸籍謄本を郵便で送ってもらうには何がいる？",  # a certificate sent by post: the city's request
        "課税証明書を送ってほしいときは",
        "外国人の場合、どんな書類が必要ですか。翻訳も必要ですか。",  # the papers a procedure needs
        "アルバイト先から作るように言われたけど、外国人でも作れる？",  # the employer asks for it
    ],
)
def test_a_question_on_the_city_procedure_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    "question, act",
    [
        ("瓶のラベルをきれいにはがす方法", "剥がす"),  # any verb, listed nowhere
        ("包丁の研ぎ方を教えて", "研ぐ"),  # 〜方
        ("パソコンを軽くするには", "軽い"),  # an adjective made a verb
        ("スマホの写真をパソコンに送るやり方", "送る"),
        ("写真を送ってもらうやり方", "送る"),  # sent, but no certificate: still not the city's
        ("ベランダで野菜を育てる方法", "育てる"),
    ],
)
def test_a_how_to_question_asks_by_its_verb(question: str, act: str) -> None:
    assert default_question_cues().asks_something_else(question) == act


@pytest.mark.parametrize(
    "question",
    [
        "粗大ごみの出し方",  # the city's acts
        "新聞の縛り方",
        "保育園に入るには",
        "住民税を口座から引き落としていただく方法",  # a helper verb: the act is 引き落とす
        "住民票を持っていくには",
        "保育料を安くするには",  # fees are the city's
        "マイナンバーカードを申請する方法",  # a noun and する is left to the cues
        "きゃっぷ はずしかた",  # kana only, a city verb read surely (外す)
        "だんぼーる しばりかた",
        "ほいくえん の もうしこみかた",
        "方法を教えて",  # no verb before the frame
    ],
)
def test_a_how_to_question_on_a_city_act_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


def test_how_to_verbs_are_judged_only_with_a_how_frame(tmp_path: Path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("# no how frames: verbs are not judged\ncity\t申請\n", encoding="utf-8")
    assert load_question_cues(cues).asks_something_else("瓶のラベルをはがす方法") is None
    cues.write_text("how\t方法\ncity_verb\t出す\n", encoding="utf-8")
    assert load_question_cues(cues).asks_something_else("瓶のラベルをはがす方法") == "剥がす"
    assert load_question_cues(cues).asks_something_else("瓶を出す方法") is None
    assert load_question_cues(cues).asks_something_else("瓶をはがすのは") is None


def test_no_corpus_example_reads_as_another_question() -> None:
    """Every example residents ask a topic by keeps its topic, in Japanese and in やさしい日本語."""
    paths = sorted(FAQ_DIR.glob("*.yml")) + sorted((FAQ_DIR.parent / "translations" / "ja-easy" / "faq").glob("*.yml"))
    examples = [e for path in paths for t in yaml.safe_load(path.read_text("utf-8"))["topics"] for e in t.get("examples", [])]
    assert len(examples) > 500
    assert [e for e in examples if default_question_cues().asks_something_else(e)] == []


def test_a_bad_line_is_named_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "cues.tsv"
    bad.write_text("# cues\nother\t歴史\nasks\t作り方\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cues.tsv:3: expected 'kind<TAB>regular expression'"):
        load_question_cues(bad)
    bad.write_text("city\t(申請\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"cues.tsv:1: not a regular expression"):
        load_question_cues(bad)


@pytest.mark.parametrize(
    ("question", "cue"),
    [("ほいくえんの せんせいに なりたい", "になりたい"), ("ごみぶくろの つくり かた", "つくりかた")],
)  # やさしい日本語 and kana-only questions put spaces between words, even inside one
def test_a_cue_is_found_across_the_spaces_between_words(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


def test_a_city_cue_across_spaces_keeps_the_question() -> None:
    assert default_question_cues().asks_something_else("ほいくしに なりたい ひとの しんせい") is None


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("あたらしい せんたくき を かいたい", "かいたい"),  # buying a thing (issue 16)
        ("にほんご の がっこう に いきたい", "にほんごのがっこう"),
        ("ねこ の どうぶつびょういん は どこ", "どうぶつびょういん"),
        # the city's bags, a service used, the rabies shot: the city's business in kana
        ("ごみ の ふくろ を かいたい", None),
        ("そだいごみけん を かいたい", None),
        ("ファミサポ を つかいたい", None),  # つかいたい (use) is not かいたい (buy)
        ("きょうけんびょう の ちゅうしゃ どうぶつびょういん で いい", None),
    ],
)
def test_a_learners_kana_question_is_judged_by_its_cues(question: str, cue: object) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("結婚式の衣装はどこで借りる", "結婚式"),
        ("けっこんしきの ひよう", "けっこんしき"),
        ("結婚式の日に婚姻届は出せますか", None),
    ],
)  # a wedding ceremony is nobody's procedure at the city; the 婚姻届 is
def test_a_wedding_ceremony_is_another_question_unless_the_registration_is_asked(question: str, expected: object) -> None:
    assert default_question_cues().asks_something_else(question) == expected


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("国保って払い損なの？", "払い損"),  # a loss asked as an opinion
        ("年金は繰り下げてもらうと得？", "もらうと得?"),  # a gain asked as an opinion
        ("ねんきん はやく もらうと とく？", "もらうととく?"),  # the same in kana, spaces read through
        ("ごみ当番をさぼるのはあり？", "のはあり?"),  # whether doing it is acceptable
        ("冷凍庫の嫌なにおいを消したい", "においを消"),  # a home's trouble: a smell
        ("台所にゴキブリが出る", "ゴキブリ"),  # pests
        ("エアコンの電気代ってどれくらい", "電気代"),  # the electricity bill
        ("入園式の服装って決まってる？", "服装"),  # what to wear
        ("離婚調停ってどう進むの", "調停"),  # a court's business
        ("マイナンバーカードケース どこで売ってる", "カードケース"),  # goods beside the card
        ("ベビーカー 人気", "人気"),
        ("転入したら近所への挨拶はいる？", "の挨拶"),  # manners around a move
        ("スマホの名義変更 家族", "スマホの名義変更"),  # a phone's or a utility's contract
        ("引っ越しで水道の契約は？", "水道の契約"),
        ("バイクの名義変更", "バイクの名義変更"),  # a car's or a bike's
        ("車を廃車にしたい", "廃車"),
        ("入籍した日の夕ごはんの定番", "定番"),  # customs
        ("いぬ の しつけ かみぐせ", "いぬのしつけ"),  # a pet's training, in kana
        ("学習塾の月謝", "学習塾の"),  # a private school
        ("ほいくしの きゅうりょう たかい？", "きゅうりょうたか"),  # a job's pay, in kana
        ("近くで安い歯医者", "安い歯医者"),  # a cheap clinic
        ("草むしり代行の料金相場", "相場"),  # a going rate: 料金 is no city cue before 相場
    ],
)  # issue 13, near_miss_dev6's tuning half
def test_an_opinion_a_home_trouble_a_court_or_goods_beside_a_topic_show_their_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "子育ての支援ってありますか",  # あり asks whether there is one: no opinion
        "児童手当は得する制度？",  # 得 without a choice asked (「もらうと得」)
        "年金はもらうと得られるもの",  # 得られる is getting, no deal
        "ほいくえん とくべつ ほいく",  # とく inside a kana word
        "ごみ置き場のカラス対策",  # 対策 without a smell
        "冷蔵庫のにおいがひどいので捨てたい",  # a smelly thing thrown away: a city cue
        "裁判所から戸籍謄本を出すよう言われた、どこで申請？",  # a court named, the city's procedure asked
        "人気のない場所にテレビが置かれてる",  # 人気のない is a deserted place
        "死亡届のあと携帯電話の解約も市役所で手続き？",  # a contract named, the city's procedure asked
        "電気料金 口座振替",  # a utility named, no contract asked
        "子どものしつけで悩んでいます",  # a child's しつけ is parenting advice the city gives
        "塾長",  # 塾 inside another word
        "きゅうりょうの しょうめい",  # a certificate of one's pay
        "粗大ごみの料金はいくら",  # the city's fee
        "粗大ごみの手数料の相場ってどれくらい",  # 手数料 is the city's word, a going rate or not
    ],
)
def test_the_opinion_home_court_and_goods_cues_leave_the_city_question_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    "question, cue",
    [
        # the state's business asked with the city's generic words (`act` lines do not outweigh it)
        ("在留期間の更新はどこで手続きすればいい？", "在留期間"),
        ("パスポートは市役所で申請できますか", "パスポート"),
        ("確定申告の期限はいつまで？", "確定申告"),
        ("運転免許証の住所変更ってどこに行けば", "運転免許証の住所"),
        ("年金の受給額を調べたいのですが", "年金の受給額"),
        ("自動車税を払い忘れてしまった", "自動車税"),
        ("登記簿謄本はどこで取れる？", "登記"),  # the registry's 謄本 is no city_thing
        ("年金っていくらもらえるの？", "年金っていくらもらえ"),  # the pension office's amount
    ],
)
def test_the_states_business_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "パスポートを作るのに戸籍謄本が必要と言われた",  # the city's paper the state asks for
        "確定申告で使う課税証明書はどこで取れる？",
        "ビザ の ため 課税証明 ひつよう",  # 証明 without 書
        "在留カードを持って転入の手続きに行きます",  # the card is the city's at a move
        "在留カードの住所変更は市役所でできる？",
        "軽自動車税の納付書をなくした",  # the city's own car tax
        "運転免許証がなくても住民票は取れますか",  # a licence as an ID, no licence's business
        "国民年金の保険料はいくら？",  # what one pays the city is the city's
    ],
)
def test_the_states_business_that_needs_the_citys_paper_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


def test_a_state_cue_is_outweighed_by_a_city_thing_only(tmp_path: Path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("state\tビザ\ncity_thing\t住民票\nact\t申請\nother\t歴史\n", encoding="utf-8")
    loaded = load_question_cues(cues)
    assert loaded.asks_something_else("ビザの申請") == "ビザ"  # an act does not outweigh it
    assert loaded.asks_something_else("ビザの申請に住民票がいる") is None
    assert loaded.asks_something_else("住民票の歴史") == "歴史"  # a city_thing outweighs no `other`
    assert loaded.asks_something_else("申請の歴史") is None  # an act still outweighs `other`


@pytest.mark.parametrize(
    "question, cue",
    [("週末の天気はどう？", "天気"), ("あした てんき どう", "てんき"), ("明日は雪降るかな", "雪降るか")],
)
def test_the_weather_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize("question", ["雨の日でも粗大ごみは出していい？", "てんきょ とどけ もちもの", "てんきん で ひっこし"])
def test_rain_beside_the_citys_service_and_kana_like_the_weather_are_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize("question", ["大きな棚を片すには", "粗大ごみを片す方法"])
def test_a_how_to_question_with_a_colloquial_city_act_is_left_alone(question: str) -> None:
    # 片す is read as 片付ける, a city_verb (faq_corpus/colloquial_acts.tsv)
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    "question, cue",
    [
        ("本棚を片すコツ", "コツ"),  # a colloquial act asked as tips, as 片付けるコツ is
        ("冷蔵庫の中を片付けたい", "の中を片付けたい"),  # tidying a space
        ("押し入れ片したい", "押し入れ片したい"),
        ("引き出しを整理したい", "引き出しを整理したい"),
    ],
)
def test_tidying_a_space_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "引き出しを整理していたら古い乾電池が出てきた",  # a story, no wish to tidy
        "押し入れを片付けたいので布団を捨てたい",  # a city cue: the thrown-away futon
        "大きな棚を片付けたい",  # a thing got rid of, no space tidied
    ],
)
def test_a_story_of_tidying_or_a_thing_got_rid_of_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    "question, cue",
    [
        ("子どもが熱出した、座薬って使っていいの", "座薬"),  # a doctor's advice
        ("クレジットカード落としたかも", "クレジットカード落と"),  # the card company's
        ("パソコンのいらないファイル始末したい", "ファイル"),  # a device's files, not the device
        ("タブレット 子どもに 何歳から", "タブレット子どもに何歳"),  # screen time
        ("せんたくき の かび とる ほうほう", "かびとる"),  # a home's cleaning trouble, in kana
        ("鍋の焦げがとれない", "焦げが"),
        ("シャツの汚れを落としたい", "汚れを落と"),
        ("よごれた スニーカー あらいかた", "スニーカーあらいかた"),
    ],
)
def test_everyday_life_beside_a_topic_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "住民税 クレジットカードで払える？",  # paying by card loses nothing
        "汚れたプラは何ごみ",  # 汚れ alone is the sorting rules' word
        "洗っても油汚れが落ちないトレイや容器の出し方",  # a city cue: 出し方
        "カビの生えた布団は捨てられる？",  # a mouldy thing thrown away
        "かびん すてたい",  # a vase, in kana
        "パソコン処分するとき中のデータはどうしたら",  # the device itself
        "子どもの薬代って無料？",  # the medical subsidy's medicine
    ],
)
def test_the_everyday_life_cues_leave_the_city_question_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


def test_the_pension_statement_is_the_states_in_kana_too() -> None:
    assert default_question_cues().asks_something_else("ねんきん ていきびん みかた") == "ねんきんていきびん"


@pytest.mark.parametrize(
    "question, expected",
    [
        ("郵便の転送ってどうするの", "郵便の転送"),  # Japan Post's forwarding
        ("郵便局で転送の手続きしたい", "郵便局で転送"),  # a generic act does not outweigh it
        ("郵便局で家電リサイクル券を買いたい", None),  # the post office selling the city's ticket
        ("転居届はどこに出す？", None),  # the city's own 転居届
    ],
)
def test_the_posts_forwarding_is_not_the_citys(question: str, expected: object) -> None:
    assert default_question_cues().asks_something_else(question) == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        ("郵便局に転居届出したい", "郵便局に転居"),  # the post's 転居届: 出したい (a city cue) does not outweigh it
        ("郵便局の転居届ってネットでもできる？", "郵便局の転居"),
        ("ゆうびんきょく に てんきょとどけ だしたい", "ゆうびんきょくにてんきょ"),  # in kana, だしたい a city cue
        ("e転居のやり方", "e転居"),  # the post's online form
        ("転居届は郵便局にも出すの？", None),  # the city's form first: left to the scores
        ("市内で引っ越したので転居届を出したい", None),
        ("郵便局で家電リサイクル券を買いたい", None),
    ],
)
def test_another_offices_form_of_the_same_name_is_not_the_citys(question: str, expected: object) -> None:
    assert default_question_cues().asks_something_else(question) == expected


def test_an_office_form_is_judged_before_a_city_cue(tmp_path: Path) -> None:
    cues = tmp_path / "cues.tsv"
    cues.write_text("office_form\t郵便局に転居\ncity\t出したい\nother\t歴史\n", encoding="utf-8")
    loaded = load_question_cues(cues)
    assert loaded.asks_something_else("郵便局に転居届出したい") == "郵便局に転居"
    assert loaded.asks_something_else("市役所に転居届出したい") is None  # the city cue keeps it
    assert loaded.asks_something_else("転居届の歴史を出したい") is None  # an `other` cue still yields


@pytest.mark.parametrize(
    "question, cue",
    [
        ("ゴミ袋でハロウィンの衣装作りたい", "袋でハロウィンの衣装作り"),  # a craft of a waste material
        ("段ボールで猫の家つくれる？", "段ボールで猫の家つくれ"),
        ("住民税の計算って自分でできる？エクセルで計算式作りたい", "エクセル"),  # one's own spreadsheet
        ("粗大ごみに出そうと思ってたタンス、リメイクする方法ある？", "リメイク"),  # a dropped plan is no city cue
    ],
)
def test_crafts_a_spreadsheet_and_a_dropped_plan_show_their_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "指定袋で出せる？",  # a bag to put out waste in makes nothing
        "ごみ集積所を自治会で作りたい",  # no material before で
        "保育料の計算のしかた",  # the fee the city computes
        "粗大ごみに出そうと思ってるけど手数料は",  # the plan asked about: no other cue
        "タンスを粗大ごみで出していい？リメイクは無理そう",  # putting it out is asked: the city cue keeps it
    ],
)
def test_crafts_spreadsheet_and_plan_cues_leave_the_city_question_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    "question, act",
    [
        ("ラベルきれいにはがすには", "剥がす"),  # the example: after the に of an adverb
        ("しーるを はがす ほうほう", "剥がす"),  # after a particle, before a kana frame
        ("せんたくき うごかす ほうほう", "動かす"),  # after a space
        ("ぱそこんを かるくするには", "軽い"),  # an adjective made a verb
    ],
)
def test_a_kana_how_to_question_asks_by_its_verb(question: str, act: str) -> None:
    assert default_question_cues().asks_something_else(question) == act


@pytest.mark.parametrize(
    "question",
    [
        "もうしこみかた",  # Sudachi reads 仕込む; the question holds 申し込む's もうしこ
        "いぬ かうには",  # read as 買う; 飼う reads かう, a city verb
        "そだいごみ だすには",  # 出す, a city verb
        "ほいくえんに はいるには",  # 入る
        "さんさいじけんしん",  # no frame: a word Sudachi cut in pieces
        "ほうちょうのとぎかた",  # two kana: too short to be read surely
    ],
)
def test_a_kana_how_to_question_on_a_city_verb_or_misread_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    "question, cue",
    [
        ("おなかすいたー", "おなかすいた"),  # the example: hunger, anywhere
        ("お腹すいた、なに食べよ", "お腹すいた"),
        ("仕事つかれたー", "仕事つかれたー"),  # a message that is only a mood
        ("ねむい", "ねむい"),
    ],
)
def test_a_mood_said_to_the_chat_shows_its_cue(question: str, cue: str) -> None:
    assert default_question_cues().asks_something_else(question) == cue


@pytest.mark.parametrize(
    "question",
    [
        "子育てに疲れた",  # a parent's tiredness names the child: the parenting consultation
        "仕事に疲れて保育園に預けたい",  # a mood in a story before the city's question
        "赤ちゃんが夜泣きで毎晩ねむい、相談したい",
        "もう しんどい",  # distress is no bare mood the cue names: left to the ranking
    ],
)
def test_a_mood_inside_a_question_or_a_parents_tiredness_is_left_alone(question: str) -> None:
    assert default_question_cues().asks_something_else(question) is None


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("いぬが びょうきに なった", "いぬがびょうき"),  # a learner's kana, spaces read through
        ("猫が病気みたい、どこに連れていけばいい", "猫が病気"),
        ("うちの ペット びょうき です", "ペットびょうき"),
        # the rabies shot or the registration after the illness: the city's question
        ("犬が病気で狂犬病の注射が受けられない", None),
        ("いぬが びょうき。 ちゅうしゃは いつ うける", None),
        ("子どもが病気で仕事を休めない", None),  # a child's illness: sick-child care
    ],
)  # issue 16, easy_japanese_dev10's tuning half
def test_a_pets_illness_asks_for_a_vet_unless_the_shot_or_registration_is_asked(question: str, cue: object) -> None:
    assert default_question_cues().asks_something_else(question) == cue
