"""Korean text for the classifier: Kiwi morphemes, particles and endings left out.

Sudachi splits Hangul only at spaces and punctuation, so 신청하나요 and 신청 were two different
words to the classifier and 주민표는 was not 주민표. Kiwi (kiwipiepy, Apache-2.0, a wheel with
its model in kiwipiepy_model, no system dictionary to build) cuts 전입신고는 into 전입 · 신고 ·
는 and gives verbs their dictionary form (버리고 → 버리다). Particles, endings, suffixes and
symbols say how, not what: they are dropped, as Japanese particles weigh nothing in the
classifier's TF-IDF. Measured on a dev split of the corpus's Korean examples: right topic
75.5% with Sudachi's words, 84.6% with Kiwi's, 80.4% with a list of particle and ending
suffixes stripped off the words (README, Languages).

Kiwi costs about 330 MB and 4 s when a model loads (with its multi-word name list and typo
dictionary, which these questions do not need, left out), and well under a millisecond per
question.
"""

from __future__ import annotations

import re
import threading
from typing import List, Optional

from kiwipiepy import Kiwi

from madoguchi.japanese import Morph

# Hangul syllables and jamo. What is not Hangul (粗大ごみ, PC, 1, ?) is read by Sudachi; Kiwi
# sees it masked as Latin letters of the same length, so that offsets stay and a particle
# right after it is still a particle (粗大ごみ는 → 는; a kana word left in made Kiwi read
# 는 as the verb 늘다).
_HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
NOT_HANGUL = re.compile(rf"[^\s{_HANGUL}]+")
_HAS_HANGUL = re.compile(rf"[{_HANGUL}]")
# Kiwi's tags (Sejong tag set) that carry no topic: particles (J…), endings (E…), suffixes
# (XS…: 하 of 신청하다, 들 of plurals) and symbols (S…: punctuation; SL foreign words and SN
# numbers are kept).
_DROPPED_TAGS = ("J", "E", "XS", "SF", "SP", "SS", "SE", "SO", "SW")


class KoreanAnalyzer:
    """Kiwi's content morphemes of the Hangul in a text, with offsets on that text."""

    def __init__(self) -> None:
        # num_workers=-1: tokenize in the calling thread (Kiwi's pool would add two threads
        # per process); the lock keeps two threads out of one Kiwi at a time.
        self._kiwi = Kiwi(num_workers=-1, load_multi_dict=False, load_typo_dict=False)
        self._lock = threading.Lock()
        self._kiwi.tokenize("주민표")  # Kiwi reads its model on the first call: pay it at load time

    def morphs(self, text: str) -> List[Morph]:
        """Content morphemes of the Hangul words of `text`; the rest is left out."""
        masked = NOT_HANGUL.sub(lambda run: "X" * len(run.group(0)), text)
        with self._lock:
            tokens = self._kiwi.tokenize(masked)
        morphs = [
            Morph(text[t.start : t.start + t.len], t.start, t.start + t.len, t.lemma or t.form, reading="", pos=t.tag)
            for t in tokens
            if not t.tag.startswith(_DROPPED_TAGS) and t.len > 0
        ]
        return [m for m in morphs if _HAS_HANGUL.search(m.surface)]


_default: Optional[KoreanAnalyzer] = None
_default_lock = threading.Lock()


def korean_analyzer() -> KoreanAnalyzer:
    """One Kiwi per process (built on first use: 330 MB)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = KoreanAnalyzer()
        return _default
