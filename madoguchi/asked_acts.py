"""The act a question asks about, judged against the acts the city's own questions ask (issue 13).

A near miss names a topic's thing and asks another act about it: 「課税証明書を出したら住宅ローン
って何年で組める？」 asks whether a loan can be taken out (組む), 「児童手当の所得制限って誰が撤廃
したの？」 who abolished it (撤廃), 「婚姻届を出した日に何を食べるのが定番？」 what to eat. The
classifier and retrieval match what it *names* and are sure of the topic. What it asks shows in
its last predicate: the corpus's own questions, thousands of them, ask a few hundred acts (出す,
取る, もらう, 申請, 開く …), learned from them at training (bot/nlu/asked_act_refusal.py), so
the judgement reaches words no cue list names (faq_corpus/other_questions.tsv lists cues).

The act is the question's last predicate: a verb or an adjective (the verb a helper verb
follows: 引き落として<いただく> → 引き落とす), or the noun of a noun and する (撤廃した →
撤廃). Earlier predicates are the question's circumstances (「課税証明書を<出し>たら」), often
the city's acts themselves. A compound verb whose last part is a known act is known
(写しとる → 写し取る: 取る). In a question with kanji only a predicate written with a kanji or
katakana counts: Sudachi misreads dialect verbs (「出しゃあええんじゃろうか」 → 淡い), and the
question is first made standard (faq_corpus/resident_spellings.tsv). A kana-only question's act
counts when Sudachi found it as a whole spaced word and no known act's reading is in the
question (「ねんきん ふやす ほうほう」: 増やす; 「もうしこみかた」 holds もうしこ(む)). A question with a `city`
cue (申請, 窓口, 手数料 …) or whose act is a listed `city_verb` asks the city's procedure.

Who acts counts too: an asking clause put to a business (a `business` cue: 「…会社で何出す？」
「携帯の住所変更もいる？」「冷蔵庫 中古 買取」「ゴミ屋敷 片付け業者」) asks the business's
procedure or goods, whatever its act, unless the question has a city cue (「指定袋はどこのお店
で売ってる？」 asks where the city's bags are sold).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, List, Optional, Sequence, Set, Tuple

import jaconv

from madoguchi.colloquial_acts import standard_act
from madoguchi.japanese import Analyzer, Morph, SpellingRule, default_analyzer, load_spelling_rules, respell
from madoguchi.other_questions import _HELPER_VERBS, _SURU, QuestionCues, asked_act, default_question_cues
from madoguchi.paths import CORPUS_DIR
from madoguchi.question_point import question_point

RESIDENT_SPELLINGS_FILE = CORPUS_DIR / "resident_spellings.tsv"
_PREDICATES = ("動詞", "形容詞")
# verbs that only help the verb before their て (入れて<おく>, 開いて<いる>): they name no act
_HELPERS = _HELPER_VERBS | {"居る", "いる"}
# 「何を食べればいい？」「出したらいい？」: いい after a condition judges the act before it
_EVALUATIVE = frozenset({"良い", "いい", "よい"})
_CONDITION = re.compile(r"(れ?ば|たら|ても|ては|て|のが|ほうが|方が)")
# a predicate written in hiragana only is not judged: Sudachi misreads dialect and kana
_HIRAGANA_ONLY = re.compile(r"[\u3041-\u309fー]+")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
# a why-question asks a reason, which no act of the city's answers: 「なぜごみは分別するの」
# 「なんで週2回なの」「保育士の給料って低いのなんで？」. なんで after a noun is a copula
# (「入院中なんで」), どうしても and どうしてる ask no reason, and 何で is also "by what"
# (「保育料って何で決まるん」, a city question)
_WHY = re.compile(r"なぜ|(?<![\u4e00-\u9fffァ-ヶー])なんで(?!す|しょ)|どうして(?![もるたいま])")
WHY = "なぜ"
# a past: the why of what happened to the resident (「保育料が変わったのはなぜ」)
_PAST = "た"
# a negative after the asked act (来ない, 還らないん, くれへん)
_NEGATIVE = frozenset({"ない", "ぬ", "ず", "へん", "ひん"})
_PASSIVE = frozenset({"れる", "られる"})
# an act done to or for the resident (回収されない, 持っていってくれない): someone's duty
_DONE_TO = _PASSIVE | frozenset({"呉れる", "くれる", "貰う", "もらう", "頂く", "いただく"})
# what may follow the asked act inside its predicate (し・て・い・ない …)
_PREDICATE_TAIL = frozenset({"助動詞", "動詞", "形容詞", "接尾辞"})
# the asking clause: the text after the last punctuation or conditional (「転出届を出したら、携帯の…」)
_CLAUSE_BREAK = re.compile(r"[、。,，!！?？]+|たら|けど|ので|のに|(?<=[たてだ])から")
# a must is no negative: 「どうして分別しなきゃいけないの」「なんで分けなあかんの」
_OBLIGATION = re.compile(r"な(きゃ|くては|くちゃ|ければ|いと)(いけ|なら|だめ|ダメ|あかん)|なあかん|ねばなら")
# 持ち込め増すか: an IME's 増す for the polite ます right after a verb
_MASU_TYPO = "増す"


def predicates(morphs: Sequence[Morph]) -> List[Morph]:
    """The morphemes that name the acts of a text, in order, each with the act as its lemma
    (a noun and する as the noun, a helper verb as the verb it helps, a colloquial word as the
    act it stands for: 始末した → 処分); helper verbs alone (行く, 見る as main verbs) name no
    act."""
    found: List[Morph] = []
    for index, morph in enumerate(morphs):
        if morph.pos not in _PREDICATES:
            continue
        before = morphs[index - 1] if index >= 1 else None
        if morph.pos == "動詞" and morph.lemma in _SURU and before is not None and before.pos == "名詞":
            # 撤廃した: the act is the noun; a single kanji is a mistyped compound Sudachi cut
            # apart (可入したい → 可 · 入: 加入), no act (madoguchi/kanji_typos.py)
            if len(before.surface) > 1:
                found.append(replace(before, lemma=standard_act(before.lemma)))  # 始末 → 処分
            continue
        helped = index >= 2 and before is not None and before.surface in ("て", "で") and morphs[index - 2].pos == "動詞"
        if morph.lemma in _HELPERS and helped:
            continue  # its act, the verb before, is listed already
        if morph.lemma == _MASU_TYPO and before is not None and before.pos == "動詞" and before.end == morph.begin:
            continue  # 持ち込め増すか: the polite ます an IME wrote 増す; its act is the verb before
        act = asked_act(morphs, index) if morph.pos == "動詞" else morph.lemma
        if act is not None:
            found.append(Morph(morph.surface, morph.begin, morph.end, act, morph.reading, morph.pos))
    return found


def asked(found: Sequence[Morph], text: str) -> Optional[Morph]:
    """The predicate a question asks about: its last, or the one before an evaluative いい
    that judges it (「何を食べればいい？」: 食べる)."""
    if not found:
        return None
    last = found[-1]
    if last.lemma in _EVALUATIVE and len(found) > 1 and _CONDITION.fullmatch(text[found[-2].end : last.begin]):
        return found[-2]
    return last


def known_acts(questions: Iterable[str], analyzer: Optional[Analyzer] = None) -> Set[str]:
    """Every act the city's own questions name (any of their predicates)."""
    analyzer = analyzer or default_analyzer()
    return {p.lemma for question in questions for p in predicates(analyzer.morphs(question))}


