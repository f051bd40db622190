"""Korean text for the classifier: Kiwi morphemes, particles and endings left out.

Sudachi splits Hangul only at spaces and punctuation, so 신청하나요 and 신청 were two different
words to the classifier and 주민표는 was not 주민표. Kiwi (kiwipiepy, Apache-2.0, a wheel with
its model in kiwipiepy_model, no system dictionary to build) cuts 전입신고는 into 전입 · 신고 ·
는 and gives verbs their dictionary form (버리고 → 버리다). Particles, endings, suffixes and
symbols say how, not what: they are dropped, as Japanese particles weigh nothing in the
classifier's TF-IDF. Measured on a dev split of the corpus's Korean examples: right topic
75.5% with Sudachi's words, 84.6% with Kiwi's, 80.4% with a list of particle and ending
suffixes stripped off the words (README, Languages).

Some words Kiwi cuts one way in one question and another way in the next (마이나포털은 →
마이나포털, 마이나포털에서 → 마이 · 포털; 재활용은 → 재활용, 재활용 쓰레기 → 재 · 활용): those are
given to it whole from a plain list, faq_corpus/translations/ko/korean_words.tsv.

Kiwi costs about 330 MB and 4 s when a model loads (with its multi-word name list and typo
dictionary, which these questions do not need, left out), and well under a millisecond per
question.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from kiwipiepy import Kiwi

from madoguchi.japanese import DataFileError, Morph, data_lines

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
_WORD_TAGS = ("NNG", "NNP")  # a listed word is a noun
# Kiwi's score of a listed word: 0 (its default) still lost to 재 · 활용 before 쓰레기
_WORD_SCORE = 10.0

KoreanWords = Tuple[Tuple[str, str], ...]  # (word, Kiwi tag)


def load_korean_words(path: Path) -> KoreanWords:
    """word<TAB>tag, per line."""
    words = []
    for number, fields in data_lines(path):
        if len(fields) != 2 or not _HAS_HANGUL.search(fields[0]) or " " in fields[0] or fields[1] not in _WORD_TAGS:
            raise DataFileError(f"{path}:{number}: expected 'Korean word<TAB>{' or '.join(_WORD_TAGS)}'")
        words.append((fields[0], fields[1]))
    return tuple(words)


class KoreanAnalyzer:
    """Kiwi's content morphemes of the Hangul in a text, with offsets on that text."""

    def __init__(self, words: KoreanWords = ()) -> None:
        # num_workers=-1: tokenize in the calling thread (Kiwi's pool would add two threads
        # per process); the lock keeps two threads out of one Kiwi at a time.
        self._kiwi = Kiwi(num_workers=-1, load_multi_dict=False, load_typo_dict=False)
        for word, tag in words:
            self._kiwi.add_user_word(word, tag, _WORD_SCORE)
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


_analyzers: Dict[KoreanWords, KoreanAnalyzer] = {}
_analyzers_lock = threading.Lock()


def korean_analyzer(words: Sequence[Tuple[str, str]] = ()) -> KoreanAnalyzer:
    """One Kiwi per process and word list (built on first use: 330 MB); a model's list is the
    same from one load to the next."""
    key = tuple(words)
    with _analyzers_lock:
        if key not in _analyzers:
            _analyzers[key] = KoreanAnalyzer(key)
        return _analyzers[key]


def loaded_korean_analyzers() -> int:
    """How many Kiwis this process holds (one per word list)."""
    with _analyzers_lock:
        return len(_analyzers)


class KoreanReader:
    """Kiwi for a model's word list, built when first needed and let go when a training has read
    its examples: what follows (the classifier's and retrieval's fitting, the peak of a training's
    memory) no longer carries Kiwi's 300 MB. A server keeps it from the model's load on."""

    def __init__(self, words: Sequence[Tuple[str, str]] = ()) -> None:
        self._words: KoreanWords = tuple(words)

    def load(self) -> KoreanReader:
        """Builds Kiwi now (4 s), so that the first Korean question does not wait for it."""
        korean_analyzer(self._words)
        return self

    def morphs(self, text: str) -> List[Morph]:
        return korean_analyzer(self._words).morphs(text)

    def release(self) -> None:
        """Lets this word list's Kiwi go; the next Korean text builds it again."""
        with _analyzers_lock:
            _analyzers.pop(self._words, None)
