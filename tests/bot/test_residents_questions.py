"""The real trained model on questions as residents type them (the failures listed in issue
13): wrong kanji, kana only, dialect, a long story first, and near-miss questions that share
a word with a topic but ask something the city does not answer."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, topic",
    [
        ("組大ゴミを出したい", "waste/bulky_waste"),
        ("学道保育の申し込みはいつから", "childcare/after_school_club"),
        ("出征届はどこに出せばいい", "childcare/birth_registration"),
        ("保育量はいくらですか", "childcare/nursery_fee"),
    ],
)
def test_residents_spellings_are_answered_with_their_topic(ask, text, topic):
    assert ask(text).intent == topic


def test_a_kansai_disposal_question_gets_the_topic_on_the_items_kind_after_its_line(ask):
    # ほかす is 捨てる: one item named, sure of bulky waste: the item's line, then the topic
    turn = ask("ソファほかしたいんやけど")
    assert (turn.intent, turn.slots["waste_item"], turn.slots["waste_category"]) == ("waste/bulky_waste", "ソファ", "bulky")
    assert turn.replies[0].startswith("ソファは「粗大ごみ」です。")


@pytest.mark.parametrize(
    "text",
    [
        "冷蔵庫にある卵とキャベツで何か作れる？",
        "パソコンの動きが遅い、直し方は？",
        "年金生活でもできる投資は？",  # refused since the near misses of 2026-12-03 (money, not pension)
        "犬のしつけ教室でいいとこ知らない？",  # refused since the near misses about a topic's object
        "引っ越し業者の見積もり",
    ],
)
def test_near_miss_questions_are_not_answered_with_a_city_topic(ask, text):
    assert "/" not in ask(text).intent


@pytest.mark.parametrize(
    "text, topic",
    [
        # the story's words match nothing, so the right topic comes first at 0.25-0.45 with the
        # runner-up far behind: answered by the long question's margin (bot/config.yml)
        (
            "このたび、主人の転勤で東京からこちらに越してまいりました。荷ほどきもまだ途中なのですが、"
            "役所での手続きを早めに済ませたいと思っています。引っ越してきた者が最初にしなければならない"
            "届け出と、持っていくものを教えてください。",
            "procedure/move_in",
        ),
        (
            "先週、産婦人科で妊娠していると言われました。初めてのことで、何から手をつければいいのか"
            "戸惑っています。母子手帳をもらうにはどこへ行って、何を持っていけばよいのでしょうか。",
            "childcare/pregnancy_notification",
        ),
    ],
)
def test_a_long_polite_question_with_a_clear_point_is_answered(ask, text, topic):
    assert ask(text).intent == topic


@pytest.mark.parametrize(
    "text, topic",
    [
        # the story dilutes the whole question under the refusal threshold (0.07); the point
        # alone puts the same topic first at 0.5, twice its runner-up (point_threshold, point_margin)
        (
            "いつもお世話になっております。私は七十八歳になり、足も弱ってきて外に出るのもおっくうに"
            "なりました。主人は三年前に他界し、今は古い一軒家に一人で暮らしております。先日、物置を"
            "片付けていたら使わなくなった石油ストーブと古い布団が何組も出てきました。こういう大きな"
            "ものはどのように申し込めば引き取ってもらえるのでしょうか。",
            "waste/bulky_waste",
        ),
        (
            "こんばんは。私は八十を過ぎた母と二人で暮らしています。母は最近物忘れがひどくなってきて、"
            "大事な書類をどこにしまったのか分からなくなってしまいました。その中に母のマイナンバー"
            "カードもあったようなのですが、なくしてしまった場合はどうすればよいのでしょうか。",
            "procedure/my_number_card",
        ),
    ],
)
def test_a_diluted_long_question_is_answered_by_its_point(ask, text, topic):
    assert ask(text).intent == topic


@pytest.mark.parametrize(
    "text",
    [
        # a long story, then a question the city does not answer: the point names a company's goods
        "こんにちは。来月、初めての子どもが生まれる予定で、夫婦でいろいろと準備をしているところです。"
        "ベビーベッドやベビーカーなど、買うものが多くて予算が足りるか心配しています。ベビーカーは"
        "どのメーカーのものが使いやすいのでしょうか。",
        "いつもありがとうございます。先日、古い冷蔵庫をリサイクルに出して、新しいものに買い替えました。"
        "ところが新しい冷蔵庫は前のものより大きく、台所にうまく収まりません。冷蔵庫の中をすっきり"
        "片付けるこつを教えていただけますか。",
    ],
)
def test_a_long_near_miss_is_not_answered_by_its_point(ask, text):
    assert "/" not in ask(text).intent


@pytest.mark.parametrize(
    "text, topic",
    [
        # the asking clause names nothing but generic words (市, 手助け): its subject is the
        # clause before (madoguchi.question_point)
        (
            "離婚の話し合いがようやくまとまり、来月から娘と二人で暮らすことになりました。養育費もあてにできそうに"
            "なく、これからの生活が不安です。母子家庭になったら、市でどんな手助けを受けられるのでしょうか。",
            "childcare/single_parent_support",
        ),
        (
            "先月、会社を辞めて今は夫の扶養に入っております。それに合わせて健康保険証も変わりました。子どもが病院に"
            "かかったときの費用を市で助けていただいている証明書も、書き換えが必要なのでしょうか。",
            "childcare/child_medical_subsidy",
        ),
        # 「こういうこと」 points back past the story's 孫 and 気になる; the classifier, the joint
        # ranking and the point agree (agreement_classifier)
        (
            "毎朝の散歩で通る川沿いの道に、冷蔵庫や自転車が何台も捨ててあるのを見かけます。孫と歩くことも多いので"
            "気になっております。こういうことは市に知らせてよいものでしょうか。",
            "waste/illegal_dumping",
        ),
        (
            "粗大ごみのことでお聞きしたいのですが。主人が亡くなって、使わなくなった介護用のベッドが残っております。"
            "私ひとりでは外に運び出せないのですが、家の中まで取りに来てもらうことはできますか。",
            "waste/bulky_waste",
        ),
    ],
)
def test_a_long_questions_subject_before_its_asking_clause_is_found(ask, text, topic):
    assert ask(text).intent == topic


def test_a_pointed_at_subject_from_the_story_is_not_a_city_topic(ask):
    # 「その検査」 is the driving licence's, not an infant checkup's
    turn = ask(
        "運転免許の更新のお知らせが届きました。七十五歳を過ぎたので認知機能の検査があるそうで不安です。"
        "その検査はどこで受けられるのでしょうか。"
    )
    assert "/" not in turn.intent


def test_a_long_questions_point_alone_does_not_answer_a_topic_the_classifier_does_not_consider(ask):
    # the point's いくら finds the nursery fee; the state's survivor pension is not the city's
    turn = ask(
        "夫が亡くなり、遺族年金の請求をしなければならないと聞きました。年金事務所に行く前に、"
        "遺族年金の金額がいくらになるのか計算する方法はありますか。"
    )
    assert "/" not in turn.intent


def test_a_long_question_between_two_topics_gets_the_candidates(ask):
    # 出生届 against ひとり親: the story names no procedure, the resident chooses (the version
    # that names 児童手当 asks the child allowance, as resident_styles_dev.jsonl labels it)
    turn = ask(
        "妻が出産のため実家に帰っております。その間に済ませておける手続きがあれば、"
        "父親の私が一人で窓口に行ってもよいのでしょうか。"
    )
    assert turn.intent == "nlu_fallback"


@pytest.mark.parametrize("text", ["今度よその市に越すことになったんよ", "再来月よその町へ引っ越すねん、手続きは？"])
def test_moving_to_another_place_is_moving_out(ask, text):
    assert ask(text).intent == "procedure/move_out"


@pytest.mark.parametrize(
    "text, topic",
    [
        # the story names one procedure (出生届, 妊娠届, 住民票), which makes the classifier sure of
        # it; the point names another itself, clearly: the point's topic is answered (issue 13)
        (
            "出生届を出しに行った日は、赤ちゃんの具合が悪くてすぐに帰ってしまいました。"
            "児童手当の申請はいつまでにすればよいのでしょうか。",
            "childcare/child_allowance",
        ),
        (
            "妊娠届を出したときに支援の案内をたくさんいただいたのですが、なくしてしまいました。"
            "出産の費用の補助で五十万円ほど出るものがあったはずですが、どこに申請すればよいのでしょうか。",
            "childcare/childbirth_lump_sum",
        ),
        (
            "妻の転勤でこちらに越してきて、住民票の手続きも終わりました。"
            "ごみ袋は市の決まったものを使うと聞きましたが、どこのお店で買えるのでしょうか。",
            "waste/designated_bags",
        ),
        # a procedure the story says is done (国民健康保険の手続きは済ませた) is not the point's
        # subject: the pension is asked, not the health insurance
        (
            "前の職場を先月辞めまして、国民健康保険の手続きは済ませたのですが、"
            "年金のほうも市役所で切り替えが必要になるのでしょうか。",
            "procedure/national_pension",
        ),
        # the point's words are everyone's (市, 届け): read alone they find a moving topic,
        # weakly (about 0.3), which vetoes nothing; the story's dog is what it asks about. (A
        # feeling joined to the point, 「…つらいのですが、市に…」, put the point alone at 0.2,
        # the edge of `point_unknown_below`, and any new moving example flipped it.)
        (
            "長いあいだ飼っていた犬が亡くなりました。市に何か届けを出さないといけないのでしょうか。",
            "procedure/dog_registration",
        ),
    ],
)
def test_a_long_questions_point_that_names_another_procedure_than_its_story_is_answered(ask, text, topic):
    assert ask(text).intent == topic
