"""Which language a resident writes in, and which one the assistant answers in."""

from __future__ import annotations

import pytest

from madoguchi.languages import WordListError, detect, load_unmarked_syllables, normalize, reply_language, resolve


@pytest.mark.parametrize(
    "text, language",
    [
        ("粗大ごみを出したい", "ja"),
        ("PCを捨てたい", "ja"),  # kana outweigh two Latin letters
        ("国民健康保険税の納付方法", "ja"),  # few kana, but 険 is written only in Japanese
        ("市役所 開庁時間", "ja"),  # 開 and 時 are Japanese forms (开, 时 in Chinese)
        ("How do I throw away 粗大ごみ?", "en"),  # English naming a Japanese word
        ("What time does city hall open?", "en"),
        ("怎么扔大件垃圾", "zh"),
        ("我想办理住民票", "zh"),
        ("粗大垃圾（粗大ごみ）怎么申请", "zh"),  # Chinese quoting a Japanese word
        ("垃圾没有被收走", "zh"),  # no simplified form, but 垃圾 and 没有 are Chinese words
        ("有人乱扔垃圾", "zh"),
        ("My Number卡被锁了", "zh"),  # Chinese naming an English word
        ("Where do I get a 住民票?", "en"),  # English naming a Japanese word: 住民票 does not read as Chinese
        ("被保険者証を失くした", "ja"),
        ("쓰레기는 언제 버려요?", "ko"),
        ("Làm sao để vứt rác cồng kềnh?", "vi"),
        ("Tôi muốn đăng ký con đi nhà trẻ", "vi"),
        # Vietnamese typed without marks (faq_corpus/translations/vi/unmarked_words.tsv)
        ("vut tu lanh cu o dau", "vi"),
        ("xin giay juminhyo", "vi"),  # two of three words listed; the Japanese word is not
        ("dang ky the my number", "vi"),
        # English stays English: one listed word, or too few of the words
        ("Where can I eat pho near the station?", "en"),
        ("I want to register for the kosodate shien center", "en"),
        ("Is the city hall open on Thu and Fri?", "en"),
        # no simplified form and no Chinese word: everyday Chinese characters Japanese rarely writes
        ("旧手机回收", "zh"),  # 收 (Japanese 収)
        ("市政府几点下班？", "zh"),  # 几
        ("有事想把孩子托管一天", "zh"),  # 孩
        ("在7-11打印住民票", "zh"),  # 打印, to print
        ("国保能不能用手机交", "zh"),  # 能不能 and 手机 are not written in Japanese
        ("剪定枝 出し方", "ja"),  # 剪 is rare in Japanese, but the kana say Japanese
        # a Japanese name in brackets is a gloss: the rest decides, when it can
        ("手机（スマートフォン）属于“不可燃垃圾”。", "zh"),  # seven kana, four Chinese-only characters
        ("전자레인지(電子レンジ)", "ko"),
        ("PC（パソコン）", "ja"),  # "PC" alone decides nothing: the gloss does
        # Chinese quoting Japanese words without brackets: Chinese signals outweigh the
        # hiragana runs and Japanese-only kanji (katakana alone is the quoted word)
        ("ゴミ袋在哪里买", "zh"),
        ("マイナンバーカード丢了怎么办", "zh"),  # ten kana, still Chinese
        ("児童手当的申请在哪里查", "zh"),
        ("ゴミ袋はどこで買えますか", "ja"),
        ("マイナンバーカードの更新", "ja"),
        ("粗大ゴミ 収集", "ja"),
        ("my number卡更新", "zh"),  # 卡: a character only Chinese writes every day
        # Korean quoting a Japanese word: Hangul and no hiragana
        ("マイナンバーカード 갱신 어떻게 해요", "ko"),
        ("粗大ゴミ 신청", "ko"),
        ("한국어で話せますか", "ja"),  # hiragana carry Japanese grammar
        # marks English shares with French or Spanish decide on a Vietnamese syllable only
        ("Xin chào", "vi"),
        ("Chó cắn rách túi rác", "vi"),
        ("Is there a café near city hall?", "en"),
        # romanized Japanese words count for neither language
        ("juminhyo inkan todoke koseki xin o dau", "vi"),
        ("juminhyo inkan todoke koseki where", "en"),
        # traditional Chinese reads as its simplified form: 麼, 兒 and 錢 are not everyday
        # Japanese kanji (they had counted as Japanese-only characters)
        ("兒童津貼要怎麼申請", "zh"),
        ("開住民票要多少錢", "zh"),
        ("國民健康保險", "zh"),
        # beside 兒, the traditional forms Japanese writes too (剛, 貼, 裡, 請) say nothing
        ("剛生完小孩，兒童津貼要去哪裡申請", "zh"),
        ("剛生完小孩，儿童津貼要去哪裡申請", "ja"),  # without 兒 they count, as before
        ("印鑑登録証明書請求", "ja"),  # Japanese kanji alone: 請 still counts
        # Japanese keeps 時 and 後 (everyday kanji), and kana outweigh a rare kanji
        ("時間外の窓口", "ja"),
        ("子育てが憂鬱です", "ja"),
        ("子宮頸がんの予防接種", "ja"),  # 頸 is folded (颈), 宮 is not
        # a Japanese word quoted in Chinese counts once, however many Japanese-only kanji it has
        ("転出届 几天前要交", "zh"),
        ("転出証明書 申請", "ja"),
        # more unmarked syllables: và, huỳnh quang, có, ai, bãi
        ("bo pin va bong den huynh quang o dau", "vi"),
        ("co ai biet bai do xe o dau", "vi"),
    ],
)
def test_detects_the_language_of_a_question(text: str, language: str) -> None:
    assert detect(text) == language


