"""A rule for the NLU: a refused or unplaced message in a language the assistant does not serve.

「Como separar o lixo?」 is refused (out_of_scope) and 「फोहोर कहिले फाल्ने?」 unplaced
(nlu_fallback), as the classifier knows neither Portuguese nor Nepali; both are city business.
The intent stays as it was (bot.ask, the logs and the console count them as before); the
language is marked as the entity `unserved_language` (madoguchi.unserved_languages), and a rule
answers with the languages the assistant does answer in (utter_unserved_language) instead of
"not city business" or a request to rephrase in Japanese. Place it last in the pipeline.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from madoguchi.unserved_languages import unserved_language

ENTITY = "unserved_language"
# what the NLU could not answer: only these turns are looked at, so an answer is never lost
NOT_ANSWERED = ("out_of_scope", "nlu_fallback")


# registered as the other rules of the pipeline's end are (bot/nlu/other_place.py): it runs on the
# final intent
@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class UnservedLanguageMarker(GraphComponent, IntentClassifier):
    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "UnservedLanguageMarker":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get("name") not in NOT_ANSWERED:
                continue
            language = unserved_language(message.get(TEXT) or "")
            if language is not None:
                entity = {"entity": ENTITY, "value": language, "extractor": type(self).__name__}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
