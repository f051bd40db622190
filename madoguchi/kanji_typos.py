"""Wrong kanji no spelling rule lists, corrected against the corpus's own compounds.

An IME offers a homophone (婚因届 for 婚姻届, 不法頭棄 for 不法投棄, 学同保育 for 学童保育) and
the resident sends it. Sudachi then cuts the compound into single kanji or unknown words
(婚/因/届, 不法/頭/棄, 妊振) or reads it as another word (学同), so neither the words nor
their readings meet the entry's. faq_corpus/resident_spellings.tsv lists the wrong kanji
seen so far; this module finds the others, for retrieval only.

A stretch of a kanji run, made of whole words and no compound of the corpus's questions,
becomes the one compound of those questions that differs from it in one kanji, when

- Sudachi reads that kanji as a word of its own or does not know its word (婚因届: 因
  alone; 妊振届: 妊振 unknown): a compound Sudachi cut apart is not what the resident meant.
  At the stretch's edge, next to a word, a single kanji is mostly a suffix or prefix
  (申込先, 出生後, 家庭等): there the two kanji must also share a reading (証明所 and 証明書:
  ショ); or
- Sudachi knows the typed word, reads both alike, and the typed word is at least ten times
  rarer in written Japanese (the `wordfreq` lists; 学同 and 学童 are ガクドウ, 家伝 and 家電
  カデン): an IME gave a rare word for the reading typed. 家事 (火事) and 教会 (協会) are as
  common as their homophones and stay;

and the question fits the compound: a topic that has it also has another word of the
question, or every other word of the question is a word of the corpus (「家伝の味噌の作り方」
names 味噌, which no topic has, and stays). A numeral changes only for a kanji read alike
(四亡届 → 死亡届; never 小学一年生 → 二年生, nor 二台 → 荷台), the counter after a number never
(二十袋以上, 一台分).

A whole word can be the wrong one too: the IME offered another word with the compound's
reading (児童不要手当: 不要 for 扶養; 志望届: 志望 for 死亡; 出生届の機嫌: 機嫌 for 期限). A stretch
of whole words whose Sudachi reading is a corpus compound's, of as many kanji but spelled
otherwise, becomes that compound when

- with it the kanji run is, or holds around it, a longer compound of the corpus (児童扶養手当,
  死亡届): however common the typed word, the run says which was meant; or
- it stands alone, and the typed word is far rarer than the compound (as above), or no topic
  uses it while a topic with the compound has another word of the question (出生届 beside 期限;
  「機嫌が悪い赤ちゃん」 names nothing of a topic with 期限 and stays).

A correction keeps the text's length (one kanji for another), so Sudachi's offsets on the
corrected text are offsets on the resident's. It needs exactly one candidate: two compounds
one kanji away leave the text as it is.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from madoguchi.japanese import Analyzer, Morph, content_lemmas

_KANJI_RUN = re.compile(r"[\u4e00-\u9fff々〆]{2,}")
# numerals, and the counter after one (三年前, 二十袋以上): another number is no typo
_NUMERAL = set("〇一二三四五六七八九十百千万億兆何数0123456789０１２３４５６７８９")
_WILDCARD = "?"
# a typo of one kanji in a longer stretch than this is not worth the lookups
_LONGEST = 8
# a resident's question has a few wrong kanji at most, and the gateway sends 500 characters
# at most: a longer text (pasted, or sent straight to Rasa) is not worth a second's lookups
_MOST_CORRECTIONS = 5
_LONGEST_TEXT = 1000
# a known word is taken for its homophone only when it is this much rarer (Zipf scale: 1.0
# is ten times): an IME's rare candidate picked by mistake, not a word of its own
_RARER_BY = 1.0
# ... and only a rare word (Zipf under 3: fewer than one in a million words), never one as
# common as 異動 (3.7, not 移動) or 心肺 (3.3, not 心配)
_RARE = 3.0
# a word in more than this share of the topics says nothing about which one is meant
_COMMON_SHARE = 0.25
# corrections are looked for again on the corrected text, once (see KanjiVocabulary.correct)
_ROUNDS = 2


@dataclass(frozen=True)
class Correction:
    begin: int
    typed: str
    meant: str


class KanjiVocabulary:
    """The corpus's compounds (kanji only, two or more) with their Sudachi readings, the
    topics whose questions have them, each topic's content words, and how common the
    compounds and the known words one kanji away from them are (Zipf, wordfreq)."""

    def __init__(
        self, words: Dict[str, str], topics: Dict[str, List[int]], topic_words: List[Set[str]], zipf: Dict[str, float]
    ) -> None:
        self.words = dict(words)
        self._topics = topics
        self._topic_words = topic_words
        self._zipf = zipf
        self._lemma_topics = Counter(w for lemmas in topic_words for w in lemmas)
        self._kanji_readings: Dict[str, Set[str]] = {}  # Sudachi's, looked up once per kanji
        self._one_off: Dict[str, Set[str]] = defaultdict(set)
        self._pairs: Dict[str, List[str]] = defaultdict(list)  # kanji -> two-kanji compounds
        self._by_reading: Dict[str, List[str]] = defaultdict(list)  # reading -> compounds read so
        for word, reading in self.words.items():
            if reading:
                self._by_reading[reading].append(word)
        for word in self.words:
            for i in range(len(word)):
                self._one_off[_blanked(word, i)].add(word)
            if len(word) == 2 and word[0] != word[1] and self.words[word]:
                self._pairs[word[0]].append(word)
                self._pairs[word[1]].append(word)

    @classmethod
    def from_topics(cls, questions: Sequence[Sequence[str]], answers: Sequence[str], analyzer: Analyzer) -> "KanjiVocabulary":
        """From each topic's questions: every kanji run and every kanji-only word Sudachi reads
        in them (split modes C and A: 婚姻届 and 婚姻), with its reading (none when a run ends
        inside a word, 届け出 → 届: its reading is not the run's); the topic's words from its
        questions and its answer (「婚姻届は夜でも」: 夜間 is in the answer)."""
        words: Dict[str, str] = {}
        where: Dict[str, Set[int]] = defaultdict(set)
        topic_words: List[Set[str]] = []
        for number, (texts, answer) in enumerate(zip(questions, answers)):
            lemmas: Set[str] = set()
            for text in texts:
                for mode in ("C", "A"):
                    morphs = analyzer.morphs(text, mode)
                    lemmas.update(content_lemmas(morphs))
                    found = [(m.surface, m.reading) for m in morphs if _KANJI_RUN.fullmatch(m.surface) and m.reading != m.surface]
                    found += [(r.group(0), _reading(morphs, r.start(), r.end()) or "") for r in _KANJI_RUN.finditer(text)]
                    for word, reading in found:
                        words[word] = words.get(word) or reading  # a reading found once is kept
                        where[word].add(number)
            for mode in ("C", "A"):
                lemmas.update(content_lemmas(analyzer.morphs(answer, mode)))
            topic_words.append(lemmas)
        vocabulary = cls(words, {w: sorted(n) for w, n in where.items()}, topic_words, {})
        vocabulary._zipf = vocabulary._frequencies()
        return vocabulary

    def _frequencies(self) -> Dict[str, float]:
        """Zipf frequencies of the compounds and of every word one kanji away from one (the
        only words a correction can start from), so the model needs no wordfreq list."""
        import wordfreq  # at training only: its Japanese list is 215,000 words, 50 MB in memory

        frequencies = wordfreq.get_frequency_dict("ja", wordlist="best")
        kept = {w: f for w, f in frequencies.items() if w in self.words}
        for word, frequency in frequencies.items():
            kanji = 2 <= len(word) <= _LONGEST and _KANJI_RUN.fullmatch(word)
            if kanji and any(_blanked(word, i) in self._one_off for i in range(len(word))):
                kept[word] = frequency
        return {w: round(math.log10(f) + 9, 2) for w, f in kept.items() if f > 0}

    def corrections(self, text: str, morphs: Sequence[Morph], analyzer: Analyzer) -> List[Correction]:
        """The wrong kanji of `text` (analysed as `morphs`), at most one correction per kanji
        and `_MOST_CORRECTIONS` in all; none in a text longer than `_LONGEST_TEXT`."""
        if len(text) > _LONGEST_TEXT:
            return []
        starting = {m.begin: n for n, m in enumerate(morphs)}
        ending = {m.end: n for n, m in enumerate(morphs)}
        taken: Set[int] = set()
        found: List[Correction] = []
        for run in _KANJI_RUN.finditer(text):
            if run.group(0) in self.words:
                continue
            for begin, end in _windows(run.start(), run.end()):
                if begin not in starting or end not in ending or taken & set(range(begin, end)):
                    continue  # not whole words (話聞 in 話聞いて), or corrected already
                if begin > 0 and text[begin - 1] in _NUMERAL:
                    continue  # a counter (一台分)
                inside = morphs[starting[begin] : ending[end] + 1]  # a kanji run has no spaces
                rest = [m for m in morphs if m.end <= begin or m.begin >= end]
                beside = _beside(morphs, starting[begin], ending[end])
                meant = self._meant(text, begin, inside, analyzer) or self._homophone(run, begin, inside, beside)
                if meant and self._fits(meant, rest):
                    found.append(Correction(begin, text[begin:end], meant))
                    taken |= set(range(begin, end))
                    if len(found) == _MOST_CORRECTIONS:
                        return found
        return found

    def correct(self, text: str, morphs: Sequence[Morph], analyzer: Analyzer) -> str:
        """The text with its wrong kanji corrected, in two rounds: a correction can leave a
        whole word that is itself another compound's homophone (児童付要手当: 付要 → 不要, a word
        of the corpus, and then 児童不要手当 → 児童扶養手当)."""
        for _ in range(_ROUNDS):
            corrected = self._corrected_once(text, morphs, analyzer)
            if corrected == text:
                break
            text, morphs = corrected, analyzer.morphs(corrected)
        return text

    def _corrected_once(self, text: str, morphs: Sequence[Morph], analyzer: Analyzer) -> str:
        for c in self.corrections(text, morphs, analyzer):
            text = text[: c.begin] + c.meant + text[c.begin + len(c.meant) :]
        return text

    def _meant(self, text: str, begin: int, inside: Sequence[Morph], analyzer: Analyzer) -> Optional[str]:
        """The one compound the stretch `inside` stands for, or None. Any candidate will do
        for a stretch of three kanji or more; two kanji (one left to go by) or several
        candidates need the swapped kanji to share a reading (視源: 資源, not 視力)."""
        window = "".join(m.surface for m in inside)
        if window in self.words:
            return None
        any_sound: Set[str] = set()
        alike: Set[str] = self._rare_homophones(window, "".join(m.reading for m in inside))
        for offset, morph in _kanji_of(inside):
            i = offset - begin
            if not _may_be_wrong(text, offset, morph):
                continue
            for word in self._one_off.get(_blanked(window, i), ()):
                if word[i] in _NUMERAL:
                    continue  # a number never stands for another (五人, 一人)
                sounds_alike = bool(self._readings(window[i], analyzer) & self._readings(word[i], analyzer))
                numeral = window[i] in _NUMERAL
                if numeral and len(window) == 2:
                    continue  # a number and its counter (二台, not 荷台)
                if sounds_alike:
                    alike.add(word)  # 四亡届: 四 and 死 are シ
                elif not numeral and not _is_affix(inside, morph, i, len(window)):
                    any_sound.add(word)  # never 小学一年生 → 小学二年生
        candidates = any_sound | alike
        if len(window) > 2 and len(candidates) == 1:
            return candidates.pop()
        return alike.pop() if len(alike) == 1 else None

    def _homophone(self, run: "re.Match[str]", begin: int, inside: Sequence[Morph], beside: Sequence[Morph]) -> Optional[str]:
        """The one compound of the corpus read as the whole words `inside` are read and spelled
        otherwise with as many kanji (不要 for 扶養), or None. It must make a longer compound of
        the corpus with the rest of its run (児童不要手当), or be several words read as one
        compound of three kanji or more, or stand for a rare typed word, or for one no topic
        uses beside a word (`beside`: the words next to it, over an の) of a topic with the
        compound (出生届の機嫌). Numbers stay as typed."""
        window = "".join(m.surface for m in inside)
        candidates = [
            word
            for word in self._by_reading.get("".join(m.reading for m in inside), ())
            if len(word) == len(window) and word != window and not any(
                (a in _NUMERAL or b in _NUMERAL) and a != b for a, b in zip(word, window)
            )
        ]  # fmt: skip
        at = begin - run.start()
        joined = [w for w in candidates if self._makes_compound(run.group(0), at, w)]
        if len(joined) == 1:
            return joined[0]  # 児童不要手当 → 児童扶養手当, 志望届 → 死亡届
        if len(candidates) != 1:
            return None
        meant = candidates[0]
        if len(inside) > 1 and len(window) >= 3:
            return meant  # several words read as one compound of the corpus
        typed = self._zipf.get(window)
        if typed is not None and typed < min(_RARE, self._zipf.get(meant, 0.0) - _RARER_BY):
            return meant
        unused = all(m.lemma not in self._lemma_topics for m in inside)
        return meant if unused and self._names_its_topic(meant, beside) else None

    def _makes_compound(self, run: str, at: int, meant: str) -> bool:
        """`meant` put in the run at `at` is inside a longer compound of the corpus."""
        fixed = run[:at] + meant + run[at + len(meant) :]
        end = at + len(meant)
        return any(fixed[a:b] in self.words for a in range(at + 1) for b in range(end, len(fixed) + 1) if b - a > len(meant))

    def _names_its_topic(self, meant: str, beside: Sequence[Morph]) -> bool:
        """A topic with `meant` has a noun next to it in the question, one in a quarter of the
        topics at most (出生届 for 期限): the question is about that topic. A suffix says
        nothing of it (女性向け: 向け is in 助成's topic too)."""
        nouns = [m for m in beside if m.pos == "名詞"]
        others = {w for w in content_lemmas(nouns) if 0 < self._topic_share(w) <= _COMMON_SHARE}
        return any(others & self._topic_words[n] for n in self._topics.get(meant, ()))

    def _readings(self, kanji: str, analyzer: Analyzer) -> Set[str]:
        """Sudachi's readings of a kanji, and those the corpus's two-kanji compounds show:
        Sudachi has none for 姻, 扶, 還 alone, but 婚姻 is コンイン and 婚 コン, so 姻 is イン."""
        if kanji not in self._kanji_readings:
            readings = set(analyzer.kanji_readings(kanji))
            for word in self._pairs.get(kanji, ()):
                at = word.index(kanji)
                readings |= _rest_of_reading(self.words[word], at, analyzer.kanji_readings(word[1 - at]))
            self._kanji_readings[kanji] = {r for r in readings if r}
        return self._kanji_readings[kanji]

    def _rare_homophones(self, window: str, reading: str) -> Set[str]:
        """Compounds one kanji away that read alike and are far more common than `window`."""
        typed = self._zipf.get(window)
        return {
            word
            for i in range(len(window))
            if window[i] not in _NUMERAL
            for word in self._one_off.get(_blanked(window, i), ())
            if self.words[word] == reading and (typed is None or typed < min(_RARE, self._zipf.get(word, 0.0) - _RARER_BY))
        }

    def _fits(self, meant: str, rest: Sequence[Morph]) -> bool:
        """A topic with the corrected compound has another word of the question too, one that
        is not in a quarter of all topics (する, 教える, 方法); or every other word of the
        question is a word of the corpus (耐振診断を受けたい: nothing points elsewhere, where
        「家伝の味噌の作り方」 names 味噌)."""
        lemmas = content_lemmas(rest)
        others = {w for w in lemmas if self._topic_share(w) <= _COMMON_SHARE}
        if not others or any(others & self._topic_words[n] for n in self._topics.get(meant, ())):
            return True
        return all(w in self._lemma_topics for w in lemmas)

    def _topic_share(self, lemma: str) -> float:
        return self._lemma_topics.get(lemma, 0) / max(len(self._topic_words), 1)

    # ---- persistence: plain JSON in the model ------------------------------------------

    def to_json(self) -> Dict[str, Any]:
        return {
            "words": self.words, "topics": self._topics, "topic_words": [sorted(w) for w in self._topic_words],
            "zipf": self._zipf,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "KanjiVocabulary":
        return cls(data["words"], data["topics"], [set(w) for w in data["topic_words"]], data["zipf"])


def _unvoiced(kana: str) -> str:
    """プ, ブ → フ; ガ → カ: a kanji's reading voiced inside a compound (還付 カンプ) meets its own."""
    return "".join(c for c in unicodedata.normalize("NFD", kana) if not unicodedata.combining(c))


def _rest_of_reading(reading: str, position: int, known: Iterable[str]) -> Set[str]:
    """The reading of the kanji at `position` (0 or 1) of a two-kanji compound read `reading`,
    given the other kanji's readings: 還付 カンプ with 付 フ gives カン; 国税 コクゼイ with 国 コク
    gives ゼイ (and a known コク also matches the doubled コッ of 国会)."""
    whole = _unvoiced(reading)
    found: Set[str] = set()
    for other in known:
        forms = {_unvoiced(other)} | ({_unvoiced(other)[:-1] + "ッ"} if other[-1:] in "クツチキ" else set())
        for form in forms:
            if position == 0 and len(whole) > len(form) and whole.endswith(form):
                found.add(reading[: len(reading) - len(form)])
            if position == 1 and len(whole) > len(form) and whole.startswith(form):
                found.add(reading[len(form) :])
    return found


def _blanked(word: str, i: int) -> str:
    return word[:i] + _WILDCARD + word[i + 1 :]


def _windows(start: int, end: int) -> Iterable[Tuple[int, int]]:
    """Stretches of a kanji run, longest first (a whole compound before its parts)."""
    for length in range(min(end - start, _LONGEST), 1, -1):
        for begin in range(start, end - length + 1):
            yield begin, begin + length


def _beside(morphs: Sequence[Morph], first: int, last: int) -> List[Morph]:
    """The words just before morphs[first] and just after morphs[last], over an の
    (出生届の機嫌, 先行基準)."""
    found = []
    before, after = first - 1, last + 1
    if before > 0 and morphs[before].surface == "の":
        before -= 1
    if after < len(morphs) - 1 and morphs[after].surface == "の":
        after += 1
    if before >= 0:
        found.append(morphs[before])
    if after < len(morphs):
        found.append(morphs[after])
    return found


def _kanji_of(morphs: Sequence[Morph]) -> Iterable[Tuple[int, Morph]]:
    for m in morphs:
        for offset in range(m.begin, m.end):
            yield offset, m


def _may_be_wrong(text: str, offset: int, morph: Morph) -> bool:
    """A kanji Sudachi read as a word of its own, or inside a word it did not know; never the
    counter right after a numeral (三年, 二十袋)."""
    cut_apart = len(morph.surface) == 1 or morph.reading == morph.surface
    return cut_apart and not (offset > 0 and text[offset - 1] in _NUMERAL)


def _is_affix(inside: Sequence[Morph], morph: Morph, i: int, length: int) -> bool:
    """A single kanji at the stretch's edge beside a word of two or more: 申込先, 家庭等."""
    if len(morph.surface) != 1 or 0 < i < length - 1:
        return False
    neighbour = inside[1] if i == 0 else inside[-2]
    return len(neighbour.surface) > 1


def _whole_words(morphs: Sequence[Morph], begin: int, end: int) -> List[Morph]:
    """The morphs that make up text[begin:end] exactly, or none."""
    inside = [m for m in morphs if begin <= m.begin and m.end <= end]
    if not inside or inside[0].begin != begin or inside[-1].end != end:
        return []
    if any(a.end != b.begin for a, b in zip(inside, inside[1:])):
        return []
    return inside


def _reading(morphs: Sequence[Morph], begin: int, end: int) -> Optional[str]:
    """The reading of text[begin:end] when it is whole words, else None."""
    inside = _whole_words(morphs, begin, end)
    return "".join(m.reading for m in inside) if inside else None
