"""Text for the ear: what the chat shows, made speakable (no URLs, lists or brackets)."""

from __future__ import annotations

import re
import unicodedata

_URL_SENTENCE = re.compile(r"[^。\n]*https?://\S+[^。\n]*[。]?")
_BRACKETS = str.maketrans(
    {"（": "、", "）": "、", "(": "、", ")": "、", "「": "", "」": "", "『": "", "』": "", "【": "", "】": ""}
)
_WEEKDAY = re.compile(r"[（(]([月火水木金土日])[）)]")
# ①–⑳, ㉑–㊿, ⑴–⒇, ❶–❿, ➀–➓: a speech voice reads them as 「まるいち」 or not at all
_CIRCLED = re.compile(r"[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2474-\u2487\u2776-\u277f\u2780-\u2793]")
# after a circled number, a particle says the number is named (「①と②の両方」), not a line's
_REFERENCE = re.compile(r"[とのやはがをもに、,]")
_SYMBOLS = str.maketrans({"・": "、", "～": "から", "〜": "から", "：": "、", ":": "、", "/": "、", "／": "、"})


# A language written with spaces (English, Korean, Vietnamese): brackets become pauses,
# quotes and list marks are dropped, and sentences are joined by a space.
_SPACED_URL = re.compile(r"[^\n.]*https?://\S+[^\n]*")
_SPACED_BRACKETS = re.compile(r"\s*[（(]([^）)]*)[）)]")
# a gloss glued to the next word (「대형 쓰레기(粗大ごみ)는」) is left out: a pause would split the word
_GLOSS = re.compile(r"\s*[（(][^）)]*[）)](?=[^\s,.!?])")
_QUOTES = str.maketrans({"「": "", "」": "", '"': "", "“": "", "”": "", "『": "", "』": ""})
_ENDS = (".", "!", "?", "。", "！", "？")


def speakable(text: str, spaced: bool = False) -> str:
    """`spaced`: the text is in a language written with spaces between words (en, ko, vi)."""
    if spaced:
        return _spaced(text)
    text = _URL_SENTENCE.sub("", text)
    sentences = []
    for line in text.splitlines():
        line = _WEEKDAY.sub(r"、\1曜日", _numbers_said(line.strip().lstrip("・-*").strip()))
        line = line.translate(_BRACKETS).translate(_SYMBOLS)
        if line:
            sentences.append(line if line.endswith(("。", "？", "！", "?")) else line + "。")
    spoken = "".join(sentences)
    spoken = re.sub(r"、+", "、", spoken)
    spoken = re.sub(r"、([をがにはのでとへ])", r"\1", spoken)  # no pause right before a particle
    return re.sub(r"、([。？])", r"\1", spoken).replace("。、", "。")


def _numbers_said(line: str) -> str:
    """A line's circled numbers as the ear takes them: one that starts the line only numbers
    it (each line is said as a sentence of its own) and is left out; one that is named
    (「①と②の両方」) or numbers steps within a sentence (「①申込み、②購入」) is said as 「1番目」."""
    if _CIRCLED.match(line) and not _REFERENCE.match(line[1:]):
        line = line[1:]
    return _CIRCLED.sub(lambda m: f"{int(unicodedata.numeric(m.group()))}番目、", line)


def _spaced(text: str) -> str:
    sentences = []
    for line in _SPACED_URL.sub("", text).splitlines():
        line = _GLOSS.sub("", line.strip().lstrip("・-*•").strip())
        line = _SPACED_BRACKETS.sub(r", \1,", line).translate(_QUOTES)
        line = re.sub(r",\s*([.!?]|$)", r"\1", line).strip()
        if line:
            sentences.append(line if line.endswith(_ENDS) else line + ".")
    return " ".join(sentences)
