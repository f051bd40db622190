"""Text for the ear: what the chat shows, made speakable (no URLs, lists or brackets)."""

from __future__ import annotations

import re

_URL_SENTENCE = re.compile(r"[^。\n]*https?://\S+[^。\n]*[。]?")
_BRACKETS = str.maketrans(
    {"（": "、", "）": "、", "(": "、", ")": "、", "「": "", "」": "", "『": "", "』": "", "【": "", "】": ""}
)
_WEEKDAY = re.compile(r"[（(]([月火水木金土日])[）)]")
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
        line = _WEEKDAY.sub(r"、\1曜日", line.strip().lstrip("・-*").strip())
        line = line.translate(_BRACKETS).translate(_SYMBOLS)
        if line:
            sentences.append(line if line.endswith(("。", "？", "！", "?")) else line + "。")
    spoken = "".join(sentences)
    spoken = re.sub(r"、+", "、", spoken)
    spoken = re.sub(r"、([をがにはのでと])", r"\1", spoken)  # no pause right before a particle
    return re.sub(r"、([。？])", r"\1", spoken).replace("。、", "。")


def _spaced(text: str) -> str:
    sentences = []
    for line in _SPACED_URL.sub("", text).splitlines():
        line = _GLOSS.sub("", line.strip().lstrip("・-*•").strip())
        line = _SPACED_BRACKETS.sub(r", \1,", line).translate(_QUOTES)
        line = re.sub(r",\s*([.!?]|$)", r"\1", line).strip()
        if line:
            sentences.append(line if line.endswith(_ENDS) else line + ".")
    return " ".join(sentences)
