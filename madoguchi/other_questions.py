"""Questions about a topic's own thing that ask something else (faq_corpus/other_questions.tsv).

「剪定した枝で薪を作るやり方」 names garden waste's 剪定枝, 「印鑑登録の制度は何年にできた？」
names seal registration: the classifier and retrieval both match what a question *names*
and are sure of the topic, while the question asks how to make firewood, or history. What
it asks shows in its question-type words (作り方, 何年に, 縁起, おすすめ, 英語で), listed as
`other` cues; such a question is refused unless it also asks the city's own procedure (a
`city` cue: 申請, 窓口, 出せる, 手数料 …), so 「仏滅でも婚姻届は受け付けてもらえる？」 keeps
its answer.

Cues list words; a how-to question says what it asks in its verb, whichever it is: 「ラベルを
はがす方法」「パソコンを軽くするには」「包丁の研ぎ方」. The city answers how to do the city's
own acts (出す, 捨てる, 申し込む, 取る, 預ける … the `city_verb` lines); a verb before a `how`
frame (方法, やり方, には, 方) that is none of them asks something else, so words no cue lists
are refused too (in a question with kanji: Sudachi misreads kana-only verbs). A verb made
of a noun and する (申請する, リメイクする) is left to the cues: almost every procedure is
such a noun.

The state's business (a visa, a passport, an embassy's register) is asked with the same
verbs as the city's (「apply for passport for my baby」「register marriage at my embassy」):
a `state` cue is refused unless a `city` cue names the city's own thing; the generic acts
(`act`: apply, register, form) that outweigh an `other` cue do not outweigh it. Japanese
(issue 13) asks the state's business with the city's generic words too (「在留期間を更新するには、
どこでどんな手続きを」, 「パスポートは市で申請できますか」): its generic acts are `act` lines, and
a `city_thing` (住民票, 戸籍謄本, 証明書: 「パスポートの申請に戸籍謄本がいる」) outweighs a `state`
cue and nothing else. Another office's own form that bears the city's form's name (an
`office_form`: Japan Post's 転居届, handed in at the post office) is refused before any of
these: 「郵便局に転居届出したい」 names the city's 転居届 and its 出したい, a city cue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import jaconv

from madoguchi.colloquial_acts import standard_act
from madoguchi.japanese import DataFileError, Morph, data_lines, default_analyzer, without_word_spaces
from madoguchi.paths import CORPUS_DIR

OTHER_QUESTIONS_FILE = CORPUS_DIR / "other_questions.tsv"
KINDS = ("other", "city", "how", "city_verb", "business", "state", "act", "city_thing", "office_form")
# Verbs that only help the verb before them (「引き落として<いただく>方法」「入れて<おく>には」):
# the act asked about is the verb before their て.
_HELPER_VERBS = frozenset(
    {"頂く", "いただく", "貰う", "呉れる", "くれる", "おく", "置く", "仕舞う", "行く", "来る", "見る", "下さる"}
)
_SURU = frozenset({"為る", "する", "出来る", "できる"})
# Sudachi misreads kana-only questions' verbs too often to judge them (もうしこみかた → 仕込む)
_KANJI = re.compile(r"[\u4e00-\u9fff]")
# how many morphemes after the verb a `how` frame is looked for in (「方法」「に は」「やり 方」)
_FRAME_MORPHS = 3


@dataclass(frozen=True)
class QuestionCues:
    other: Tuple["re.Pattern[str]", ...]
    city: Tuple["re.Pattern[str]", ...]
    how: Tuple["re.Pattern[str]", ...] = ()
    city_verbs: Tuple["re.Pattern[str]", ...] = ()
    # a business the asking clause is put to (「会社で何出す」「安い店」): madoguchi/asked_acts.py
    business: Tuple["re.Pattern[str]", ...] = ()
    # the state's or an embassy's business, and the generic acts that do not outweigh it
    state: Tuple["re.Pattern[str]", ...] = ()
    acts: Tuple["re.Pattern[str]", ...] = ()
    # the city's own certificates and registrations, which the state's business may need
    city_things: Tuple["re.Pattern[str]", ...] = ()
    # another office's own form named as the city's (Japan Post's 転居届): judged before all
    office_forms: Tuple["re.Pattern[str]", ...] = ()

    def asks_something_else(self, text: str) -> Optional[str]:
        """The `state` or `other` cue the question asks by, or the verb of a how-to question
        that is not the city's act (None when it has neither, or also asks the city's
        procedure): 「apply for passport」 → passport, 「apply for nursery」 → None."""
        text = unicodedata.normalize("NFKC", text)
        words = without_word_spaces(text)  # 「せんせいに なりたい」 has the cue になりたい
        form = self.office_form(words)
        if form is not None:
            return form
        if any(p.search(words) for p in self.city):
            return None
        state = self.state_cue(words)
        if state is not None:
            return state
        if any(p.search(words) for p in self.acts):
            return None
        cue = _first_cue(self.other, words)
        if cue is None and not _KANJI.search(words):
            cue = _kana_cue(self, words)
        return cue if cue is not None else self.other_act(text)

    def office_form(self, words: str) -> Optional[str]:
        """The `office_form` cue of a form another office takes under the city's form's name,
        whatever else the question says: 「郵便局に転居届出したい」 → 郵便局に転居 (Japan Post's
        forwarding of mail, though 転居届 and 出したい are the city's words), 「転居届はどこに
        出す？」 → None."""
        return _first_cue(self.office_forms, words)

    def state_cue(self, words: str) -> Optional[str]:
        """The `state` cue the question asks by, unless it names a `city_thing` the state's
        business needs: 「就労ビザの更新はどこで」 → ビザ, 「ビザの申請に住民票がいる」 → None."""
        state = _first_cue(self.state, words)
        if state is None or any(p.search(words) for p in self.city_things):
            return None
        return state

    def other_act(self, text: str) -> Optional[str]:
        """The first verb asked how to do (before a `how` frame) that is not a city act, as
        its dictionary form (剥がす, 軽い for 軽くする). In a kana-only question only a verb
        Sudachi surely read counts (「ラベルきれいにはがすには」 → 剥がす), and none when the
        question holds a city verb's reading (「もうしこみかた」: Sudachi reads 仕込む)."""
        if not self.how:
            return None
        kana_only = not _KANJI.search(text)
        if kana_only and self._holds_a_city_verb(text):
            return None
        morphs = default_analyzer().morphs(text)
        for index, morph in enumerate(morphs):
            if morph.pos != "動詞" or not self._frames(morphs[index + 1 : index + 1 + _FRAME_MORPHS]):
                continue
            if kana_only and not _read_surely(text, morphs, index):
                continue
            act = asked_act(morphs, index)
            if act is not None and not any(p.fullmatch(act) for p in self.city_verbs):
                return act
        return None

    def _holds_a_city_verb(self, text: str) -> bool:
        """A kana-only question holds a city verb's stem wherever Sudachi cut it (「もうしこみ
        かた」 holds もうしこ(む), read as 仕込む), or a verb that reads as one (「いぬ かうには」:
        かう, read as 買う, is also 飼う)."""
        flat = jaconv.kata2hira(re.sub(r"\s", "", text))
        readings, stems = _city_verb_kana(self.city_verbs)
        return any(stem in flat for stem in stems) or any(
            m.pos == "動詞" and jaconv.kata2hira(m.surface) in readings for m in default_analyzer().morphs(text)
        )

    def _frames(self, after: Sequence[Morph]) -> bool:
        following = "".join(m.surface for m in after)
        return any(p.match(following) for p in self.how)


def _read_surely(text: str, morphs: Sequence[Morph], index: int) -> bool:
    """A kana verb Sudachi read surely: three kana at least, standing after a space, a particle
    or the に of an adverb (「ラベルきれいに はがすには」「しーるを はがす ほうほう」), not inside
    a word it cut in pieces (「さんさいじけんしん」). An adjective made a verb by する is judged
    by the adjective (「かるく する」)."""
    verb = morphs[index]
    if verb.lemma in _SURU and index >= 1 and morphs[index - 1].pos == "形容詞":
        index -= 1
        verb = morphs[index]
    if len(verb.surface) < 3:
        return False
    if verb.begin == 0 or text[verb.begin - 1].isspace():
        return True
    before = morphs[index - 1]
    return before.pos == "助詞" or (before.pos == "助動詞" and before.surface == "に")


@lru_cache(maxsize=4)
def _city_verb_kana(city_verbs: Tuple["re.Pattern[str]", ...]) -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """The city verbs' readings in hiragana (出す → だす), and their stems of three kana or more
    (申し込む → もうしこ, which meets 申し込み and 申し込む), from the `city_verb` lines' words."""
    analyzer = default_analyzer()
    readings, stems = set(), set()
    for pattern in city_verbs:
        for word in pattern.pattern.split("|"):
            reading = jaconv.kata2hira("".join(m.reading for m in analyzer.morphs(word)))
            readings.add(reading)
            if len(reading) >= 4:
                stems.add(reading[:-1])
    return frozenset(readings), frozenset(stems)


def _first_cue(patterns: Sequence["re.Pattern[str]"], words: str) -> Optional[str]:
    """The text of the first pattern's match, or None."""
    return next((m.group(0) for p in patterns for m in [p.search(words)] if m), None)


def _kana_cue(cues: QuestionCues, words: str) -> Optional[str]:
    """A kana-only question (a feature phone, a child) writes the cues' katakana words in
    hiragana too: 「こんびに ばいと じきゅう」 has バイト. Cues and text are matched with katakana
    read as hiragana; a match of fewer than three kana (こつ for コツ) is too often part of
    another word (「はんこ つくる」) and does not count."""
    folded = jaconv.kata2hira(words)
    if any(p.search(folded) for p in _in_hiragana(cues.city + cues.acts)):
        return None
    return next((m.group(0) for p in _in_hiragana(cues.other) for m in [p.search(folded)] if m and len(m.group(0)) >= 3), None)


@lru_cache(maxsize=8)
def _in_hiragana(patterns: Tuple["re.Pattern[str]", ...]) -> Tuple["re.Pattern[str]", ...]:
    return tuple(re.compile(jaconv.kata2hira(p.pattern), p.flags) for p in patterns)


def asked_act(morphs: Sequence[Morph], index: int) -> Optional[str]:
    """The act the verb at `index` names: itself, the verb a helper verb follows (入れて
    おく → 入れる), an adjective made a verb (軽くする → 軽い); None for a noun and する
    (申請する), which the cues judge. A colloquial verb names the act it stands for (片す →
    片付ける, faq_corpus/colloquial_acts.tsv)."""
    morph = morphs[index]
    helped = index >= 2 and morphs[index - 1].surface in ("て", "で") and morphs[index - 2].pos == "動詞"
    if morph.lemma in _HELPER_VERBS and helped:
        return asked_act(morphs, index - 2)
    if morph.lemma in _SURU and index >= 1:
        before = morphs[index - 1]
        return before.lemma if before.pos in ("形容詞", "形状詞") else None
    return standard_act(morph.lemma)


def load_question_cues(path: Path = OTHER_QUESTIONS_FILE, flags: int = 0) -> QuestionCues:
    found: Dict[str, List["re.Pattern[str]"]] = {kind: [] for kind in KINDS}
    for number, fields in data_lines(path):
        if len(fields) != 2 or fields[0] not in KINDS or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'kind<TAB>regular expression', kind one of {', '.join(KINDS)}")
        try:
            found[fields[0]].append(re.compile(fields[1], flags))
        except re.error as error:
            raise DataFileError(f"{path}:{number}: not a regular expression: {error}") from error
    return QuestionCues(
        tuple(found["other"]), tuple(found["city"]), tuple(found["how"]), tuple(found["city_verb"]), tuple(found["business"]),
        tuple(found["state"]), tuple(found["act"]), tuple(found["city_thing"]), tuple(found["office_form"]),
    )  # fmt: skip


@lru_cache(maxsize=1)
def default_question_cues() -> QuestionCues:
    return load_question_cues()


def translated_cues_file(language: str) -> Path:
    """A translated language's own cues (faq_corpus/translations/en/other_questions.tsv): the
    Japanese ones read Japanese words, and an English near miss (「where to buy dog food
    cheap」) says what it asks in English words."""
    return CORPUS_DIR / "translations" / language / OTHER_QUESTIONS_FILE.name


@cache
def translated_question_cues(language: str) -> Optional[QuestionCues]:
    """That language's cues, matched regardless of case; None when it has no file."""
    path = translated_cues_file(language)
    return load_question_cues(path, re.IGNORECASE) if path.exists() else None
