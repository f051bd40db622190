"""A rule for the NLU: a message that names an item of the waste dictionary and asks how to
sort or throw it away is a waste_item_lookup question, whatever the classifier guessed.

「PETボトルって資源ごみ？」 reads like the recyclables FAQ and 「かみくずは燃えるごみでいいの」 like
a collection-day question to a statistical classifier; the dictionary knows better. The
rule only ever chooses the item skill, whose answer comes from the dictionary, so it never
makes an answer up. Place it last in the pipeline.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message

from madoguchi.ranking import joint_ranking

INTENT = "waste_item_lookup"
# Asking which kind of waste an item is: always the item skill.
CATEGORY_QUESTION = re.compile(
    r"何ごみ|何ゴミ|なにごみ|なんごみ|何の?ごみ|分別|(ごみ|ゴミ)(です)?[か？?]|(ごみ|ゴミ)でいい|"
    r"燃える|燃やす|燃えない|燃やさない|可燃|不燃|資源"
)
# Asking how to get rid of an item: the item skill, unless the classifier is sure of an
# FAQ (「パソコンの処分方法」 is the PC recycling answer, with its procedure; 「コンビニの
# マルチコピー機で住民票を出せる？」 is about certificates, not about throwing a copier away).
DISPOSAL_QUESTION = re.compile(r"捨て方|出し方|すて方|捨てる|捨てたい|捨てれ|すてたい|処分|出せる|出してい")
SURE_OF_FAQ = 0.5


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WasteItemQuestionClassifier(GraphComponent, IntentClassifier):
    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config
        self._dictionary: Optional[Any] = None

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "WasteItemQuestionClassifier":
        return cls(config)

    def _one_item_in(self, text: str) -> bool:
        """Exactly one known item: several items make a question about a kind of waste."""
        if self._dictionary is None:  # the staff's current dictionary, read on first use
            from madoguchi.waste_items import default_dictionary

            self._dictionary = default_dictionary()
        return len(self._dictionary.find(text)) == 1

    def _is_item_question(self, message: Message) -> bool:
        text = message.get("text") or ""
        if text.startswith("/"):
            return False
        if CATEGORY_QUESTION.search(text):
            return self._one_item_in(text)
        if DISPOSAL_QUESTION.search(text):
            best = joint_ranking(message.as_dict())[:1]
            sure_of_faq = bool(best) and "/" in best[0]["intent"] and best[0]["confidence"] >= SURE_OF_FAQ
            return not sure_of_faq and self._one_item_in(text)
        return False

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not self._is_item_question(message):
                continue
            rule = {"name": INTENT, "confidence": 1.0}
            ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") not in (INTENT, "nlu_fallback")]
            message.set("intent", rule, add_to_output=True)
            message.set("intent_ranking", [rule] + ranking, add_to_output=True)
        return messages
