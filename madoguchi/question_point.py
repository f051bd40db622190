"""What a long, polite question asks: its point, without the story and the courtesies.

「いつもお世話になっております。孫の予防注射のことなのですが、娘夫婦が共働きで平日は連れて
行けないそうです。祖母の私が連れて行っても大丈夫でしょうか。」 asks whether a grandmother may
take the child to its vaccination; the greeting and the story match no answer and spread the
classifier's and retrieval's scores thin. The point is found in three steps:

1. sentences and clauses (cut at 。！？ and 、); sentences made only of courtesies
   (お世話になります, ありがとうございます) are left out, and a pivot (ところで, 実は) opens the
   part where the point is looked for;
2. the asking clauses (the last two that ask, the clause before ending in が, and a topic
   clause right before one: 「赤ちゃんの健診は、こちらから申し込まなければ…」, or a thing
   coordinated with one: 「証明書の種類と、使い方を教えて」);
3. their subject: the clause that names what the question is about. The subject clause
   (「…のことなのですが」) names it when a noun of its own does (「孫のことで」 names none); an
   asking clause names it when Sudachi finds a noun in it that is neither generic (こと, 場合,
   市, 窓口, the story's people) nor pointed at (「その検査」); otherwise the clauses before
   are taken, nearest first, up to the one that names something (「母子家庭になったら、市で
   どんな手助けを受けられるのでしょうか」); a wish a few clauses back that names it comes
   first, the clauses between are its circumstances (「マイナンバーカードを作らせたいのですが、
   本人は外出が難しい状態です。申請はどのようにすれば」).

The words are plain data: faq_corpus/question_point_words.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

from madoguchi.japanese import Analyzer, DataFileError, Morph, data_lines, default_analyzer
from madoguchi.paths import CORPUS_DIR

QUESTION_POINT_WORDS_FILE = CORPUS_DIR / "question_point_words.tsv"
KINDS = ("courtesy", "pivot", "pointing", "referring", "generic", "bridge", "topic_ending", "coordinate")

# A sentence that asks: the point of a long question with a story before it.
# どう asks (どうすれば, どうしたら) except where it is the tail of another word read across
# a word boundary: 「ちょうど|うちの前に」, 「じどう」 (児童 typed in kana).
_ASKING = re.compile(
    r"[か？?]$|教えて|知りたい|ください|ますか|でしょうか|いいの|ですか|たい$|可能|できる|(?<!ちょう)(?<!じ)どう"
)
# 「孫の予防注射のことなのですが、…」: the clause that names the subject. Tried from the start of
# a clause only (the lookbehind): tried from every character, a 10,000-character message with
# no 、 took 2 s per reading (each start scanned to the end), and the Rasa server answered
# no one else meanwhile. The first match, the one used, is the same.
_SUBJECT_CLAUSE = re.compile(
    r"(?<![^。！？!?\n、])[^。！？!?\n、]*?(?:のことな?んですが|のことなのですが|についてですが|のことで(?!は)|について(?!で?は)|の件な?ので?す?が|の件で(?!は))"
)
# 「家電のリサイクルのことではないのですが、こういうのはどこに知らせれば」: a clause that ends
# denying its noun says what the question is not about; it is never the point's subject.
_DENIES = re.compile(
    r"(?:では|じゃ)(?:ない|なく|ありません|ございません)(?:ん|の)?(?:です|でございます)?(?:が|けど|けれど|けれども)?$"
)
# 「東京の区役所で転出の手続きはしてきたのですが、こちらではまず何をすれば」: a clause that says a
# procedure is done is the story, what is asked comes after it; it is never the point's subject.
# 「転入届は出したのですが、」 too: 出し and 届け only with their た (「呼び出しですが」 is no step done).
# 「年金の手続きは年金事務所で済ませてまいりましたが、」: a done word with てきた / てまいった too.
_DONE = re.compile(
    r"(?:(?:(?:済ませ|済まし|済ん|済み|終わっ|終わり|終え)(?:て(?:き|まいり))?|して(?:き|まいり)|出して(?:き|まいり))(?:まし)?[たで]?"
    r"|(?:出し|届け)(?:まし)?た)"
    r"(?:いる|おります)?(?:ん|の)?(?:です|でございます)?(?:が|けど|けれど|けれども)$"
    # 「乳幼児健診は先日無事に終わりまして、」
    r"|(?:済ませ|済まし|終わり|終え|出し|届け)まして$"
)
# 「転入届は先週出しました。」: a sentence that ends saying a step is done (tells_done_step).
_DONE_SENTENCE = re.compile(r"(?:済ませ|済まし|終わり|終え|出して(?:き|まいり)|出し|届け)(?:まし)?た[。．.!！]?$")
# 「先月こちらに越してきたのですが、」: the move is the story's setting, no procedure done
_MOVED = re.compile(r"越して(?:き|まいり)")
# An asking clause that has lost its subject: it opens with a question word or a word that
# points back (「どんなものを用意すれば」「何を持って行けば」「こちらの市で出しても」「いくらで取れる
# のでしょうか」 after 「住民票はどこで、」), or is too short
# to name one (「料金を教えてください」). Its subject is in the clause before it, or at the
# start of its sentence, in the sentence before (「…市の保険に切り替える手続きが必要になると
# 聞きました。何を持って行けばよいか」).
_NO_SUBJECT = re.compile(
    r"^(?:何|なに|なん|どう|どこ|どの|どんな|どれ|どちら|いつ|いくら|幾ら|誰(?!か)|だれ(?!か)|こちら|そちら|ところで)"
)
_SHORT_CLAUSE = 12
# 「マイナンバーカードを作らせたいのですが、本人は外出が難しい状態です。申請はどのようにすれば」:
# a clause that says what the resident wants (〜たいのですが) names what a later asking clause that
# lost its subject asks about; the clauses between are its circumstances
_WISH = re.compile(
    r"たい(?:と(?:思|考)(?:って|え?て)(?:いる|おり|い)(?:ます)?)?(?:ん|の)(?:です|でございます)?(?:が|けど|けれど|けれども)$"
)
# how far back a wish is looked for, in clauses
_WISH_REACH = 3
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_PUNCTUATION = re.compile(r"[\s、。，．,.！？!?…・「」『』（）()ー〜~]+")
# a number or a counter names nothing (三回, 2026年)
_NUMBER = re.compile(r"^[0-9０-９一二三四五六七八九十百千万〇]+$")
# the words that may name a subject when the entries' words tell which do
_SPECIFIC_POS = ("名詞", "動詞", "形容詞", "形状詞")
# how far back the subject is looked for, in clauses
_SUBJECT_REACH = 1
# a pointing word makes the nouns this many words after it pointed at (「その大きな検査」)
_POINTING_SPAN = 3


@dataclass(frozen=True)
class PointWords:
    courtesy: Sequence[str]
    pivot: FrozenSet[str]
    pointing: FrozenSet[str]
    generic: FrozenSet[str]
    referring: FrozenSet[str] = frozenset()
    bridge: FrozenSet[str] = frozenset()
    topic_ending: Tuple[str, ...] = ()
    coordinate: FrozenSet[str] = frozenset()


def load_point_words(path: Path = QUESTION_POINT_WORDS_FILE) -> PointWords:
    words: Dict[str, List[str]] = {kind: [] for kind in KINDS}
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'kind<TAB>word', got {len(fields)} field(s)")
        if fields[0] not in words:
            raise DataFileError(f"{path}:{number}: unknown kind '{fields[0]}' (one of {', '.join(KINDS)})")
        words[fields[0]].append(fields[1])
    # longest first: 「いつもお世話になっております」 before 「お世話になっております」
    courtesy = sorted(set(words["courtesy"]), key=len, reverse=True)
    return PointWords(
        courtesy,
        frozenset(words["pivot"]),
        frozenset(words["pointing"]),
        frozenset(words["generic"]),
        frozenset(words["referring"]),
        frozenset(words["bridge"]),
        tuple(words["topic_ending"]),
        frozenset(words["coordinate"]),
    )


@lru_cache(maxsize=1)
def default_point_words() -> PointWords:
    return load_point_words()


def is_courtesy(sentence: str, words: Optional[PointWords] = None) -> bool:
    """The sentence (or clause) is only courtesies: 「いつもお世話になっております。」"""
    words = words or default_point_words()
    rest = sentence
    for phrase in words.courtesy:
        rest = rest.replace(phrase, "")
    return bool(sentence.strip()) and not _PUNCTUATION.sub("", rest)


# Whether a noun's normalized form names a subject of the answers (retrieval: a word few
# entries have); without one, any noun that is not generic does.
Specific = Callable[[str], bool]


def names_subject(
    clause: str, words: Optional[PointWords] = None, analyzer: Optional[Analyzer] = None,
    specific: Optional[Specific] = None, verbs: bool = False,
) -> bool:  # fmt: skip
    """The clause has a noun that says what it is about: not generic, not a number, not
    pointed at by a word before it (「その検査」 points back to the clause that said which),
    and when `specific` is given, one it accepts (a story's 山 or 頭 names no answer). With
    `verbs` and `specific`, a verb or adjective it accepts names it too (「引き取ってもらえる」)."""
    words = words or default_point_words()
    morphs = (analyzer or default_analyzer()).morphs(clause)
    kinds = _SPECIFIC_POS if verbs and specific is not None else ("名詞",)
    return any(morphs[n].pos in kinds and _names(morphs, n, words, specific) for n in range(len(morphs)))


def _names(morphs: Sequence[Morph], n: int, words: PointWords, specific: Optional[Specific]) -> bool:
    morph = morphs[n]
    if _NUMBER.match(morph.surface) or {morph.surface, morph.lemma} & words.generic:
        return False
    if n > 0 and _NUMBER.match(morphs[n - 1].surface):
        return False  # a counter: 三回, 二人
    if specific is not None and not specific(morph.lemma):
        return False
    return not _pointed_at(morphs, n, words)


def _pointed_at(morphs: Sequence[Morph], n: int, words: PointWords) -> bool:
    """A pointing word a few words before the noun, no other noun between, makes it name
    nothing by itself (「その検査」「こうしたもの」). A pointing pronoun followed by a particle
    other than の is a place, not a pointer (「こちらで国民健康保険に入りたい」: こちら is this
    city, and 国民健康保険 names the subject)."""
    start = max(0, n - _POINTING_SPAN)
    for i in range(start, n):
        if not {morphs[i].surface, morphs[i].lemma} & words.pointing:
            continue
        after = morphs[i + 1]
        if after.pos == "助詞" and after.surface != "の":
            continue
        if not any(m.pos == "名詞" for m in morphs[i + 1 : n]):
            return True
    return False


def points_back(text: str, words: Optional[PointWords] = None, analyzer: Optional[Analyzer] = None) -> bool:
    """The text has a noun pointed at (「その日は日曜日なのですが」) or a word that stands for
    something said before (「これだけ出しても」): what it asks about was said before it, so read
    alone it may name another topic than the question's."""
    words = words or default_point_words()
    morphs = (analyzer or default_analyzer()).morphs(text)
    if any({m.surface, m.lemma} & words.referring for m in morphs):
        return True
    return any(m.pos == "名詞" and _pointed_at(morphs, n, words) for n, m in enumerate(morphs))


def names_own_subject(point: str, words: Optional[PointWords] = None, analyzer: Optional[Analyzer] = None) -> bool:
    """The point says by itself what it asks about: a noun that names a subject, and nothing
    that points back into the story. 「古い洗濯機を正しく処分するには」 does; 「二歳の娘を見ていただける
    ところは」 (the story's people, generic words) and 「一度にこれだけ出しても」 do not: read alone,
    their generic words find some topic, which says nothing against the whole question's."""
    return names_subject(point, words, analyzer) and not points_back(point, words, analyzer)


def question_point(
    text: str, words: Optional[PointWords] = None, analyzer: Optional[Analyzer] = None, specific: Optional[Specific] = None,
    across_sentences: bool = True,
) -> str:  # fmt: skip
    """What a long question asks: its subject clause and its asking clauses.

    「孫の予防注射のことなのですが、娘夫婦が共働きで…。祖母の私が連れて行ってもいいですか」
    → 「孫の予防注射のことなのですが 祖母の私が連れて行ってもいいですか」. A short question is
    its own point. Without `across_sentences` a subject is looked for in the asking clauses'
    own sentence only (「銀行で勧められた個人年金保険は、入ったほうがいいものでしょうか」), never
    in the story's sentences before it."""
    words = words or default_point_words()
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    if len(sentences) < 2 and len(text) < 50:
        return text
    sentences = _from_pivot([s for s in sentences if not is_courtesy(s, words)], words) or sentences
    # 「孫のことで」「まずは市役所に出す届けについて」 name no subject: the asking clauses are read for one
    subject = [m.group(0) for m in _SUBJECT_CLAUSE.finditer("".join(sentences))][:1]
    subject = [clause for clause in subject if names_subject(clause, words, analyzer, specific)]
    clauses = [c for s in sentences for c in s.split("、") if c.strip() and not is_courtesy(c, words)]
    # the sentence each clause is in, by its number
    sentence_of = [n for n, s in enumerate(sentences) for c in s.split("、") if c.strip() and not is_courtesy(c, words)]
    asking = _across_bridge(clauses, [n for n, c in enumerate(clauses) if asks(c)][-2:], words)
    if asking and asking[0] > 0 and clauses[asking[0] - 1].endswith("が"):
        asking.insert(0, asking[0] - 1)  # 「古いタンスが出てきたのですが、これは何ごみ？」
    asking = _with_topic_clauses(clauses, asking, words, analyzer)
    # 「…取りに行く場合、どんなものを用意すれば」: the clause before names what the last asks about,
    # unless the subject clause does (「三歳の健康診査について伺います。…前の市では受ける前に引っ越し
    # ました。こちらで受けることはできますか」: the clause before is the story)
    lost = [n - 1 for n in asking[-1:] if n > 0 and not subject and _lost_subject(clauses[n])]
    chosen = sorted(set(asking) | set(lost))
    chosen = [n for n in chosen if not _story_clause(clauses[n]) and not _is_bridge(clauses[n], words)] or chosen
    if chosen and not subject:
        # the first clause the subject may be looked for in
        first = 0 if across_sentences else sentence_of.index(sentence_of[chosen[0]])
        chosen = _with_subject(clauses, chosen, words, analyzer, specific, first)
    point = " ".join(dict.fromkeys(subject + [clauses[n] for n in chosen]))
    return point or text


def asks(clause: str) -> bool:
    """Whether a clause asks something: 「どうすればいいですか」 does, 「ちょうどうちの玄関の前にあって」 does not."""
    return bool(_ASKING.search(clause.rstrip("。．.!！ ")))


def _with_topic_clauses(
    clauses: List[str], asking: List[int], words: PointWords, analyzer: Optional[Analyzer] = None
) -> List[int]:
    """The asking clauses, and a topic clause right before one (a `topic_ending` word ends it):
    「四か月ごろにあるという赤ちゃんの健診は、こちらから申し込まなければいけないのでしょうか」
    asks about the 健診 its topic clause names; and a noun coordinated with the asking clause's
    (「コンビニで取れる証明書の種類と、使い方を教えていただけますか」: the first of two things asked)."""
    before = {n - 1 for n in asking if n > 0 and n - 1 not in asking}
    topics = {n for n in before if clauses[n].endswith(words.topic_ending) or _coordinated(clauses[n], words, analyzer)}
    return sorted(set(asking) | topics)


def _coordinated(clause: str, words: PointWords, analyzer: Optional[Analyzer] = None) -> bool:
    """The clause ends with a noun and a `coordinate` particle (「証明書の種類と」「持ち込みの受付時間と」):
    it names the first of the things the next clause asks. A verb's と is a condition or a quote
    (「母子手帳を見ると」「出さないといけないと」), a pronoun's a bridge (「それと」): neither names a thing."""
    morphs = (analyzer or default_analyzer()).morphs(clause.strip())
    if len(morphs) < 2 or {morphs[-1].surface} - words.coordinate:
        return False
    return morphs[-1].pos == "助詞" and morphs[-2].pos in ("名詞", "接尾辞")


def _across_bridge(clauses: List[str], asking: List[int], words: PointWords) -> List[int]:
    """The asking clauses, and the clause before a bridge that stands between it and them
    (「…子どもの手当は息子の口座に振り込まれていたのですが、この場合、受け取る人を嫁に変えたほうが
    よいのでしょうか」: 「この場合」 is the clause before, which names the subject). The bridge
    itself names nothing and is left out."""
    bridged = [n - 2 for n in asking if n >= 2 and _is_bridge(clauses[n - 1], words)]
    return sorted(set(asking) | set(bridged))


def _is_bridge(clause: str, words: PointWords) -> bool:
    """The clause is only a bridge word (「その場合、」): it stands for the clause before it."""
    return _PUNCTUATION.sub("", clause) in words.bridge


def _from_pivot(sentences: List[str], words: PointWords) -> List[str]:
    """The sentences from the last one that opens with a pivot (「ところで、」), its pivot cut."""
    for n in range(len(sentences) - 1, 0, -1):
        head, _, rest = sentences[n].partition("、")
        if head in words.pivot and rest:
            return [rest] + sentences[n + 1 :]
    return sentences


def _with_subject(
    clauses: List[str], chosen: List[int], words: PointWords, analyzer: Optional[Analyzer], specific: Optional[Specific],
    earliest: int = 0,
) -> List[int]:  # fmt: skip
    """The chosen clauses, and when none of them names a subject, the wish before them that
    names one (_wish_before), else the clause before them that names one with a noun (at most
    _SUBJECT_REACH back: a story's verbs 頼れる, 回らない say nothing about what is asked)."""
    if any(names_subject(clauses[n], words, analyzer, specific, verbs=True) for n in chosen):
        return chosen
    first = chosen[0]
    wish = _wish_before(clauses, first, earliest, words, analyzer, specific)
    if wish is not None:
        return [wish] + chosen
    for back in range(first - 1, max(earliest - 1, first - 1 - _SUBJECT_REACH), -1):
        if not _story_clause(clauses[back]) and names_subject(clauses[back], words, analyzer, specific):
            return [back] + chosen  # the clauses between named nothing
    return chosen


def _wish_before(
    clauses: List[str], first: int, earliest: int, words: PointWords, analyzer: Optional[Analyzer],
    specific: Optional[Specific],
) -> Optional[int]:  # fmt: skip
    """The nearest clause before `first` (at most _WISH_REACH back, not before `earliest`) that says
    what the resident wants and names it (「マイナンバーカードを作らせたいのですが」), or None."""
    for back in range(first - 1, max(earliest - 1, first - 1 - _WISH_REACH), -1):
        clause = clauses[back].rstrip("。．.!！ ")
        if _WISH.search(clause) and names_subject(clause, words, analyzer, specific):
            return back
    return None


def _story_clause(clause: str) -> bool:
    """The clause denies its noun or says its procedure is done: it is not what is asked."""
    return bool(_DENIES.search(clause) or _DONE.search(clause))


def tells_done_step(text: str) -> bool:
    """The question's story says a step is done: 「夫の転勤で転入してきて、転入届は出したのですが、
    上の子の児童手当のことはまだ何もしていません。…改めて申請が必要でしょうか」. What is done is not
    what is asked, so a classifier sure of the story's procedure (転入) says little about it."""
    sentences = [s.strip() for s in _SENTENCE.findall(text)]
    clauses = (c.strip() for s in sentences for c in s.split("、"))
    done = [c for c in clauses if _DONE.search(c)] + [s for s in sentences if _DONE_SENTENCE.search(s)]
    return any(not _MOVED.search(c) for c in done)


def _lost_subject(clause: str) -> bool:
    """The clause asks without naming what about (its subject is in the clause before)."""
    return bool(_NO_SUBJECT.match(clause)) or len(clause.rstrip("。．.!！？? ")) < _SHORT_CLAUSE
