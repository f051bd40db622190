"""One ranking over everything the assistant can answer, FAQ topics included.

Rasa's parse result names an FAQ answer in two places: the intent ranking holds the
category (`waste`) and the response selector the topic (`waste/bulky_waste`), each with its
own confidence. The chance that a question is about a topic is the category's confidence
times the topic's share of its category in the selector's ranking. With the project's
LinearFaqClassifier, which scores topics directly and sums them into categories, this
gives back exactly its ranking; with Rasa's DIET + ResponseSelector it joins the two steps.
This one ranking is what the fallback decision, the 「もしかして…」 candidates and `bot.ask`
all use.
"""

from __future__ import annotations

from typing import Any, Dict, List

FALLBACK_INTENT = "nlu_fallback"
# a long question's point ranked by its own words, `[{"intent", "confidence"}]` (bot.nlu.faq_retrieval)
POINT_RANKING = "point_ranking"
# the classifier's own best two before retrieval was fused in, `[{"intent", "confidence"}]`,
# written beside a long question's point ranking (bot.nlu.faq_retrieval, read by bot.nlu.faq_fallback)
CLASSIFIER_RANKING = "classifier_ranking"
# whether a long question's point names its subject with a word few entries have, and points
# back to nothing in its story (bot.nlu.faq_retrieval, read by bot.nlu.faq_fallback)
POINT_SUBJECT = "point_names_subject"
# whether a long question's asking sentence names something no entry has, in its questions or
# its answer (bot.nlu.faq_retrieval, read by bot.nlu.faq_fallback)
POINT_UNKNOWN = "point_names_unknown"
# topic keys of entries imported from a city's FAQ list (madoguchi.corpus.faq_import.topic_name)
IMPORTED_PREFIX = "imported_"


def is_imported(label: str) -> bool:
    """`procedure/imported_q0012`: an entry of the city's own FAQ list."""
    return label.partition("/")[2].startswith(IMPORTED_PREFIX)


def joint_ranking(parse_data: Dict[str, Any], selector: str = "default") -> List[Dict[str, Any]]:
    """`[{"intent", "confidence"}]`, best first, FAQ topics by full retrieval intent name."""
    selectors = parse_data.get("response_selector") or {}
    retrieval_intents = set(selectors.get("all_retrieval_intents") or [])
    topic_ranking = (selectors.get(selector) or {}).get("ranking") or []
    ranking: List[Dict[str, Any]] = []
    for intent in parse_data.get("intent_ranking") or []:
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        if name == FALLBACK_INTENT:
            continue
        topics = [t for t in topic_ranking if str(t.get("intent_response_key", "")).split("/")[0] == name]
        total = sum(float(t.get("confidence") or 0.0) for t in topics)
        if name in retrieval_intents and total > 0:
            ranking.extend(
                {"intent": t["intent_response_key"], "confidence": confidence * float(t["confidence"]) / total} for t in topics
            )
        else:
            ranking.append({"intent": name, "confidence": confidence})
    ranking.sort(key=lambda item: item["confidence"], reverse=True)
    return ranking