class AskedActs:
    """Tells a question whose asked act the city's questions never ask."""

    def __init__(
        self,
        known: Set[str],
        cues: Optional[QuestionCues] = None,
        spellings: Sequence[SpellingRule] = (),
        analyzer: Optional[Analyzer] = None,
    ) -> None:
        self.known = known
        self._cues = cues or default_question_cues()
        self._spellings = list(spellings)
        self._analyzer = analyzer or default_analyzer()
        self._readings: Optional[Set[str]] = None  # the known acts' readings, made when first asked
        self._kana: Optional[Tuple[Set[str], Set[str]]] = None  # their kana readings and stems

    def other_act(self, text: str) -> Optional[str]:
        """The act the question asks when the city's questions never ask it, else None."""
        point = question_point(respell(text, self._spellings))
        # the city's procedure words (`act`: 申請, 手続, 窓口, 期限) keep it as its services do
        if any(p.search(point) for p in self._cues.city + self._cues.acts):
            return None
        morphs = self._analyzer.morphs(point)
        act = asked(predicates(morphs), point)
        # a why-question is judged in kana too: its why word and negatives read right
        if _WHY.search(point) and not self._why_of_the_city(point, morphs, act):
            return WHY
        if not _KANJI.search(point):
            return self._kana_act(point, act)
        business = self.business(point)
        if business is not None:
            return business
        if act is None or _HIRAGANA_ONLY.fullmatch(act.surface):
            return None
        return None if self._is_known(act.lemma) or self._mistyped_compound(morphs, act) else act.lemma

    def business(self, point: str) -> Optional[str]:
        """The business the asking clause is put to (「…会社で何出す」), if any."""
        clause = next((part for part in reversed(_CLAUSE_BREAK.split(point)) if part.strip()), "")
        return next((m.group(1) for p in self._cues.business for m in [p.search(clause)] if m), None)

    def _kana_act(self, point: str, act: Optional[Morph]) -> Optional[str]:
        """A kana-only question's act, when it is surely none of the city's: a verb or adjective
        Sudachi found as a whole spaced word (「ねんきん ふやす ほうほう」: 増やす; a verb inside a
        word is a misreading: 「さんさいじけんしん」 → 為さる), and no known act's reading in the
        question (「もうしこみかた」 holds もうしこ(む) wherever Sudachi cut it)."""
        if act is None or act.pos == "名詞" or len(act.surface) < 2:
            return None
        if act.begin > 0 and not point[act.begin - 1].isspace():
            return None
        readings, stems = self._kana_readings()
        if self._is_known(act.lemma) or jaconv.kata2hira(self._reading(act.lemma)) in readings:
            return None  # 「うつしたい」: Sudachi's うつす reads as the known 移す
        flat = jaconv.kata2hira(re.sub(r"\s", "", point))
        return None if any(stem in flat for stem in stems) else act.lemma

    def _kana_readings(self) -> Tuple[Set[str], Set[str]]:
        """The known acts' readings in hiragana, and their stems: a verb's without its last kana
        (もうしこ for 申し込む, to meet 申し込み too), three kana at least (shorter ones are in
        many words)."""
        if self._kana is None:
            readings, stems = set(), set()
            for known in self.known:
                morphs = self._analyzer.morphs(known)
                reading = jaconv.kata2hira("".join(m.reading for m in morphs))
                readings.add(reading)
                stem = reading[:-1] if morphs and morphs[-1].pos == "動詞" else reading
                if len(stem) >= 3:
                    stems.add(stem)
            self._kana = (readings, stems)
        return self._kana

    def _why_of_the_city(self, point: str, morphs: Sequence[Morph], act: Optional[Morph]) -> bool:
        """A why-question the city answers: why something happened to the resident (a past or
        a negative: 「保育料が変わったのはなぜ」「なんで回収されてないの」), or why the resident
        does or must do one of the city's acts (「端子にテープを貼るのはなぜ」「なんで分けなあか
        んの」), not done to them (「なんでこんなに取られるん」)."""
        must = _OBLIGATION.search(point)
        if must:  # the act is the one before the must (分別し<なきゃいけない>), no negative
            morphs = self._analyzer.morphs(point[: must.start()])
            act = asked(predicates(morphs), point[: must.start()])
        elif any(m.pos == "助動詞" and m.lemma == _PAST for m in morphs):
            return True
        if act is None:
            return False
        tail = _tail(morphs, act)
        city_verb = act.pos == "動詞" and any(p.fullmatch(act.lemma) for p in self._cues.city_verbs)
        if not must and any(m.lemma in _NEGATIVE for m in tail):
            # 「なんで回収されてないの」「なんで来ないの」: a city act not done; 「なんで燃えないの」
            # 「なんで土に還らないん」: a thing's nature, no act of the city's
            return city_verb or act.pos == "名詞" or any(m.lemma in _DONE_TO for m in tail)
        return city_verb and not (tail and tail[0].lemma in _PASSIVE)

    def _mistyped_compound(self, morphs: Sequence[Morph], act: Morph) -> bool:
        """A compound verb whose second part the IME wrote with another kanji (持ち混む for
        持ち込む): Sudachi cuts it in two verbs, and the two read together as a known act."""
        before = next((m for m in morphs if m.end == act.begin), None)
        if before is None or before.pos != "動詞" or act.pos != "動詞":
            return False
        return before.reading + self._reading(act.lemma) in self._known_readings()

    def _reading(self, word: str) -> str:
        return "".join(m.reading for m in self._analyzer.morphs(word))

    def _known_readings(self) -> Set[str]:
        if self._readings is None:
            self._readings = {self._reading(act) for act in self.known if len(act) > 2}
        return self._readings

    def _is_known(self, act: str) -> bool:
        if act in self.known or any(p.fullmatch(act) for p in self._cues.city_verbs):
            return True
        # a compound verb by its last part: 写し取る is 取る, 持ち帰る 帰る
        parts = self._analyzer.morphs(act, split_mode="A")
        return len(parts) > 1 and parts[-1].pos == "動詞" and parts[-1].lemma in self.known


def _tail(morphs: Sequence[Morph], act: Morph) -> List[Morph]:
    """The helpers and endings right after the asked act (さ・れ・て・ない), up to the next word."""
    tail: List[Morph] = []
    for morph in (m for m in morphs if m.begin >= act.end):
        if morph.pos not in _PREDICATE_TAIL and morph.surface not in ("て", "で"):
            break
        tail.append(morph)
    return tail


@lru_cache(maxsize=1)
def resident_spellings() -> List[SpellingRule]:
    return load_spelling_rules(RESIDENT_SPELLINGS_FILE)
