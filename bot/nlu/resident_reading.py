"""The question as the assistant reads it, once, before the classifier (issue 13).

Residents type 組大ゴミ, 自動手当, 保育量 or 「古いタンスほかしたいんやけど」. Retrieval
(bot.nlu.faq_retrieval) always read such a question made standard: the spellings of
faq_corpus/resident_spellings.tsv (dialect, IME wrong kanji, romaji), unknown katakana as
hiragana, and other wrong kanji corrected against the corpus's compounds
(madoguchi.kanji_typos). The classifier read the text as typed, so for 「自動手当はいつ振り
込まれますか」 the two readers disagreed and the decision went to candidates.

This step reads the question once, as retrieval does (the same TextTokens, the same files,
the same compounds), and writes:

- `read_text`: the text as read (「児童手当はいつ振り込まれますか」), for every Japanese question;
- `read_tokens`: Sudachi's tokens of that text. When reading changed more than the width of
  characters (`read_otherwise`), bot.nlu.linear_classifier scores the text as read, and
  bot.nlu.faq_retrieval counts the classifier's confidences as for any question (it left
  them out while the classifier read 自動手当 as typed). A message with `read_tokens` was read
  by this step: retrieval need not check again whether it was read otherwise (a second
  look-up of the compounds per message, about 4% of a turn's CPU).

Place it after the tokenizer and before the classifier. A question in another language
(English, Chinese, Korean, Vietnamese) is left as it is: its words are not Japanese spellings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_retrieval import TextTokens, answer_text, asked_questions, text_tokens
from bot.nlu.linear_classifier import READ_TEXT, READ_TOKENS
from bot.nlu.sudachi_tokenizer import inputs_fingerprint, project_path
from madoguchi.japanese import compile_user_dictionary, load_user_words
from madoguchi.kanji_typos import KanjiVocabulary
from madoguchi.languages import JAPANESE, detect

_DICTIONARY_FILE = "user.dic"
_REWRITES_FILE = "lemma_rewrites.tsv"
_SPELLINGS_FILE = "resident_spellings.tsv"
_VOCABULARY_FILE = "kanji_vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class ResidentReading(GraphComponent):
    """Writes `read_text` (and `read_tokens` when reading changed the words) on each message."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # the same plain-data files as the tokenizer's and retrieval's, compiled into the model
            "user_dictionary": "faq_corpus/user_dictionary.tsv",
            "lemma_rewrites": "faq_corpus/lemma_rewrites.tsv",
            "resident_spellings": "faq_corpus/resident_spellings.tsv",
            "split_mode": "C",
            # wrong kanji corrected against the questions' compounds (婚因届 → 婚姻届)
            "kanji_typos": True,
        }

    @staticmethod
    def required_packages() -> List[str]:
        return ["sudachipy"]

    def __init__(
        self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, tokens: Optional[TextTokens] = None
    ) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self._tokens = tokens

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return inputs_fingerprint(config, ["user_dictionary", "lemma_rewrites", "resident_spellings"])

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "ResidentReading":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Stores the data files and the corpus's compounds (from each topic's questions and
        answer, as retrieval collects them) in the model."""
        config = self.component_config
        with self._model_storage.write_to(self._resource) as directory:
            directory = Path(directory)
            words = load_user_words(project_path(config["user_dictionary"]))
            if words:
                compile_user_dictionary(words, directory / _DICTIONARY_FILE)
            for key, name in (("lemma_rewrites", _REWRITES_FILE), ("resident_spellings", _SPELLINGS_FILE)):
                (directory / name).write_bytes(project_path(config[key]).read_bytes())
            tokens = text_tokens(directory, config)
            if config["kanji_typos"]:
                questions = asked_questions(training_data)
                answers = [answer_text(training_data, label) for label in questions]
                vocabulary = KanjiVocabulary.from_topics(list(questions.values()), answers, tokens.analyzer)
                (directory / _VOCABULARY_FILE).write_text(json.dumps(vocabulary.to_json(), ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "ResidentReading":  # fmt: skip
        with model_storage.read_from(resource) as directory:
            tokens = text_tokens(Path(directory), config)
        return cls(config, model_storage, resource, tokens)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._tokens is None:
            return messages
        for message in messages:
            self.read_message(message)
        return messages

    def read_message(self, message: Message) -> None:
        """Sets `read_text` and `read_tokens` on a Japanese message."""
        typed = message.get(TEXT) or ""
        if self._tokens is None or not typed.strip() or detect(typed) not in (None, JAPANESE):
            return
        read, morphs = self._tokens.read(typed)
        message.set(READ_TEXT, read)
        message.set(READ_TOKENS, [Token(m.surface, m.begin, end=m.end, lemma=m.lemma) for m in morphs])
