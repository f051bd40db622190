"""The languages the assistant answers in, and which one a resident is writing.

Detection looks at the script of the message, which is decisive for the languages the city
serves and works on a two-word question where statistical detectors guess: Hangul is
Korean, kana is Japanese, Latin letters with Vietnamese marks are Vietnamese, other Latin
letters English, unless enough of its words are Vietnamese syllables typed without their
marks ("rac cong kenh", faq_corpus/translations/vi/unmarked_words.tsv). Han characters
alone are Chinese or Japanese: characters only simplified Chinese has (时, 办, 垃圾's 圾 is
shared, 么) and Chinese function words (的, 吗, 怎么) say Chinese, characters only Japanese
has (時, 駐, 証) say Japanese, and a text with neither (「住民票 取得」) is left undecided.
Traditional Chinese is read with the characters only it writes in their simplified form
(「開住民票要多少錢」 as 「開住民票要多少钱」; madoguchi.traditional_chinese).
やさしい日本語 is Japanese to the eye: it is only ever chosen explicitly, and kept while the
resident writes Japanese.

Undecided messages (a button, a number, 「OK」) keep the conversation's language.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, Iterable, Optional

from madoguchi.settings import ROOT
from madoguchi.traditional_chinese import has_traditional, is_traditional_form, traditional_only_folded

JAPANESE = "ja"
EASY_JAPANESE = "ja-easy"
LANGUAGES = (JAPANESE, EASY_JAPANESE, "en", "zh", "ko", "vi")
TRANSLATED = LANGUAGES[1:]  # the languages that have translations beside the Japanese corpus
# BCP 47 tags for HTML lang attributes and speech: ja-easy is Japanese to a screen reader.
HTML_LANG = {JAPANESE: "ja", EASY_JAPANESE: "ja", "en": "en", "zh": "zh-Hans", "ko": "ko", "vi": "vi"}
# Names in their own language, for a language switch.
NATIVE_NAMES = {
    JAPANESE: "日本語",
    EASY_JAPANESE: "やさしい日本語",
    "en": "English",
    "zh": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
}

# A Latin-only message needs this many letters to decide (「PC」「OK」 decide nothing).
MIN_LATIN_LETTERS = 3
# Han characters that make a mostly Latin message Chinese, when they read as Chinese.
MIN_CHINESE_BESIDE_LATIN = 2
# Han characters that make a text a phrase rather than one word (哺乳瓶, 住民票): 旧手机回收 is one.
MIN_CHINESE_PHRASE = 5
# Words that mark a Han-only text as Chinese: they are not written alone in Japanese.
# 垃圾 and 扔 (rubbish, to throw away) and 没有 are never written in Japanese, which says ごみ, 捨てる;
# nor 能不能 (can or not) or 手机 (a mobile phone: 携帯, スマホ), nor 几天 (how many days), 几点.
_CHINESE_WORDS = re.compile(
    r"[的吗呢吧么怎哪我你们这那谁啊扔很]|什么|可以|需要|如何|在哪|垃圾|没有|打印|能不能|手机|几[天点个号岁年]"
)
# Chinese question words and verbs Japanese does not write: beside a quoted Japanese word
# (「粗大ゴミ收费多少」「マイナンバーカード怎么申请」) they say the sentence is Chinese.
_CHINESE_SYNTAX = re.compile(r"[吗呢么怎哪谁扔们这几]|什么|在哪|垃圾|没有|多少钱|能不能")
# Chinese signals a text with kana needs to be read as Chinese quoting Japanese words.
MIN_CHINESE_AROUND_KANA = 2
# Hangul syllables that make a text with katakana or kanji words Korean (two: one word, 갱신).
MIN_HANGUL_AROUND_JAPANESE = 2
_HIRAGANA_RUN = re.compile(r"[\u3041-\u309f]+")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A name in brackets beside a word: 「手机（スマートフォン）」, 「Frying pan (フライパン)」
_GLOSS = re.compile(r"[（(][^（）()]*[）)]")
# EUC lead bytes of the first level (everyday characters): GB2312 rows 16-55, JIS X 0208 rows 16-47
_GB2312_LEVEL_1 = range(0xB0, 0xD8)
_JIS_LEVEL_1 = range(0xB0, 0xD0)
_VIETNAMESE_LETTERS = set("ăâđêôơưĩũĂÂĐÊÔƠƯĨŨ")
# Vietnamese typed without marks: the syllables that are not English words, and how many of a
# message's words must be among them (two, and a third: "xin giay juminhyo", not "pho near the station").
UNMARKED_VIETNAMESE_FILE = ROOT / "faq_corpus" / "translations" / "vi" / "unmarked_words.tsv"
# Romanized Japanese words (juminhyo, todoke) are neither: they do not count among its words.
ROMANIZED_JAPANESE_FILE = ROOT / "faq_corpus" / "translations" / "en" / "romanized_words.tsv"
MIN_UNMARKED_SYLLABLES = 2
MIN_UNMARKED_SHARE = 1 / 3
_ASCII_WORD = re.compile(r"[a-z]+")


class WordListError(ValueError):
    """A line of a word list is not one lowercase word; the message names its file:line."""


def load_unmarked_syllables(path: Path = UNMARKED_VIETNAMESE_FILE) -> FrozenSet[str]:
    """One lowercase syllable without marks a line; blank and # lines skipped."""
    syllables = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        if not _ASCII_WORD.fullmatch(word):
            raise WordListError(f"{path}:{number}: expected one lowercase syllable without marks, got {word!r}")
        syllables.add(word)
    return frozenset(syllables)


