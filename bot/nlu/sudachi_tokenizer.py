"""A Rasa 3 message tokenizer backed by Sudachi, with the corpus's user dictionary.

Korean messages have their Hangul read by Kiwi, Chinese ones are cut by jieba, English and
Vietnamese ones have their Latin words read by a word splitter with English stems
(bot/nlu/language_morphs.py); Japanese text is Sudachi's alone.

Tokens carry Sudachi's offsets on the original text and, as lemma, the normalized form
after the corpus's rewrite rules, so that 申込/申し込み and ゴミ/ごみ look alike to the
classifier. The user dictionary and the
rewrite rules are compiled at train time and stored inside the trained model, as Rasa's
JiebaTokenizer stores its dictionary; a model therefore keeps working when the corpus
files change afterwards.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import ACTION_NAME, INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.language_morphs import LanguageAnalyzer
from madoguchi.english_spelling import EnglishSpelling
from madoguchi.japanese import Analyzer, compile_user_dictionary, load_lemma_rewrites, load_user_words
from madoguchi.korean import KoreanReader, load_korean_words
from madoguchi.languages import detect
from madoguchi.latin import LATIN_WORD, load_english_synonyms, load_romanized_words
from madoguchi.paths import ROOT, VAR_DIR

logger = logging.getLogger(__name__)

_DICTIONARY_FILE = "user.dic"
_REWRITES_FILE = "lemma_rewrites.tsv"
_ROMANIZED_FILE = "romanized_words.tsv"
_KOREAN_WORDS_FILE = "korean_words.tsv"
_ENGLISH_WORDS_FILE = "english_words.txt"
_SYNONYMS_FILE = "english_synonyms.tsv"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class SudachiTokenizer(Tokenizer):
    """Japanese tokenizer: Sudachi morphemes, normalized lemmas, municipal user words."""

    @staticmethod
    def supported_languages() -> Optional[List[str]]:
        return ["ja"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "split_mode": "C",
            # Plain-data files, relative to the repository root; compiled into the model.
            "user_dictionary": "faq_corpus/user_dictionary.tsv",
            "lemma_rewrites": "faq_corpus/lemma_rewrites.tsv",
            # English questions' romanized Japanese words (madoguchi/latin.py); empty: none
            "romanized_words": "faq_corpus/translations/en/romanized_words.tsv",
            # English words the examples do not use, read also as the examples' words
            # (rubbish → garbage; madoguchi/latin.py); empty: none
            "english_synonyms": "faq_corpus/translations/en/english_synonyms.tsv",
            # English misspelt words also read as the word meant, the English examples' words
            # first (madoguchi/english_spelling.py)
            "english_spelling": True,
            # Kiwi for Korean (madoguchi/korean.py): 330 MB per loaded model; false reads
            # Hangul with Sudachi, split at spaces only
            "korean_morphemes": True,
            # words Kiwi reads whole (madoguchi/korean.py); empty: none
            "korean_words": "faq_corpus/translations/ko/korean_words.tsv",
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> List[str]:
        return ["sudachipy", "sudachidict_core", "kiwipiepy", "snowballstemmer", "rjieba"]

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        analyzer: Optional[LanguageAnalyzer] = None,
    ) -> None:
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self._analyzer = analyzer

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        files = ["user_dictionary", "lemma_rewrites", "romanized_words", "english_synonyms", "korean_words"]
        return inputs_fingerprint(config, files)

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SudachiTokenizer:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Compiles the user dictionary and stores it, with the rewrite rules, in the model."""
        words = load_user_words(project_path(self._config["user_dictionary"]))
        rewrites = project_path(self._config["lemma_rewrites"])
        with self._model_storage.write_to(self._resource) as directory:
            if words:
                compile_user_dictionary(words, Path(directory) / _DICTIONARY_FILE)
            (Path(directory) / _REWRITES_FILE).write_bytes(rewrites.read_bytes())
            if self._config.get("romanized_words"):
                (Path(directory) / _ROMANIZED_FILE).write_bytes(project_path(self._config["romanized_words"]).read_bytes())
            if self._config.get("english_synonyms"):
                synonyms = project_path(self._config["english_synonyms"])
                load_english_synonyms(synonyms)  # a broken line stops the training with its file:line
                (Path(directory) / _SYNONYMS_FILE).write_bytes(synonyms.read_bytes())
            if self._config.get("english_spelling", True):
                (Path(directory) / _ENGLISH_WORDS_FILE).write_text("\n".join(english_words(training_data)), encoding="utf-8")
            if self._config.get("korean_words"):
                korean_words = project_path(self._config["korean_words"])
                load_korean_words(korean_words)  # a broken line stops the training with its file:line
                (Path(directory) / _KOREAN_WORDS_FILE).write_bytes(korean_words.read_bytes())
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SudachiTokenizer:
        with model_storage.read_from(resource) as directory:
            dictionary = Path(directory) / _DICTIONARY_FILE
            user_dic = keep_dictionary(dictionary) if dictionary.exists() else None
            rewrites = load_lemma_rewrites(Path(directory) / _REWRITES_FILE)
            romanized_file = Path(directory) / _ROMANIZED_FILE
            romanized = load_romanized_words(romanized_file) if romanized_file.exists() else {}
            synonyms_file = Path(directory) / _SYNONYMS_FILE
            synonyms = load_english_synonyms(synonyms_file) if synonyms_file.exists() else {}
            korean_file = Path(directory) / _KOREAN_WORDS_FILE
            korean_words = load_korean_words(korean_file) if korean_file.exists() else ()
            english_file = Path(directory) / _ENGLISH_WORDS_FILE
            spelling = EnglishSpelling(english_file.read_text(encoding="utf-8").split()) if english_file.exists() else None
        korean = KoreanReader(korean_words).load() if config.get("korean_morphemes", True) else None
        analyzer = LanguageAnalyzer(Analyzer(user_dic, rewrites, config["split_mode"]), korean, romanized, spelling, synonyms)
        return cls(config, model_storage, resource, analyzer)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Tokenizes the examples' texts (and splits their intent names), nothing else.

        Rasa's base class also tokenizes each FAQ example's response, the whole answer, which
        nothing in this pipeline reads (the classifier reads the text's tokens, retrieval
        analyses the answers itself). For the realistic city's list that is seven times the
        text: most of the training's tokens, memory and fingerprinting time."""
        for example in training_data.training_examples:
            for attribute in (INTENT, INTENT_RESPONSE_KEY, ACTION_NAME):
                if example.get(attribute):
                    example.set(TOKENS_NAMES[attribute], self._split_name(example, attribute))
            if example.get(TEXT):
                example.set(TOKENS_NAMES[TEXT], self.tokenize(example, TEXT))
        if self._analyzer is not None:
            # Only a training reads training data: Kiwi (300 MB) is not needed again until a
            # Korean text comes, and the classifier's fitting after this is the training's peak.
            self._analyzer.release_korean()
        return training_data

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        if self._analyzer is None:  # only a trained (loaded) tokenizer analyses text
            raise RuntimeError("SudachiTokenizer used before it was trained")
        text = message.get(attribute) or ""
        tokens = [Token(m.surface, m.begin, end=m.end, lemma=m.lemma) for m in self._analyzer.morphs(text)]
        return self._apply_token_pattern(tokens)


