"""madoguchi.question_point with real Sudachi and the project's word file: courtesies left
out, the pivot, and the subject of an asking clause found in the clause before it."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from madoguchi.japanese import DataFileError
from madoguchi.question_point import (
    asks,
    is_courtesy,
    load_point_words,
    names_own_subject,
    names_subject,
    points_back,
    question_point,
    tells_done_step,
)


def test_the_word_file_loads_every_kind():
    words = load_point_words()
    assert "お世話になっております" in words.courtesy and "ところで" in words.pivot
    assert "その" in words.pointing and "場合" in words.generic
    # longest first: the whole 「いつもお世話になっております」 is removed, not its tail
    assert words.courtesy.index("いつもお世話になっております") < words.courtesy.index("お世話になっております")


@pytest.mark.parametrize(
    "line, message",
    [("courtesy", "tests.tsv:2: expected 'kind<TAB>word', got 1 field(s)"),
     ("polite\tです", "tests.tsv:2: unknown kind 'polite' (one of courtesy, pivot, pointing, referring, generic, bridge, topic_ending, coordinate)")],
)  # fmt: skip
def test_a_malformed_line_is_named_by_file_and_line(tmp_path: Path, line: str, message: str):
    path = tmp_path / "tests.tsv"
    path.write_text(f"# comment\n{line}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_point_words(path)
    assert str(error.value) == f"{path.parent}/{message}"


def test_a_sentence_of_courtesies_only_is_left_out():
    assert is_courtesy("いつもお世話になっております。")
    assert is_courtesy("どうぞよろしくお願いいたします。")
    assert not is_courtesy("お世話になります、粗大ごみの件です。")
    text = (
        "こんにちは。児童手当の振込口座を変えることはできますでしょうか。先日銀行を変えました。どうぞよろしくお願いいたします。"
    )
    assert question_point(text) == "児童手当の振込口座を変えることはできますでしょうか。"


@pytest.mark.parametrize(
    "clause, names",
    [("母子家庭になったら", True),
     ("認知機能の検査があるそうで不安です", True),
     ("市でどんな手助けを受けられるのでしょうか", False),  # generic nouns only
     ("その検査はどこで受けられるのでしょうか", False),  # 検査 is pointed at: which one is said before
     ("こちらで国民健康保険に入りたいのですが", True),  # こちらで is this city, not a pointer at the noun
     ("こちらの検査はどこで受けられるのでしょうか", False),  # こちらの points at 検査
     ("孫と歩くことも多いので気になっております", False),  # the story's people and 気になる
     ("三回続けて間違えてしまいました", False)],  # numbers and counters
)  # fmt: skip
def test_a_clause_names_a_subject_with_a_noun_that_is_not_generic(clause: str, names: bool):
    assert names_subject(clause) is names


def test_with_the_entries_words_only_a_specific_noun_names_a_subject():
    assert names_subject("生まれた子の届けは")
    assert not names_subject("生まれた子の届けは", specific=lambda word: word == "出生届")
    # a verb counts only when asked for (the asking clause itself)
    assert not names_subject("大きなものを引き取ってもらえますか", specific=lambda word: word == "引き取る")
    assert names_subject("大きなものを引き取ってもらえますか", specific=lambda word: word == "引き取る", verbs=True)


def test_an_asking_clause_without_a_subject_takes_the_clause_that_names_it():
    story = (
        "離婚の話し合いがようやくまとまり、来月から娘と二人で暮らすことになりました。養育費もあてにできそうになく、"
        "これからの生活が不安です。母子家庭になったら、市でどんな手助けを受けられるのでしょうか。"
    )
    assert question_point(story) == "母子家庭になったら 市でどんな手助けを受けられるのでしょうか。"
    pointed = "運転免許の更新のお知らせが届きました。七十五歳を過ぎたので認知機能の検査があるそうで不安です。その検査はどこで受けられるのでしょうか。"
    assert (
        question_point(pointed)
        == "七十五歳を過ぎたので認知機能の検査があるそうで不安です。 その検査はどこで受けられるのでしょうか。"
    )


def test_a_story_clause_of_generic_nouns_is_not_taken():
    story = "夫の転勤が決まりました。やることが山ほどあって頭が回っていません。市役所で出しておく書類はありますか。"
    assert question_point(story) == "市役所で出しておく書類はありますか。"


def test_the_point_is_looked_for_after_the_pivot_and_courtesies_are_never_the_point():
    story = (
        "失礼します。先月、会社を定年で退職いたしました。これからは年金と貯金でのんびり暮らすつもりです。"
        "ところで、会社の健康保険から抜けたあとは、市の保険に切り替えると聞きました。何を持って行けばよいでしょうか。"
        "よろしくお願いいたします。"
    )
    assert question_point(story) == "市の保険に切り替えると聞きました。 何を持って行けばよいでしょうか。"


@pytest.mark.parametrize(
    "point, leans",
    [("その日は祝日なのですが 祝日でも受け付けていただけますか。", True),  # その日: said in the story
     ("こうしたものを回収していただくにはどうしたらよいでしょうか。", True),
     ("一度にこれだけ出しても持って行っていただけますか。", True),  # これ stands for the story's grass
     ("これはどちらに知らせればよいのでしょうか。", True),
     ("古い洗濯機はどう処分すればよいでしょうか。", False),
     ("こちらで国民健康保険に入りたいのですが 何を持って行けばよろしいですか。", False)],
)  # fmt: skip
def test_a_point_that_points_back_leans_on_its_story(point: str, leans: bool):
    assert points_back(point) is leans


def test_a_subject_after_a_place_pronoun_is_the_point():
    text = (
        "結婚を機に夫の住む町へ移ってまいりました。婚姻届は前の町で出してあります。"
        "こちらで国民健康保険に加入したいのですが、何が必要でしょうか。"
    )
    assert question_point(text) == "こちらで国民健康保険に加入したいのですが 何が必要でしょうか。"


@pytest.mark.parametrize(
    "point, names",
    [("古い洗濯機はどう処分すればよいでしょうか。", True),
     ("こちらで国民健康保険に加入したいのですが 何が必要でしょうか。", True),
     ("三歳の息子を見ていただけるところはありませんでしょうか。", False),  # the story's people, generic words
     ("一度にこれだけ出しても持って行っていただけますか。", False),  # これ: said in the story
     ("その日は祝日なのですが 祝日でも受け付けていただけますか。", False),
     # nouns of the asking, not of a subject (faq_corpus/question_point_words.tsv, generic)
     ("取りに来ていただけないのでしょうか。", False),
     ("一度に全部出しても大丈夫でしょうか。", False),
     ("いつごろ届くのか教えていただけますか。", False),
     ("見ていて気分がよくありません。", False)],
)  # fmt: skip
def test_a_point_names_its_own_subject_with_a_noun_and_without_pointing_back(point: str, names: bool):
    assert names_own_subject(point) is names


def test_a_clause_asking_how_much_takes_the_clause_that_names_what():
    story = "娘の入学で、学校から住民票を出すように言われました。仕事の合間に行こうと思うのですが、住民票は市役所のどこで、いくらで取れますか。"
    assert question_point(story) == "住民票は市役所のどこで いくらで取れますか。"


@pytest.mark.parametrize("text", ["😀" * 10_000, "粗" * 10_000, "a" + "\u0301" * 9_999], ids=["emoji", "kanji", "accents"])
def test_a_10000_character_message_without_a_comma_is_read_in_linear_time(text: str) -> None:
    # the subject clause was tried from every character, each try scanning to the end: 2 s of
    # CPU per reading of a 10,000-emoji message (6 s a turn), while the Rasa server answered no one
    started = time.process_time()
    assert question_point(text) == text  # no subject clause, no asking clause: the whole message
    assert time.process_time() - started < 0.2


def test_a_clause_that_denies_its_noun_is_never_the_subject():
    # 「〜のことではないのですが」 says what the question is not about: not a subject clause, and
    # not the clause before the asking one that the point takes
    story = (
        "散歩道の脇の空き地に、古い冷蔵庫と自転車が何週間も置かれたままです。家電の買い替えのことではないのですが、"
        "こういうものはどこに知らせればよいのでしょうか。"
    )
    assert question_point(story) == "こういうものはどこに知らせればよいのでしょうか。"
    # the asking clause names its own subject: the denied one before it is left out
    denied = "下の子を預けたいと思っております。一時預かりのことではないのですが、保育園の入園は年度の途中でも申し込めますか。"
    assert question_point(denied) == "保育園の入園は年度の途中でも申し込めますか。"
    # denied inside the asking clause (世帯主ではない私が) is not a clause that denies its subject
    asked = "孫の学校に出す書類で住民票が要るそうです。娘に頼まれたのですが、世帯主ではない私が行っても出していただけますか。"
    assert question_point(asked).endswith("世帯主ではない私が行っても出していただけますか。")


def test_within_its_sentence_the_subject_is_looked_for_in_the_asking_sentence_only():
    # the asking clauses name nothing but 市 and 届け: the story's dog, a sentence before, is
    # taken only when the point may reach across sentences
    story = (
        "長いあいだ飼っていた犬が亡くなりました。家族同然でしたのでつらいのですが、市に何か届けを出さないといけないのでしょうか。"
    )
    entries_words = {"犬", "銀行", "年金"}.__contains__  # the words few entries have, as retrieval's index says
    assert question_point(story, specific=entries_words).startswith("長いあいだ飼っていた犬が亡くなりました。")
    assert question_point(story, specific=entries_words, across_sentences=False) == (
        "家族同然でしたのでつらいのですが 市に何か届けを出さないといけないのでしょうか。"
    )
    # in the asking sentence itself the clause that names it is still taken
    asked = "年金だけでは老後が心配です。銀行で勧められた個人年金保険は、入ったほうがいいものでしょうか。"
    assert question_point(asked, specific=entries_words, across_sentences=False).startswith("銀行で勧められた個人年金保険は")


def test_a_clause_that_says_its_procedure_is_done_is_never_the_subject():
    # 「…転出の手続きはしてきたのですが、こちらでは何を」: the done move-out is the story, not what is asked
    story = "このたび定年で故郷に戻ってまいりました。前の区役所で転出の手続きはしてきたのですが、こちらではまず何をすればよいのでしょうか。"
    assert question_point(story) == "こちらではまず何をすればよいのでしょうか。"
    done = "先月末で会社を辞めました。国民健康保険の手続きは済ませたのですが、年金のほうも切り替えが必要でしょうか。"
    assert question_point(done) == "年金のほうも切り替えが必要でしょうか。"
    # in keigo, done and come back: 「済ませてまいりましたが」「済ませてきたのですが」
    polite = "会社を定年で辞めました。年金の手続きは年金事務所で済ませてまいりましたが、健康保険はどうすればよいのでしょうか。"
    assert question_point(polite) == "健康保険はどうすればよいのでしょうか。"
    assert tells_done_step("前の市で転出の手続きを済ませてきたのですが、こちらでは何をすれば")
    # a wish to have it done is not a done procedure
    wish = "引っ越してきたばかりです。手続きを早めに済ませたいのですが、転入届には何を持っていけばよいですか。"
    assert "済ませたいのですが" in question_point(wish)


def test_a_bridge_takes_the_clause_it_stands_for_into_the_point():
    # 「この場合、」 stands for the clause before it, which names what the case is
    bridged = (
        "年金暮らしの祖父です。孫は私どもの家で嫁と暮らしております。子どもの手当は息子の口座に振り込まれていたのですが、"
        "この場合、受け取る人を嫁に変えたほうがよいのでしょうか。"
    )
    assert (
        question_point(bridged)
        == "子どもの手当は息子の口座に振り込まれていたのですが 受け取る人を嫁に変えたほうがよいのでしょうか。"
    )
    # the bridge at the start of a sentence: the clause before is the sentence before's last
    across = "児童扶養手当をいただいております。今年は仕事が忙しく、期限までに行けそうにありません。その場合、手当は止まってしまうのでしょうか。"
    assert question_point(across) == "期限までに行けそうにありません。 手当は止まってしまうのでしょうか。"


def test_a_bridge_word_inside_a_clause_is_no_bridge():
    # 「その場合は何を」 in one clause asks by itself; nothing before it is taken
    inside = "来月、転勤で市外に引っ越します。子どもが保育園に通っておりますが、その場合は何か届けが要りますか。"
    assert question_point(inside) == "子どもが保育園に通っておりますが その場合は何か届けが要りますか。"
    # a clause that is not a bridge word changes nothing (「その後」 is a time, not the case)
    later = "先週、転入届を出しました。手続きはすべて終わりました。その後、保育園の申し込みはどこでできますか。"
    assert question_point(later) == question_point(later.replace("その後、", ""))


@pytest.mark.parametrize(
    "text, done",
    [
        # a clause that says the procedure was handed in, before the question
        ("夫の転勤で転入してきて、転入届は出したのですが、児童手当はまだです。申請は要りますか。", True),
        ("乳幼児健診は先日無事に終わりまして、保健師さんにも見ていただきました。注射の紙はいつ届きますか。", True),
        # a sentence that ends saying so
        ("転入届は先週出しました。子どもの保育園の申し込みはどうすればよいですか。", True),
        # a wish, a call and a thing put out that was not collected are no step done
        ("手続きを早めに出したいのですが、何を持って行けばよいですか。", False),
        ("窓口で呼び出しですが、番号札はどこで取りますか。", False),
        ("今朝ごみを出したのに、まだ回収されていません。どこに連絡すればよいですか。", False),
        # a move is the story's setting, not a procedure done
        ("主人の転勤で先月越してきました。最初に出す届けを教えてください。", False),
        ("大阪から越してきたのですが、最初に出す届けを教えてください。", False),
    ],
)
def test_a_story_that_says_a_step_is_done_is_told_apart(text: str, done: bool):
    assert tells_done_step(text) is done


def test_a_topic_clause_before_the_asking_clause_is_in_the_point():
    # 「…赤ちゃんの健診は、」 names what the two asking clauses after it ask about
    story = (
        "初めての子育てで分からないことばかりです。出生届も児童手当の申請も済ませたのですが、"
        "四か月ごろにあるという赤ちゃんの健診は、こちらから申し込まなければいけないのでしょうか、"
        "それとも案内が来るのでしょうか。"
    )
    assert question_point(story).startswith("四か月ごろにあるという赤ちゃんの健診は ")
    # a clause before the asking one that ends otherwise is the story, not taken
    other = "夫も私も働いていて、毎日帰りが遅いです。来年から働く予定がありまして、保育園の申し込みはいつまでにすればよいですか。"
    assert question_point(other) == "保育園の申し込みはいつまでにすればよいですか。"


def test_without_topic_endings_the_topic_clause_is_not_taken():
    words = load_point_words()
    bare = type(words)(words.courtesy, words.pivot, words.pointing, words.generic, words.referring, words.bridge)
    story = "子どもが二人います。日本の国からもらえる子どものお金は、いつ口座に入りますか。毎月ですか。"
    assert question_point(story, words) == "日本の国からもらえる子どものお金は いつ口座に入りますか。 毎月ですか。"
    assert question_point(story, bare) == "いつ口座に入りますか。 毎月ですか。"


@pytest.mark.parametrize(
    ("clause", "asking"),
    [
        ("どうすればいいですか", True),
        ("出し方はどう", True),
        ("じどうてあては どう", True),  # 児童 in kana, and then the asking どう
        ("集積所がちょうどうちの玄関の前にあって", False),  # ちょうど|うちの: no どう asked
        ("じどうてあての しんせい", False),
    ],
)
def test_a_clause_asks_with_how_but_not_with_the_tail_of_another_word(clause: str, asking: bool) -> None:
    assert asks(clause) is asking


# a word list standing for retrieval's specific words (a word few entries' questions have):
# 申請 and the story's 外出 or 状態 are no such words
_ENTRY_WORDS = frozenset({"マイナンバーカード", "マイナンバー", "カード", "免許", "返納", "身分証", "住民票"})


def _specific(word: str) -> bool:
    return word in _ENTRY_WORDS


def test_an_asking_clause_that_lost_its_subject_takes_the_wish_that_names_it():
    text = (
        "祖父が九十歳になり、免許を返納したので身分証が何もありません。マイナンバーカードを作らせたいのですが、"
        "本人は外出が難しい状態です。申請はどのようにすればよいでしょうか。"
    )
    # the circumstance between (本人は外出が難しい) is left out
    assert (
        question_point(text, specific=_specific)
        == "マイナンバーカードを作らせたいのですが 申請はどのようにすればよいでしょうか。"
    )
    # within its own sentence the wish of the sentence before is out of reach
    assert question_point(text, specific=_specific, across_sentences=False) == "申請はどのようにすればよいでしょうか。"


def test_a_wish_further_back_than_the_reach_is_not_taken():
    text = "住民票を取りたいのですが、父は入院しており、母は足が悪く、私は仕事が忙しく、申請はどのようにすればよいでしょうか。"
    assert "住民票" not in question_point(text, specific=_specific)


def test_an_asking_clause_that_names_its_subject_takes_no_wish():
    text = "マイナンバーカードを作りたいのですが、平日は仕事です。住民票はどこで取れますか。"
    assert question_point(text, specific=_specific) == "住民票はどこで取れますか。"


@pytest.mark.parametrize(
    "point, names",
    [("本当でしょうか 手続きは要りますか。", False),  # whether what was heard is true: said before
     ("保育料が安くなるというのは本当でしょうか。", True)],  # what was heard is in the point itself
)  # fmt: skip
def test_hearsay_asked_to_be_confirmed_names_no_subject_by_itself(point: str, names: bool):
    assert names_own_subject(point) is names


def test_getting_ready_is_the_asking_and_the_wish_before_names_its_subject():
    text = (
        "結婚する相手がフィリピンの人です。日本で結婚の届けを出したいのですが、相手の国の書類がどれだけ必要なのか"
        "見当もつきません。市役所で何を用意すればよいか教えてください。"
    )
    assert question_point(text) == "日本で結婚の届けを出したいのですが 市役所で何を用意すればよいか教えてください。"
    assert not names_own_subject("市役所で何を準備すればよいか教えてください。")
    # a clause that names its subject keeps it
    assert names_own_subject("婚姻届の書類は何を用意すればよいですか。")


def test_how_to_use_is_the_asking_and_the_clause_before_names_its_subject():
    story = "コピー機の前で止まってしまいました。コンビニで証明書を取る場合、使い方を教えていただけますか。"
    assert question_point(story) == "コンビニで証明書を取る場合 使い方を教えていただけますか。"
    # without 使い方 among the generic words, the asking clause was read as naming its subject
    words = load_point_words()
    bare = dataclasses.replace(words, generic=words.generic - {"使い方"})
    assert question_point(story, bare) == "使い方を教えていただけますか。"
    # a 使い方 asked with its own subject takes nothing before it
    named = "窓口が混んでいて諦めました。コンビニの機械の使い方を教えていただけますか。"
    assert question_point(named) == "コンビニの機械の使い方を教えていただけますか。"


@pytest.mark.parametrize(
    ("text", "point"),
    [
        # a noun and と before the asking clause: the first of two things asked
        (
            "出たごみを車で運ぼうと考えております。持ち込みの受付時間と、必要な身分証があれば教えてください。",
            "持ち込みの受付時間と 必要な身分証があれば教えてください。",
        ),
        # a verb's と is a condition, not a thing asked
        (
            "孫の世話をしております。母子手帳を見ると、予防接種を受ける病院を教えていただけますか。",
            "予防接種を受ける病院を教えていただけますか。",
        ),
        # それと is a bridge to the second question, naming nothing
        (
            "学童保育の申し込みは何月からですか。それと、おやつ代の費用はどのくらいかかりますか。",
            "学童保育の申し込みは何月からですか。 おやつ代の費用はどのくらいかかりますか。",
        ),
    ],
)
def test_a_thing_coordinated_with_the_asking_clause_is_in_the_point(text: str, point: str) -> None:
    assert question_point(text) == point


def test_without_coordinate_words_the_coordinated_clause_is_not_taken():
    words = load_point_words()
    bare = dataclasses.replace(words, coordinate=frozenset())
    story = "出たごみを車で運ぼうと考えております。持ち込みの受付時間と、必要な身分証があれば教えてください。"
    assert question_point(story, bare) == "必要な身分証があれば教えてください。"


@pytest.mark.parametrize(
    ("text", "point"),
    [
        # a subject clause of the story's people and generic words names nothing: the asking clause's own
        # subject is the point
        (
            "孫のことでございます。娘が来春から働きます。入園の申し込みというのは、いつ頃どちらに出せばよいのでしょうか。",
            "入園の申し込みというのは いつ頃どちらに出せばよいのでしょうか。",
        ),
        # a subject clause that names its subject keeps it
        (
            "孫の予防接種のことでございます。娘が来春から働きます。入園の申し込みというのは、いつ頃どちらに出せばよいのでしょうか。",
            "孫の予防接種のことで 入園の申し込みというのは いつ頃どちらに出せばよいのでしょうか。",
        ),
    ],
)
def test_a_subject_clause_counts_when_it_names_a_subject(text: str, point: str) -> None:
    assert question_point(text) == point


def test_an_asking_clause_that_lost_its_subject_takes_the_subject_clause_not_the_story_before_it():
    text = "三歳の健康診査について伺います。主人の転勤で来たばかりで、前の市では受ける前に引っ越しました。こちらで受けることはできますか。"
    assert question_point(text) == "三歳の健康診査について こちらで受けることはできますか。"
    # without a subject clause the clause before is taken, as before
    bare = "主人の転勤で来たばかりで、前の市では健診を受ける前に引っ越しました。こちらで受けることはできますか。"
    assert question_point(bare) == "前の市では健診を受ける前に引っ越しました。 こちらで受けることはできますか。"
