"""What the actions need to know: the corpus (loaded on first use, not at import) and
facts derived from the conversation's events rather than kept in extra slots."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Dict, Iterator, List, Optional

from rasa_sdk import Tracker

from madoguchi.corpus.live import current_corpus
from madoguchi.corpus.model import Corpus
from madoguchi.ranking import FALLBACK_INTENT, joint_ranking

# Inside one action run (`one_corpus_per_action`): the corpus its first `corpus()` call found.
_this_action: ContextVar[Optional[List[Corpus]]] = ContextVar("madoguchi_corpus_of_this_action", default=None)


def corpus() -> Corpus:
    """The corpus on disk now: topics added from the staff console are known without a restart.

    Finding out whether it changed reads the modification time of every corpus file (about 55),
    and an item lookup asked for the corpus four times: a twentieth of that turn's CPU
    (py-spy, 2026-12-03). Within one action run the first call looks and the others reuse
    what it found, so one answer is also made from one version of the corpus."""
    found = _this_action.get()
    if found is None:
        return current_corpus()
    if not found:
        found.append(current_corpus())
    return found[0]


@contextmanager
def one_corpus_per_action() -> Iterator[None]:
    """Around one action run: its `corpus()` calls look at the files once."""
    token = _this_action.set([])
    try:
        yield
    finally:
        _this_action.reset(token)


def last_faq_id(tracker: Tracker) -> Optional[str]:
    """The FAQ topic the assistant answered last in this conversation, if any."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            faq_id = ((event.get("data") or {}).get("custom") or {}).get("faq_id")
            if faq_id:
                return str(faq_id)
    return None


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the latest user messages in a row the assistant did not understand."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


# Skills that can be offered as a candidate (a hand-off is offered by the second failure).
CANDIDATE_SKILLS = ("waste_item_lookup", "waste_collection_day", "moving_checklist")


def candidates(parse_data: Dict[str, Any], limit: int = 3, minimum: float = 0.01, share_of_best: float = 0.2) -> List[str]:
    """The FAQ topics and skills that come closest to what was asked, best first.

    A candidate must reach `minimum` and a fifth of the best one's confidence, so that a
    clear best guess is not buried under noise. Confidences are low on an unsure question
    (the classifier keeps a share for "none of these"), so the minimum is small.
    """
    answerable = set(corpus().by_id()) | set(CANDIDATE_SKILLS)
    ranked = [item for item in joint_ranking(parse_data) if item["intent"] in answerable]
    if not ranked:
        return []
    floor = max(minimum, ranked[0]["confidence"] * share_of_best)
    return [item["intent"] for item in ranked if item["confidence"] >= floor][:limit]


# Actions after which no form is pending: the skills' answers, and stopping.
FORM_ENDS = {"action_moving_checklist", "action_waste_item_lookup", "action_collection_day", "action_stop_form"}


def open_form(tracker: Tracker) -> Optional[str]:
    """The form active now, or interrupted by another question and neither answered nor stopped since."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in FORM_ENDS:
            return None
        if event.get("event") == "active_loop" and event.get("name"):
            return str(event["name"])
    return None


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    """The value of an entity in the latest message (button payloads carry them)."""
    return next(tracker.get_latest_entity_values(entity), None)


def intent_of(tracker: Tracker) -> str:
    """The intent the assistant acted on for the latest message (nlu_fallback included)."""
    return str(((tracker.latest_message or {}).get("intent") or {}).get("name") or "")
