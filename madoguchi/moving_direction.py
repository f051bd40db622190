"""Which way a move goes: into the city or out of it (faq_corpus/moving_direction.tsv and
faq_corpus/translations/<language>/moving_direction.tsv).

Moving in and moving out share every word a resident writes about them (move, certificate,
notification, ひっこし, とどけ), and the classifier often puts the wrong one first with
certainty: 「we move to kanagawa in april, do we need some certificate from here first」 was
read as moving in (1.0) and 「とうきょう から ひっこし して きた」 as moving out. What tells them
apart is the direction: moving *to* another place is moving out, coming *from* one is moving
in. Each line of a direction file is a cue and the topic it points to. When the cues of
exactly one topic are found, and the ranking's best is the other topic of the file while the
pointed one is among the best `DIRECTION_DEPTH`, the two change places; the ranking's
confidences stay where they were, as the question is as surely about a move as before.
A question with cues of both directions (「大阪から来て、来月また東京へ引っ越す」) or none is left
as it was.

A cue may name `{place}`: any of the file's `place` lines and of the places residents name in
the language's other_places.tsv (tokyo, kanagawa, another city …), so 「go to city hall」 is no
move to another place while 「transfer to osaka」 is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from madoguchi.japanese import DataFileError, data_lines, without_word_spaces
from madoguchi.languages import JAPANESE
from madoguchi.paths import CORPUS_DIR

DIRECTION_FILE = "moving_direction.tsv"
# the places residents name, shared with the rule on other cities' services
OTHER_PLACES = "other_places.tsv"
# how far down the ranking the topic a cue points to may be and still be put first
DIRECTION_DEPTH = 3


@dataclass(frozen=True)
class DirectionCues:
    """The cues of a language's direction file, each with the topic it points to."""

    cues: Tuple[Tuple[str, "re.Pattern[str]"], ...]

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(topic for topic, _ in self.cues)

    def pointed_topic(self, text: str) -> Optional[str]:
        """The one topic whose cues the text has, or None for both or neither:
        「we move to kanagawa in april」 → procedure/move_out (with the English file)."""
        found = {topic for topic, pattern in self.cues if pattern.search(text)}
        return found.pop() if len(found) == 1 else None


def direction_file(language: str) -> Path:
    """Japanese (and やさしい日本語, which is Japanese text) in the corpus's own folder, the
    other languages beside their translations."""
    if language == JAPANESE:
        return CORPUS_DIR / DIRECTION_FILE
    return CORPUS_DIR / "translations" / language / DIRECTION_FILE


def _place_words(path: Path) -> List[str]:
    """The words of a file's `place` lines (「tokyo|osaka」 → tokyo, osaka); none without the file."""
    if not path.exists():
        return []
    return [word for _, fields in data_lines(path) if fields[0] == "place" for word in fields[1].split("|") if word]


@cache
def direction_cues(language: str) -> Optional[DirectionCues]:
    """The language's direction cues, or None when it has no file."""
    path = direction_file(language)
    if not path.exists():
        return None
    places = _place_words(path) + _place_words(path.with_name(OTHER_PLACES))
    place = "(?:" + "|".join(re.escape(word) for word in sorted(places, key=len, reverse=True)) + ")"
    cues = []
    for number, fields in data_lines(path):
        if fields[0] == "place":
            continue
        if len(fields) != 2 or "/" not in fields[0] or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'topic<TAB>regular expression' or 'place<TAB>words'")
        try:
            cues.append((fields[0], re.compile(fields[1].replace("{place}", place), re.IGNORECASE)))
        except re.error as error:
            raise DataFileError(f"{path}:{number}: not a regular expression: {error}") from error
    return DirectionCues(tuple(cues))


def comparable(text: str, language: str) -> str:
    """The text as the cues are written: NFKC, lowercase, and in Japanese without the spaces
    やさしい日本語 puts between words (「とうきょう から きた」 → 「とうきょうからきた」)."""
    normalized = unicodedata.normalize("NFKC", text).lower()
    return without_word_spaces(normalized) if language == JAPANESE else normalized


def direction_settled(ranking: List[Dict[str, Any]], text: str, language: Optional[str]) -> List[Dict[str, Any]]:
    """The ranking with its best and the topic the direction points to changing places, when
    the best is the other topic of the file and the pointed one is among the best
    `DIRECTION_DEPTH`; else the ranking as it was. Either way, when the best is then the pointed
    topic, the topic the direction rules out goes last (_ruled_out_last).

    >>> ranking = [{"intent": "procedure/move_in", "confidence": 1.0}, {"intent": "procedure/move_out", "confidence": 0.0}]
    >>> [r["intent"] for r in direction_settled(ranking, "we move to kanagawa in april", "en")]
    ['procedure/move_out', 'procedure/move_in']
    """
    cues = direction_cues(language) if language else None
    if cues is None or not ranking or ranking[0]["intent"] not in cues.topics:
        return ranking
    pointed = cues.pointed_topic(comparable(text, language or ""))
    if pointed is None:
        return ranking
    if pointed == ranking[0]["intent"]:
        return _ruled_out_last(ranking, pointed, cues)
    position = next((i for i, r in enumerate(ranking[:DIRECTION_DEPTH]) if r["intent"] == pointed), None)
    if position is None:
        return ranking
    settled = [dict(r) for r in ranking]
    settled[0]["intent"], settled[position]["intent"] = pointed, ranking[0]["intent"]
    return _ruled_out_last(settled, pointed, cues)


def _ruled_out_last(ranking: List[Dict[str, Any]], pointed: str, cues: DirectionCues) -> List[Dict[str, Any]]:
    """The ranking with the file's other topics (those the direction rules out) moved to its end,
    their confidences kept: 「娘の近くで暮らそうとこちらに越してまいりました。…まずは市役所に出す
    届けについて」 ranks moving in 0.31 and moving out 0.16, and the runner-up a long question's
    margin is measured against is the next topic the question may be about, not the one its
    direction rules out (issue 13, polite_long_dev10's tuning half).

    >>> ranking = [{"intent": "procedure/move_in", "confidence": 0.31}, {"intent": "procedure/move_out", "confidence": 0.16},
    ...            {"intent": "childcare/pregnancy_notification", "confidence": 0.08}]
    >>> [r["intent"] for r in _ruled_out_last(ranking, "procedure/move_in", direction_cues("ja"))]
    ['procedure/move_in', 'childcare/pregnancy_notification', 'procedure/move_out']
    """
    ruled_out = cues.topics - {pointed}
    return [r for r in ranking if r["intent"] not in ruled_out] + [r for r in ranking if r["intent"] in ruled_out]
