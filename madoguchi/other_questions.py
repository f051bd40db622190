"""Questions about a topic's own thing that ask something else (faq_corpus/other_questions.tsv).

「剪定した枝で薪を作るやり方」 names garden waste's 剪定枝, 「印鑑登録の制度は何年にできた？」
names seal registration: the classifier and retrieval both match what a question *names*
and are sure of the topic, while the question asks how to make firewood, or history. What
it asks shows in its question-type words (作り方, 何年に, 縁起, おすすめ, 英語で), listed as
`other` cues; such a question is refused unless it also asks the city's own procedure (a
`city` cue: 申請, 窓口, 出せる, 手数料 …), so 「仏滅でも婚姻届は受け付けてもらえる？」 keeps
its answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from madoguchi.japanese import DataFileError, data_lines
from madoguchi.paths import CORPUS_DIR

OTHER_QUESTIONS_FILE = CORPUS_DIR / "other_questions.tsv"
KINDS = ("other", "city")


@dataclass(frozen=True)
class QuestionCues:
    other: Tuple["re.Pattern[str]", ...]
    city: Tuple["re.Pattern[str]", ...]

    def asks_something_else(self, text: str) -> Optional[str]:
        """The `other` cue the question asks by (None when it has none, or also asks the
        city's procedure)."""
        text = unicodedata.normalize("NFKC", text)
        cue = next((m.group(0) for p in self.other for m in [p.search(text)] if m), None)
        if cue is None or any(p.search(text) for p in self.city):
            return None
        return cue


def load_question_cues(path: Path = OTHER_QUESTIONS_FILE) -> QuestionCues:
    found: Dict[str, List["re.Pattern[str]"]] = {kind: [] for kind in KINDS}
    for number, fields in data_lines(path):
        if len(fields) != 2 or fields[0] not in KINDS or not fields[1]:
            raise DataFileError(f"{path}:{number}: expected 'kind<TAB>regular expression', kind one of {', '.join(KINDS)}")
        try:
            found[fields[0]].append(re.compile(fields[1]))
        except re.error as error:
            raise DataFileError(f"{path}:{number}: not a regular expression: {error}") from error
    return QuestionCues(tuple(found["other"]), tuple(found["city"]))


@lru_cache(maxsize=1)
def default_question_cues() -> QuestionCues:
    return load_question_cues()
