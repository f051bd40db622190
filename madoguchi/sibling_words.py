"""A sibling entry's word: the question names something the best entry does not, and a close
entry does. Then the assistant is not sure which of them is asked.

A city's FAQ list comes in families: entries on one subject (住民票の写し: where, fee, by post,
by proxy …) and one aspect across subjects (… by post: 住民票, 戸籍謄本, 印鑑登録証明書). A
resident's question names a subject and an aspect, and retrieval may rank first an entry
that shares the aspect but not the subject (「家族が代わりに身分証明書を取れますか」 → the entry
on a family member taking a *tax* certificate) or the subject but not the aspect
(「郵送で転出届」 → the entry on moving out *online*), with a confidence that looks sure. When
the best entry lacks one of the question's nouns and one of the next entries has it, the
assistant shows the candidates instead of answering (bot.nlu.faq_fallback).

Nouns only: verbs and adjectives (取る, できる, 必要) are said in too many ways to be missed.
A noun in no entry at all says nothing about which entry is meant, nor does one that many
entries have (こと, 市役所): neither counts.

A word typed in hiragana on its own (「いんかん とうろくしたい」「ひかぜいしょうめい ほしい」) is
often no noun to Sudachi, which cuts it into whatever words it knows (いん + かん, ひ + か + ぜ
+ いしょう): the question then names nothing, and its one clear word (登録, ほしい) finds the
entry that shares it (犬の登録, 身分証明書がほしい) with a sure-looking confidence. Such a word
is compared by its reading instead (`kana_words`, `kana_sibling_words`): the best entry's
question does not read インカン (every character pair of it, in the index's reading channel),
and a close one (印鑑登録の手続き) does. A word that ends
as a predicate (ほしい, かりたい, とうろくしたい) asks the act, not the thing, and does not
count; nor does one in no entry's reading, or in many.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Collection, FrozenSet, Iterable, List, Mapping, Sequence

from madoguchi.japanese import Morph

# Sudachi's (UniDic's) first part of speech for nouns and pronouns (どこ, いつ: the aspect)
NOUN_POS = ("名詞", "代名詞")
# a word typed in hiragana between spaces (three kana at least: two match too much by chance)
_KANA_WORD = re.compile(r"[ぁ-ゖー]{3,}")
# Sudachi's parts of speech that end a predicate (ほしい, したい, こわれてる): the act asked
PREDICATE_POS = ("動詞", "形容詞", "助動詞")
# where bot.nlu.faq_retrieval writes them in a message, for bot.nlu.faq_fallback
SIBLING_WORDS = "sibling_words"


def nouns(morphs: Sequence[Morph]) -> List[str]:
    """The normalized forms of the nouns and pronouns, in order, once each."""
    return list(dict.fromkeys(m.lemma for m in morphs if m.pos.startswith(NOUN_POS) and m.surface.strip()))


def common_nouns(entry_nouns: Mapping[str, FrozenSet[str]], share: float) -> FrozenSet[str]:
    """The nouns of more than this share of the entries."""
    counts = Counter(word for words in entry_nouns.values() for word in words)
    return frozenset(word for word, count in counts.items() if count > share * len(entry_nouns))


def sibling_words(
    question: Iterable[str],
    best: str,
    others: Sequence[str],
    entry_nouns: Mapping[str, FrozenSet[str]],
    common: FrozenSet[str] = frozenset(),
) -> List[str]:
    """The question's nouns (but the common ones) that the best entry lacks and one of the
    other entries has."""
    best_nouns = entry_nouns.get(best, frozenset())
    others_nouns = [entry_nouns[label] for label in others if label in entry_nouns]
    missing = [word for word in question if word not in common and word not in best_nouns]
    return [word for word in missing if any(word in words for words in others_nouns)]


def as_katakana(kana: str) -> str:
    """Hiragana as katakana, as Sudachi writes readings: 「いんかん」 → 「インカン」."""
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)


def kana_words(text: str, morphs: Sequence[Morph]) -> List[str]:
    """The question's words typed in hiragana between spaces that name a thing, as katakana
    readings, given the question's morphemes (Sudachi reads a chunk better in its sentence:
    「くるまいす」 alone is くる + まい + す, in 「くるまいす かりたい」 くるま + いす):
    「いんかん とうろくしたい」 → ["インカン"] (とうろくしたい ends as a predicate)."""
    words = []
    for chunk in re.finditer(r"\S+", text):
        if not _KANA_WORD.fullmatch(chunk.group()):
            continue
        last = [m for m in morphs if chunk.start() < m.end <= chunk.end()]
        if last and not last[-1].pos.startswith(PREDICATE_POS):
            words.append(as_katakana(chunk.group()))
    return list(dict.fromkeys(words))


def kana_sibling_words(
    readers: Mapping[str, Collection[str]], best: str, others: Sequence[str], entries: int, share: float
) -> List[str]:
    """The kana words (`kana_words`, each with the entries whose questions read it) that the
    best entry does not read and one of the other entries does, but those that more than this
    share of the entries read."""
    found = []
    for word, labels in readers.items():
        if best in labels or not any(label in labels for label in others):
            continue
        if len(labels) <= share * entries:
            found.append(word)
    return found
