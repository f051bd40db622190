"""Japanese text for the assistant: Sudachi morphemes with offsets on the original text.

The NLU, the corpus validator and the waste-item lookup all see text through this module,
so that 申込/申し込み, ゴミ/ごみ/塵, ｶﾞｲﾄﾞ/ガイド meet in one place. Offsets always come from
Sudachi's begin/end on the text as given (never from searching a normalized form in it).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import sudachidict_core
import sudachipy

from madoguchi.paths import LEMMA_REWRITES_FILE, USER_DICTIONARY_FILE, VAR_DIR
from madoguchi.romaji import romaji_as_kana

SPLIT_MODES = {"A": sudachipy.SplitMode.A, "B": sudachipy.SplitMode.B, "C": sudachipy.SplitMode.C}

# Sudachi refuses inputs much longer than this (its lattice is bounded); longer texts are
# analysed in chunks cut at sentence ends, and offsets are shifted back.
MAX_CHUNK_CHARS = 4000
_SENTENCE_END = re.compile(r"[。！？!?\n]")

# Sudachi's connection id for 名詞,普通名詞,一般 in sudachidict-core (as in Sudachi's
# user-dictionary documentation); user words are all common nouns.
_NOUN_CONNECTION_ID = 4786
_USER_WORD_COST = 3000

# Parts of speech that carry no meaning for matching questions.
_IGNORED_POS = {"補助記号", "空白"}


# やさしい日本語, and residents typing kana only, put a space between words (「フライパンは なに
# ごみ」「せんせいに なりたい」): cue words are matched with those spaces taken out.
_JAPANESE_CHARACTER = "ぁ-ゖァ-ヺー一-龠々"
_SPACE_BETWEEN_JAPANESE = re.compile(rf"(?<=[{_JAPANESE_CHARACTER}])\s+(?=[{_JAPANESE_CHARACTER}])")


def without_word_spaces(text: str) -> str:
    """The text with the spaces between two Japanese characters taken out (latin words keep theirs)."""
    return _SPACE_BETWEEN_JAPANESE.sub("", text)


class DataFileError(ValueError):
    """A plain-data file is malformed; the message starts with file:line."""


@dataclass(frozen=True)
class Morph:
    surface: str
    begin: int
    end: int
    lemma: str
    reading: str
    pos: str
    is_place: bool = False  # Sudachi reads it as a place name (名詞,固有名詞,地名)
    # the word's groups in Sudachi's synonym dictionary (転居 and 引っ越し share one)
    synonyms: Tuple[int, ...] = ()
    known: bool = True  # in Sudachi's dictionaries (not a word it made up for unknown text)

    @property
    def is_content(self) -> bool:
        return self.pos not in _IGNORED_POS and bool(self.surface.strip())


@dataclass(frozen=True)
class UserWord:
    surface: str
    reading: str
    normalized: str


def data_lines(path: Path) -> Iterator[Tuple[int, List[str]]]:
    """Lines of a commented TSV file as (line number, fields); blank and # lines skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, [field.strip() for field in line.split("\t")]


def load_lemma_rewrites(path: Path = LEMMA_REWRITES_FILE) -> List[Tuple[str, str]]:
    rules = []
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0]:
            raise DataFileError(f"{path}:{number}: expected 'from<TAB>to', got {len(fields)} field(s)")
        rules.append((fields[0], fields[1]))
    return rules


def load_user_words(path: Path = USER_DICTIONARY_FILE) -> List[UserWord]:
    words = []
    for number, fields in data_lines(path):
        if len(fields) != 3 or not all(fields):
            raise DataFileError(f"{path}:{number}: expected 'surface<TAB>reading<TAB>normalized', got {len(fields)} field(s)")
        surface, reading, normalized = fields
        if not re.fullmatch(r"[ァ-ヴー]+", reading):
            raise DataFileError(f"{path}:{number}: reading '{reading}' must be katakana")
        if "," in surface or "," in normalized:
            raise DataFileError(f"{path}:{number}: a word may not contain ','")
        words.append(UserWord(surface, reading, normalized))
    return words


def system_dictionary_path() -> Path:
    return Path(sudachidict_core.__file__).parent / "resources" / "system.dic"


def _lexicon_line(word: UserWord) -> str:
    # Sudachi's 18-column lexicon format: surface, left id, right id, cost, headword,
    # six POS fields, reading, normalized form, dictionary-form id, split type, A, B, unused.
    cid = _NOUN_CONNECTION_ID
    return (
        f"{word.surface},{cid},{cid},{_USER_WORD_COST},{word.surface},"
        f"名詞,普通名詞,一般,*,*,*,{word.reading},{word.normalized},*,A,*,*,*"
    )


