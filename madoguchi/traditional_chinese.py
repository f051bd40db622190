"""Chinese written in traditional characters, read as the simplified the corpus is written in.

Residents from Taiwan and Hong Kong, and many others on a phone set to traditional, write
「兒童津貼要怎麼申請」 for 「儿童津贴要怎么申请」. The corpus's Chinese examples are simplified, so
jieba's words and the character n-grams of such a question met none of them, and its
characters (麼, 兒, 錢 are in JIS X 0208's second level) made it read as Japanese: it was
answered in Japanese, or refused. OpenCC (the `opencc` wheel, Apache-2.0, its dictionaries
inside, 3 MB in memory, a few microseconds a question) folds traditional into simplified,
word by word; its t2s conversion keeps the text's length, which offsets rely on.

A character that only traditional Chinese writes is one OpenCC changes and that is not an
everyday Japanese kanji (JIS X 0208 level 1): 麼, 們, 兒, 錢, 學 are; 時, 後, 開, 請, 電 are
written in Japanese too, and decide nothing by themselves.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import opencc

# EUC-JP lead bytes of JIS X 0208 level 1 (rows 16-47): the everyday Japanese kanji
_JIS_LEVEL_1 = range(0xB0, 0xD0)

_converter = opencc.OpenCC("t2s")
_lock = threading.Lock()  # one converter for the process; OpenCC does not say it is thread-safe


def _t2s(text: str) -> str:
    with _lock:
        return str(_converter.convert(text))


def _everyday_japanese(ch: str) -> bool:
    try:
        encoded = ch.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] in _JIS_LEVEL_1


@lru_cache(maxsize=8192)
def is_traditional_only(ch: str) -> bool:
    """A character traditional Chinese writes and neither simplified Chinese nor everyday Japanese does (麼, 兒, 錢)."""
    return len(ch) == 1 and _t2s(ch) != ch and not _everyday_japanese(ch)


@lru_cache(maxsize=8192)
def is_traditional_form(ch: str) -> bool:
    """A character OpenCC folds into another simplified one, whether or not Japanese writes it
    too (請 → 请, 貼 → 贴, 裡 → 里; 麼 → 么)."""
    return len(ch) == 1 and _t2s(ch) != ch


def has_traditional(text: str) -> bool:
    """The text has a character only traditional Chinese writes."""
    return any(is_traditional_only(ch) for ch in text)


def simplified(text: str) -> str:
    """The text in simplified characters, of the same length (character by character where a
    phrase's conversion would change it)."""
    converted = _t2s(text)
    if len(converted) == len(text):
        return converted
    return "".join(ch if len(folded := _t2s(ch)) != 1 else folded for ch in text)


def as_simplified(text: str) -> str:
    """Chinese text with a character only traditional Chinese writes, folded whole into
    simplified (後 and 請 too); any other text as it is. For text known to be Chinese: a Japanese
    「子宮頸がん」 would become 「子宫颈がん」."""
    return simplified(text) if has_traditional(text) else text


def traditional_only_folded(text: str) -> str:
    """The characters only traditional Chinese writes in their simplified form, the rest as it
    is: what tells a text's language, where 「子宮頸がん」's 頸 alone is folded (颈)."""
    return "".join(_t2s(ch) if is_traditional_only(ch) and len(_t2s(ch)) == 1 else ch for ch in text)