@lru_cache(maxsize=1)
def _unmarked_syllables() -> FrozenSet[str]:
    return load_unmarked_syllables()


@lru_cache(maxsize=1)
def _romanized_japanese() -> FrozenSet[str]:
    """The romanized words of the English list (its first column), lowercase."""
    lines = ROMANIZED_JAPANESE_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t", 1)[0].strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_romanized_japanese(word: str) -> bool:
    """juminhyo, gomi: a word of the English list of romanized Japanese words (lowercase)."""
    return word in _romanized_japanese()


def _without_marks(text: str) -> str:
    """cách → cach, đâu → dau: how a syllable is looked up in the unmarked list."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch))


def family(language: str) -> str:
    """The language a text's script shows: やさしい日本語 is Japanese."""
    return JAPANESE if language == EASY_JAPANESE else language


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _common_in(ch: str, codec: str, lead_bytes: range) -> bool:
    """The character is in the codec's first level, its everyday characters (by the lead byte)."""
    try:
        encoded = ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] in lead_bytes


def _common_in_chinese_only(ch: str) -> bool:
    """An everyday Chinese character (GB2312 level 1) that Japanese keeps for rare words (not in
    JIS X 0208 level 1): 收 (Japanese writes 収), 几, 孩."""
    return _common_in(ch, "gb2312", _GB2312_LEVEL_1) and not _common_in(ch, "euc_jp", _JIS_LEVEL_1)


def _japanese_only(ch: str) -> bool:
    """A kanji simplified Chinese does not write (時, 証)."""
    return _encodes(ch, "euc_jp") and not _encodes(ch, "gb2312")