# 哺乳瓶 and 剪定枝 are Japanese item names written with a character rare in Japanese: one word
# alone decides nothing (a Japanese conversation stays Japanese)
@pytest.mark.parametrize(
    "text", ["OK", "PC", "12月20日", '/choose_faq{"faq_id": "waste/bulky_waste"}', "住民票 取得", "", "？", "哺乳瓶", "剪定枝"]
)
def test_a_message_that_does_not_tell_decides_nothing(text: str) -> None:
    assert detect(text) is None


def test_an_explicit_choice_wins_over_the_script() -> None:
    assert resolve(detected="ja", requested="en", current=None) == "en"


def test_the_script_switches_the_conversation() -> None:
    assert resolve(detected="en", requested=None, current="ja") == "en"
    assert resolve(detected="ko", requested=None, current="en") == "ko"


def test_japanese_text_keeps_easy_japanese_and_undecided_keeps_the_language() -> None:
    assert resolve(detected="ja", requested=None, current="ja-easy") == "ja-easy"
    assert resolve(detected=None, requested=None, current="vi") == "vi"
    assert resolve(detected=None, requested=None, current=None) == "ja"


def test_channel_codes_are_normalized() -> None:
    assert normalize("en-US") == "en"
    assert normalize("zh-CN") == "zh"
    assert normalize("JA_EASY") == "ja-easy"
    assert normalize("fr") is None
    assert normalize(3) is None


def test_reply_language_is_what_the_replies_show() -> None:
    assert reply_language(["Bulky waste needs an application."], "en") == "en"
    # a missing translation is answered in Japanese, and reported so
    assert reply_language(["粗大ごみは事前申し込み制です。"], "en") == "ja"
    assert reply_language(["そだいごみは もうしこみが ひつようです。"], "ja-easy") == "ja-easy"
    assert reply_language([], "ko") == "ko"


def test_a_broken_unmarked_syllable_line_names_its_file_and_line(tmp_path) -> None:
    path = tmp_path / "unmarked_words.tsv"
    path.write_text("# syllables\nkhong\nrác\n", encoding="utf-8")
    with pytest.raises(WordListError, match=r"unmarked_words\.tsv:3: expected one lowercase syllable without marks, got 'rác'"):
        load_unmarked_syllables(path)


def test_the_unmarked_syllables_load_from_their_list(tmp_path) -> None:
    path = tmp_path / "unmarked_words.tsv"
    path.write_text("# syllables\n\nkhong\nduoc\n", encoding="utf-8")
    assert load_unmarked_syllables(path) == frozenset({"khong", "duoc"})
