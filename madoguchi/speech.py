"""Text for the ear: what the chat shows, made speakable (no URLs, lists or brackets)."""

from __future__ import annotations

import re

_URL_SENTENCE = re.compile(r"[^。\n]*https?://\S+[^。\n]*[。]?")
_BRACKETS = str.maketrans(
    {"（": "、", "）": "、", "(": "、", ")": "、", "「": "", "」": "", "『": "", "』": "", "【": "", "】": ""}
)
_WEEKDAY = re.compile(r"[（(]([月火水木金土日])[）)]")
_SYMBOLS = str.maketrans({"・": "、", "～": "から", "〜": "から", "：": "、", ":": "、", "/": "、", "／": "、"})


def speakable(text: str) -> str:
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