def _han_language(text: str, kana: int = 0, traditional: bool = False) -> Optional[str]:
    """zh or ja for a text written mostly in Han characters (its few kana count for ja), None
    when nothing tells. In a `traditional` text (one with a character only traditional Chinese
    writes, 兒 or 麼) the traditional forms Japanese writes too (請, 貼, 剛, 裡) say nothing:
    「剛生完小孩，兒童津貼要去哪裡申請」 had two runs of them against one 哪."""
    han = [ch for ch in text if _is_han(ch)]
    # GB2312 holds simplified Chinese, EUC-JP the Japanese kanji: a character in only one
    # of them belongs to that language's writing (时 / 時, 证 / 証).
    chinese = sum(1 for ch in han if _encodes(ch, "gb2312") and not _encodes(ch, "euc_jp"))

    def japanese_only(ch: str) -> bool:
        return _japanese_only(ch) and not (traditional and is_traditional_form(ch))

    # a Japanese word quoted in Chinese (「転出届 几天前要交」) counts once, whatever its kanji
    japanese = sum(1 for run in _HAN_RUN.findall(text) if any(map(japanese_only, run)))
    chinese += len(_CHINESE_WORDS.findall(text))
    japanese += kana
    if chinese > japanese:
        return "zh"
    if japanese > chinese:
        return JAPANESE
    # Nothing decisive (「旧手机回收」: every character is in both): a kana-less phrase, not a
    # single word, with everyday Chinese characters Japanese rarely writes is Chinese. A
    # Japanese word alone may have one (哺乳瓶, 剪定枝), and 「剪定枝 出し方」 has kana.
    if not kana and len(han) >= MIN_CHINESE_PHRASE and any(_common_in_chinese_only(ch) for ch in han):
        return "zh"
    return None


def _quotes_japanese(text: str) -> bool:
    """Chinese around Japanese words (「ゴミ早上几点前要扔」「保育園空き状况在哪里查」): more
    Chinese signals (characters only Chinese writes or writes every day, question words) than
    Japanese ones (runs of hiragana, which carry Japanese grammar, and Japanese-only kanji).
    Katakana alone says nothing: it is the Japanese word a Chinese resident quotes."""
    han = [ch for ch in text if _is_han(ch)]
    chinese = sum(1 for ch in han if _chinese_only(ch)) + len(_CHINESE_SYNTAX.findall(text))
    japanese = len(_HIRAGANA_RUN.findall(text)) + sum(1 for ch in han if _encodes(ch, "euc_jp") and not _encodes(ch, "gb2312"))
    return chinese >= MIN_CHINESE_AROUND_KANA and chinese > japanese


def _korean_around_japanese(text: str, hangul: int) -> bool:
    """Korean quoting a Japanese word in katakana or kanji (「マイナンバーカード 갱신 어떻게 해요」):
    Hangul, and no hiragana, which would carry Japanese grammar (「한국어で話せますか」)."""
    return hangul >= MIN_HANGUL_AROUND_JAPANESE and not _HIRAGANA_RUN.search(text)


def _chinese_only(ch: str) -> bool:
    """Simplified (费, 请) or an everyday Chinese character Japanese keeps for rare words (收, 几)."""
    return (_encodes(ch, "gb2312") and not _encodes(ch, "euc_jp")) or _common_in_chinese_only(ch)


def _is_vietnamese(letters: str) -> bool:
    """Vietnamese letters (ă â đ ê ô ơ ư ĩ ũ) or a tone mark only Vietnamese puts on a vowel (ạ ả ấ … ỹ)."""
    return any(ch in _VIETNAMESE_LETTERS or "\u1ea0" <= ch <= "\u1ef9" for ch in letters)


def _is_unmarked_vietnamese(text: str) -> bool:
    """Enough of the words are Vietnamese syllables ("mua tui rac o dau"), their marks taken off:
    a mark English shares with French or Spanish (à, é, ú) decides only on a Vietnamese syllable
    (「Xin chào」「Cách xin juminhyo」). Romanized Japanese words count for neither language."""
    words = [word for word in _ASCII_WORD.findall(_without_marks(text)) if word not in _romanized_japanese()]
    listed = sum(1 for word in words if word in _unmarked_syllables())
    return listed >= MIN_UNMARKED_SYLLABLES and listed >= MIN_UNMARKED_SHARE * len(words)


