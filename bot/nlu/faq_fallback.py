"""Rasa's FallbackClassifier, deciding on the joint ranking of categories and FAQ topics.

The stock classifier only sees the category's confidence: a question that is surely about
waste but could be either of two waste topics would be answered with a coin toss. This one
falls back when the best *topic* is unsure or too close to the second, so the resident is
shown candidates instead. Place it after the ResponseSelector; thresholds stay in config.yml.

It also makes the answer agree with the ranking: Rasa's default response selector picks
its best topic over *all* categories, which can belong to a category other than the
classified intent. When the assistant answers, intent and selected topic are both the
best entry of the joint ranking.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import AMBIGUITY_THRESHOLD_KEY, THRESHOLD_KEY, FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from madoguchi.ranking import joint_ranking

_SELECTOR = "default"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FaqFallbackClassifier(FallbackClassifier):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not self._should_fallback(message):
                _agree_with_ranking(message)
        return super().process(messages)

    def _nlu_confidence_below_threshold(self, message: Message) -> Tuple[bool, float]:
        ranking = joint_ranking(message.as_dict())
        confidence = ranking[0]["confidence"] if ranking else 0.0
        return confidence < self.component_config[THRESHOLD_KEY], confidence

    def _nlu_prediction_ambiguous(self, message: Message) -> Tuple[bool, Optional[float]]:
        ranking = joint_ranking(message.as_dict())
        if len(ranking) < 2:
            return False, None
        difference = ranking[0]["confidence"] - ranking[1]["confidence"]
        return difference < self.component_config[AMBIGUITY_THRESHOLD_KEY], difference


def _agree_with_ranking(message: Message) -> None:
    ranking = joint_ranking(message.as_dict())
    if not ranking:
        return
    best = ranking[0]["intent"]
    category = best.split("/", 1)[0]
    for intent in message.get("intent_ranking") or []:
        if intent.get("name") == category:
            message.set("intent", dict(intent), add_to_output=True)
    selector = (message.get("response_selector") or {}).get(_SELECTOR)
    if "/" in best and selector:
        response = selector["response"]
        if response.get("intent_response_key") != best:
            chosen = next(r for r in selector["ranking"] if r["intent_response_key"] == best)
            response.update(
                intent_response_key=best,
                utter_action=f"utter_{best}",
                confidence=chosen["confidence"],
                id=chosen.get("id"),
                responses=[],
            )