def build_user_dictionary(words: Sequence[UserWord], output: Path) -> Path:
    """Compile words into a Sudachi user dictionary file at `output` (about 3 s of CPU, most
    of it Sudachi reading its system dictionary, however few the words)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists():
        output.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        lexicon = Path(tmp) / "lexicon.csv"
        lexicon.write_text(_lexicon(words), encoding="utf-8")
        sudachipy.sudachipy.build_user_dic(system=system_dictionary_path(), lex=[lexicon], output=output, description="madoguchi")
    return output


def _lexicon(words: Sequence[UserWord]) -> str:
    return "\n".join(_lexicon_line(w) for w in words) + "\n"


def compiled_user_dictionary(words: Sequence[UserWord]) -> Path:
    """The compiled form of these words, built once per content into var/sudachi/: the
    validator, the tokenizer's and retrieval's training and every gateway worker need the
    same one. The name hashes what the file is made of (the lexicon lines and Sudachi's
    versions), so a changed word, cost or Sudachi release builds a new one."""
    made_of = "\n".join([_lexicon(words), version("sudachipy"), version("sudachidict-core")])
    target = VAR_DIR / "sudachi" / f"user-{hashlib.sha256(made_of.encode()).hexdigest()[:16]}.dic"
    if not target.exists():
        # built beside the target and renamed: a worker starting at the same time never
        # reads a half-written dictionary
        partial = build_user_dictionary(words, target.with_name(f"{target.stem}.{os.getpid()}.{threading.get_ident()}.tmp"))
        os.replace(partial, target)
    return target


def compile_user_dictionary(words: Sequence[UserWord], output: Path) -> Path:
    """A Sudachi user dictionary of these words at `output` (a copy of the compiled one)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(compiled_user_dictionary(words), output)
    return output


def cached_user_dictionary(source: Path = USER_DICTIONARY_FILE) -> Optional[Path]:
    """The compiled form of `source` (None when it has no words)."""
    words = load_user_words(source)
    return compiled_user_dictionary(words) if words else None


def _chunks(text: str) -> Iterator[Tuple[int, str]]:
    """Pieces of at most MAX_CHUNK_CHARS, cut after a sentence end where there is one."""
    start = 0
    while start < len(text):
        end = min(start + MAX_CHUNK_CHARS, len(text))
        if end < len(text):
            cuts = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
            if cuts and cuts[-1] > start:
                end = cuts[-1]
        yield start, text[start:end]
        start = end


# Normalized questions an analyzer remembers (a few corpora's examples; about 200 bytes each).
_NORMALIZED_KEPT = 50_000


class Analyzer:
    """Sudachi with the project's user dictionary and lemma rewrites."""

    def __init__(
        self,
        user_dictionary: Optional[Path] = None,
        rewrites: Iterable[Tuple[str, str]] = (),
        split_mode: str = "C",
    ) -> None:
        if split_mode not in SPLIT_MODES:
            raise ValueError(f"split_mode must be one of A, B, C, not {split_mode!r}")
        config = sudachipy.Config(user=[str(user_dictionary)] if user_dictionary else None)
        self._dictionary = sudachipy.Dictionary(config=config, dict="core")
        self._split_mode = split_mode
        self._tokenizers = {split_mode: self._dictionary.tokenizer(mode=SPLIT_MODES[split_mode])}
        # A Sudachi tokenizer refuses to be used by two threads at once ("Tokenizer is
        # already in use"); the gateway's console retrains in a thread while pages group
        # questions, so every use goes through this lock.
        self._lock = threading.Lock()
        self._rewrites = list(rewrites)
        self._normalized: Dict[str, str] = {}

    def lemma(self, normalized: str) -> str:
        for old, new in self._rewrites:
            normalized = normalized.replace(old, new)
        return normalized.lower()

    def morphs(self, text: str, split_mode: Optional[str] = None) -> List[Morph]:
        """The text's morphemes, cut in the analyzer's split mode or in `split_mode`
        (「A」 cuts compounds into their parts: 本人確認書類 → 本人, 確認, 書類)."""
        result: List[Morph] = []
        with self._lock:
            tokenizer = self._tokenizer(split_mode or self._split_mode)
            for offset, chunk in _chunks(text):
                for m in tokenizer.tokenize(chunk):
                    if not m.surface().strip():
                        continue  # whitespace carries no meaning and breaks token alignment
                    pos = m.part_of_speech()
                    result.append(
                        Morph(
                            surface=m.surface(),
                            begin=offset + m.begin(),
                            end=offset + m.end(),
                            lemma=self.lemma(m.normalized_form()),
                            reading=m.reading_form(),
                            pos=pos[0],
                            is_place=pos[2] == "地名",
                            synonyms=tuple(m.synonym_group_ids()),
                            known=not m.is_oov(),
                        )
                    )
        return result

    def _tokenizer(self, split_mode: str) -> Any:  # a sudachipy.Tokenizer
        if split_mode not in SPLIT_MODES:
            raise ValueError(f"split_mode must be one of A, B, C, not {split_mode!r}")
        if split_mode not in self._tokenizers:
            self._tokenizers[split_mode] = self._dictionary.tokenizer(mode=SPLIT_MODES[split_mode])
        return self._tokenizers[split_mode]

    def kanji_readings(self, kanji: str) -> Set[str]:
        """The readings Sudachi's dictionary gives `kanji` as a word of its own (所: ショ, ジョ,
        トコロ …); often not all of them (因 lacks イン), so a shared one is evidence, its
        absence none."""
        with self._lock:
            return {m.reading_form() for m in self._dictionary.lookup(kanji)}

    def normalize(self, text: str) -> str:
        """A question reduced to its content lemmas, for comparing questions. Remembered: the
        validator normalizes every example of the corpus on each console edit, and almost all
        of them are the same as last time."""
        normalized = self._normalized.get(text)
        if normalized is None:
            normalized = " ".join(m.lemma for m in self.morphs(text) if m.is_content)
            if len(self._normalized) >= _NORMALIZED_KEPT:
                self._normalized.clear()
            self._normalized[text] = normalized
        return normalized