def english_words(training_data: TrainingData) -> List[str]:
    """The words of the English examples, lowercased: the words a misspelling is read as first."""
    words = {
        word.lower()
        for example in training_data.training_examples
        if detect(example.get(TEXT) or "") == "en"
        for word in LATIN_WORD.findall(example.get(TEXT) or "")
    }
    return sorted(words)


# The code that decides what a trained component holds: a change to it must retrain.
_CODE_FILES = (
    "bot/nlu", "madoguchi/japanese.py", "madoguchi/katakana_words.py", "madoguchi/korean.py", "madoguchi/chinese.py",
    "madoguchi/traditional_chinese.py", "madoguchi/latin.py", "madoguchi/english_spelling.py", "madoguchi/languages.py",
    "madoguchi/retrieval.py", "madoguchi/ranking.py",
)  # fmt: skip


def inputs_fingerprint(config: Dict[str, Any], file_keys: List[str]) -> str:
    """A hash of the data files a component reads by path (user dictionary, rewrites, spellings)
    and of the NLU code, for Rasa's training cache (`fingerprint_addon`): Rasa keys a cached
    component by its config and graph inputs only, and would otherwise restore a component
    trained on an older spelling file or by older code."""
    digest = hashlib.sha256()
    paths = [project_path(str(config[key])) for key in file_keys if config.get(key)]
    for name in _CODE_FILES:
        root = ROOT / name
        paths.extend(sorted(root.glob("*.py")) if root.is_dir() else [root])
    for path in paths:
        digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def project_path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def keep_dictionary(dictionary: Path) -> Path:
    """Copy the model's dictionary out of Rasa's temporary directory: Sudachi reads it lazily."""
    content = dictionary.read_bytes()
    target = VAR_DIR / "sudachi" / f"model-{hashlib.sha256(content).hexdigest()[:16]}.dic"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return target
