"""A rule for the NLU: a question whose asked act the city's questions never ask is out of scope.

「課税証明書を出したら住宅ローンって何年で組める？」 names the tax certificate and asks about a
loan (組む); the classifier is sure of the certificate topic. At training the acts of the
corpus's own questions are collected (madoguchi/asked_acts.py: the predicates of every
Japanese example of an FAQ topic or a skill); a question answered with a curated FAQ topic whose
last predicate is none of them is refused. The ranking stays as it was, so staff see what was
close. Place it right after the FaqFallbackClassifier, before the item rule.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import READ_TEXT, label_of
from bot.nlu.sudachi_tokenizer import inputs_fingerprint
from madoguchi.asked_acts import AskedActs, known_acts, resident_spellings
from madoguchi.languages import JAPANESE, detect
from madoguchi.paths import ROOT
from madoguchi.ranking import is_imported

OUT_OF_SCOPE = "out_of_scope"
_ACTS_FILE = "asked_acts.json"
# the skills' questions ask the city's acts too (「冷蔵庫 捨てたい」「燃えるごみ 何曜日」)
_SKILL_INTENTS = frozenset({"waste_item_lookup", "waste_collection_day", "moving_checklist", "human_handoff"})
_CODE = (
    "madoguchi/asked_acts.py", "madoguchi/other_questions.py", "madoguchi/question_point.py",
    "madoguchi/colloquial_acts.py", "faq_corpus/colloquial_acts.tsv",
)  # fmt: skip


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class AskedActRefusal(GraphComponent, IntentClassifier):
    def __init__(
        self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, known: Optional[List[str]] = None
    ) -> None:
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self._acts = AskedActs(set(known), spellings=resident_spellings()) if known else None

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        digest = hashlib.sha256(inputs_fingerprint(config, []).encode())
        for name in _CODE:
            digest.update((ROOT / name).read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "AskedActRefusal":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        questions = [str(m.get(TEXT)) for m in training_data.intent_examples if _asks_the_city(m)]
        known = sorted(known_acts(questions))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _ACTS_FILE).write_text(json.dumps(known, ensure_ascii=False), encoding="utf-8")
        self._acts = AskedActs(set(known), spellings=resident_spellings())
        return self._resource

    @classmethod
    def load(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "AskedActRefusal":  # fmt: skip
        with model_storage.read_from(resource) as directory:
            path = directory / _ACTS_FILE
            known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        return cls(config, model_storage, resource, known)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._acts is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            # the text as retrieval read it: a mistyped act (再発光, 通法) corrected as there
            read = message.get(READ_TEXT) or text
            if _answered_topic(message) and detect(text) in (None, JAPANESE) and self._acts.other_act(read):
                message.set(INTENT, {"name": OUT_OF_SCOPE, "confidence": 1.0}, add_to_output=True)
        return messages


def _asks_the_city(example: Message) -> bool:
    """A Japanese training question of an FAQ topic or a skill."""
    label = label_of(example)
    text = str(example.get(TEXT) or "")
    return bool(text) and ("/" in label or label in _SKILL_INTENTS) and detect(text) in (None, JAPANESE)


def _answered_topic(message: Message) -> bool:
    """The message is answered with a curated FAQ topic (not a city's imported entry, which may
    itself be about such acts; not the candidates, a refusal or a skill)."""
    intent = (message.get(INTENT) or {}).get("name") or ""
    selector = (message.get("response_selector") or {}).get("default") or {}
    key = str((selector.get("response") or {}).get("intent_response_key") or "")
    text = message.get(TEXT) or ""
    return key.startswith(f"{intent}/") and not is_imported(key) and not text.startswith("/")