_default: Optional[Analyzer] = None


def default_analyzer() -> Analyzer:
    """The analyzer with the corpus's user dictionary and rewrites (built on first use)."""
    global _default
    if _default is None:
        _default = Analyzer(cached_user_dictionary(), load_lemma_rewrites())
    return _default


# ---- Japanese as residents type it: for retrieval ----------------------------------------

# Particles, auxiliaries and symbols say how, not what: retrieval matches the rest.
_FUNCTION_POS = {"助詞", "助動詞", "補助記号", "空白"}
# Parts of speech whose synonyms say the same thing in other words.
_SYNONYM_POS = {"名詞", "動詞", "形容詞", "形状詞"}


@dataclass(frozen=True)
class SpellingRule:
    pattern: "re.Pattern[str]"
    replacement: str


def load_spelling_rules(path: Path) -> List[SpellingRule]:
    """pattern<TAB>replacement per line (Python regular expressions), applied in order."""
    rules = []
    for number, fields in data_lines(path):
        if len(fields) != 2 or not fields[0]:
            raise DataFileError(f"{path}:{number}: expected 'pattern<TAB>replacement', got {len(fields)} field(s)")
        try:
            rules.append(SpellingRule(re.compile(fields[0]), fields[1]))
        except re.error as error:
            raise DataFileError(f"{path}:{number}: not a regular expression: {error}") from error
    return rules


def _respell(text: str, rules: Sequence[SpellingRule]) -> str:
    """The text with width folded (ｺﾞﾐ, ＰＤＦ) and residents' spellings made standard:
    dialect forms (ほかしたい → 捨てたい) and wrong kanji that IMEs offer (組大 → 粗大), after
    romaji the IME left (住民hyou → 住民ひょう, madoguchi.romaji)."""
    text = romaji_as_kana(unicodedata.normalize("NFKC", text))
    for rule in rules:
        text = rule.pattern.sub(rule.replacement, text)
    return text


def respell(text: str, rules: Sequence[SpellingRule]) -> str:
    """`_respell`, which the Rasa server runs once per message and text (bot/per_message.py:
    five to eight callers respell each message)."""
    return _respell(text, rules)


def content_lemmas(morphs: Sequence[Morph]) -> List[str]:
    return [m.lemma for m in morphs if m.pos not in _FUNCTION_POS and m.surface.strip()]


def synonym_groups(morphs: Sequence[Morph]) -> List[str]:
    """The words' synonym groups as tokens (「#21673」 for 転居 and 引っ越し alike): of nouns,
    verbs and adjectives only, not numbers (1 and ワン share a group) nor pronouns (どこ, どちら)."""
    return [f"#{g}" for m in morphs if m.pos in _SYNONYM_POS and not m.surface.isnumeric() for g in m.synonyms]


def reading_bigrams(morphs: Sequence[Morph]) -> List[str]:
    """Character bigrams of the content words' katakana readings, across word boundaries
    (kana-only input is often cut into other words than the kanji spelling)."""
    reading = "".join(m.reading for m in morphs if m.pos not in _FUNCTION_POS and m.reading not in ("", "キゴウ"))
    return [reading[i : i + 2] for i in range(len(reading) - 1)] or ([reading] if reading else [])