def _detect(text: str) -> Optional[str]:
    """ja, zh, ko, vi or en by the message's main script; None when the message does not tell.

    The script with the most characters wins, so an English question that names 粗大ごみ is
    English and 「PCを捨てたい」 Japanese. Kana decide for Japanese only when they are more than a
    quarter of the CJK characters; below that they only count beside the kanji: a Chinese
    text may quote a Japanese word (粗大ごみ). A name in brackets is a gloss and decides only
    when the rest does not: 「手机（スマートフォン）属于“不可燃垃圾”」 is Chinese with the
    Japanese name beside, its seven kana outweighed none of the Chinese characters.
    """
    text = unicodedata.normalize("NFC", text or "")
    if text.startswith("/"):  # a button's payload
        return None
    outside = _GLOSS.sub(" ", text)
    return (_script_language(outside) if outside != text else None) or _script_language(text)


def detect(text: str) -> Optional[str]:
    """`_detect`, which the Rasa server runs once per message and text (bot/per_message.py:
    about seven callers read each message's language)."""
    return _detect(text)


def _script_language(text: str) -> Optional[str]:
    # 「兒童津貼要怎麼申請」 reads as 「儿童津贴要怎么申請」: 麼 and 兒 are not Japanese's everyday kanji,
    # and they had outnumbered 的 and 怎 as Japanese-only characters (madoguchi.traditional_chinese)
    traditional = has_traditional(text)
    text = traditional_only_folded(text)
    hangul = sum(1 for ch in text if _is_hangul(ch))
    kana = sum(1 for ch in text if _is_kana(ch))
    han = sum(1 for ch in text if _is_han(ch))
    letters = "".join(ch for ch in text if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"))
    scripts = {"hangul": hangul, "cjk": kana + han, "latin": len(letters)}
    main = max(scripts, key=lambda name: scripts[name])
    if scripts[main] == 0:
        return None
    if main == "hangul" or _korean_around_japanese(text, hangul):
        return "ko"
    if main == "cjk":
        if kana and _quotes_japanese(text):
            return "zh"
        return JAPANESE if kana * 4 > kana + han else _han_language(text, kana, traditional)
    if han >= MIN_CHINESE_BESIDE_LATIN and not kana and (_han_language(text) == "zh" or any(map(_chinese_only, text))):
        # 「My Number卡被锁了」「my number卡更新」: Chinese naming an English word (English
        # quotes Japanese words, 住民票, not a character only Chinese writes every day, 卡)
        return "zh"
    if len(letters) < MIN_LATIN_LETTERS:
        return None
    return "vi" if _is_vietnamese(letters) or _is_unmarked_vietnamese(text) else "en"


def normalize(language: object) -> Optional[str]:
    """A language code as the channels send it (EN, en-US, zh-CN, ja_easy) in LANGUAGES, or None."""
    if not isinstance(language, str) or not language.strip():
        return None
    code = language.strip().lower().replace("_", "-")
    if code in LANGUAGES:
        return code
    if code in ("easy", "ja-easy", "yasashii", "やさしい日本語"):
        return EASY_JAPANESE
    base = code.split("-")[0]
    return base if base in LANGUAGES else None


def resolve(detected: Optional[str], requested: Optional[str], current: Optional[str]) -> str:
    """The language to answer in.

    An explicit choice (the widget's switch, bot.ask's "language", the phone's key 8) wins.
    Otherwise the message's own language, unless it is the family of the current one (Japanese
    text keeps やさしい日本語); a message that does not tell keeps the current language.
    """
    if requested:
        return requested
    if detected is None:
        return current or JAPANESE
    if current and family(current) == detected:
        return current
    return detected


def reply_language(texts: Iterable[str], conversation_language: Optional[str]) -> str:
    """The language replies were written in (a missing translation is answered in Japanese)."""
    found = [language for language in (detect(text) for text in texts) if language]
    current = conversation_language or JAPANESE
    if not found:
        return current
    # the language most replies show; Han-only detection never outvotes the conversation's
    detected = max(set(found), key=found.count)
    return current if family(current) == detected else detected
