"""A rule for the NLU: a question about another municipality's services is out of scope.

「大阪市の粗大ごみの申し込み方法」 is not this city's to answer, however sure the classifier
is of the bulky-waste topic (madoguchi/other_places.py, faq_corpus/other_places.tsv). The
ranking stays as it was, so staff see what was close. Place it last in the pipeline.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from madoguchi.languages import JAPANESE, detect
from madoguchi.other_places import default_other_places, translated_other_places
from madoguchi.traditional_chinese import as_simplified

OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class OtherPlaceRefusal(GraphComponent, IntentClassifier):
    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "OtherPlaceRefusal":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.startswith("/") and _another_citys(text):
                message.set(INTENT, {"name": OUT_OF_SCOPE, "confidence": 1.0}, add_to_output=True)
        return messages


def _another_citys(text: str) -> bool:
    """Japanese by Sudachi's place names; English (or another language with a list) by its
    listed places (faq_corpus/translations/en/other_places.tsv)."""
    language = detect(text)
    if language in (None, JAPANESE):
        return default_other_places().named(text) is not None
    listed = translated_other_places(language)
    # the Chinese list is simplified: 「東京新宿區役所」 is read as 「东京新宿区役所」
    read = as_simplified(text) if language == "zh" else text
    return listed is not None and listed.named(read) is not None
