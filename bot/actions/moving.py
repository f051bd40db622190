"""moving_checklist: 「引っ越すけど何の手続きが要る？」, a personalised list of procedures.

The form `moving_form` asks only what the resident has not already said: every message is
searched for every fact (move type, date, children, dog, national insurance, seal
registration), and a yes/no answer fills the question just asked. The checklist comes from
faq_corpus/moving_checklist.yml; an SMS-sized summary with a link is kept in
`moving_summary` for the phone channel and shown as a custom payload in the chat.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import corpus, intent_of, latest_entity
from bot.actions.forms import is_unsure
from bot.actions.language import conversation_language
from madoguchi import moving
from madoguchi.clock import Clock, clock_from_env
from madoguchi.corpus.validate import SMS_MAX_CHARS
from madoguchi.skill_texts import SkillTexts, skill_texts
from madoguchi.spec import default_spec

FORM_SLOTS = ["move_type", "move_date", "children", "dog", "national_insurance", "seal_registration"]
YES_NO_SLOTS = {"dog", "national_insurance", "seal_registration"}
_YES_NO_CHILDREN = {True: "yes", False: "none"}
# Intents whose messages feed the form even when they do not answer the question asked.
ABOUT_MOVING = {"moving_checklist", "affirm", "deny"}


def yes_no(tracker: Tracker) -> Optional[bool]:
    said = moving.bare_answer(tracker.latest_message.get("text") or "")
    return said if said is not None else {"affirm": True, "deny": False}.get(intent_of(tracker))


class ValidateMovingForm(FormValidationAction):
    def __init__(self, clock: Optional[Clock] = None) -> None:
        self._clock = clock or clock_from_env()

    def name(self) -> str:
        return "validate_moving_form"

    def _facts(self, tracker: Tracker) -> Dict[str, Any]:
        text = tracker.latest_message.get("text") or ""
        asked = tracker.get_slot("requested_slot")
        if asked in moving.UNSURE_ANSWERS and is_unsure(text):
            return {asked: moving.UNSURE_ANSWERS[asked]}
        found = moving.facts(text, self._clock().date())
        for slot in ("move_type", "children"):
            value = latest_entity(tracker, slot)  # buttons carry these as entities
            if value:
                found[slot] = value
        answer = yes_no(tracker)
        if asked and asked not in found and answer is not None:
            if asked in YES_NO_SLOTS:
                found[asked] = answer
            elif asked == "children":
                found[asked] = _YES_NO_CHILDREN[answer]
        return found if self._about_moving(tracker, found) else {}

    @staticmethod
    def _about_moving(tracker: Tracker, found: Dict[str, Any]) -> bool:
        """Answers the question asked, or is about moving: anything else is another question.

        「保育園に入りたい」 mentions a preschool child, but asked 「どちらの引っ越しですか」
        it is a question about nursery schools: the form lets the rules answer it.
        """
        text = tracker.latest_message.get("text") or ""
        answers_question = tracker.get_slot("requested_slot") in found
        return answers_question or text.startswith("/") or intent_of(tracker) in ABOUT_MOVING

    # One extraction serves every slot; Rasa calls extract_<slot> for each required slot.
    async def extract_move_type(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        active = tracker.active_loop.get("name") == "moving_form" or intent_of(tracker) == "moving_checklist"
        if not active:
            return {}
        if tracker.get_slot("requested_slot") == "move_type" and is_unsure(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_explain_move_type")
            return {"move_type": None}  # an answer: the question is asked again after the explanation
        return self._facts(tracker)


class ActionMovingChecklist(Action):
    def __init__(self, clock: Optional[Clock] = None) -> None:
        self._clock = clock or clock_from_env()

    def name(self) -> str:
        return "action_moving_checklist"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        household = {slot: tracker.get_slot(slot) for slot in FORM_SLOTS}
        checklist = moving.default_checklist()
        items = checklist.for_household(household)
        topics = corpus().by_id()
        spec = default_spec()
        language = conversation_language(tracker)
        texts = skill_texts(language)
        lines = []
        for item in items:
            department = spec.departments[topics[item.faq].department].name
            if texts is None:
                lines.append(f"・{item.name}：{moving.deadline(item, household['move_date'])}（{department}）")
            else:
                lines.append(local_line(texts, item, household["move_date"], language, department))
        link = corpus().profile.full_url(checklist.sms_link)
        summary = moving.sms_summary(items, household["move_date"], link, corpus().profile.name, SMS_MAX_CHARS)
        dispatcher.utter_message(
            response="utter_moving_checklist",
            items="\n".join(lines),
            json_message={"moving_checklist": [item.faq for item in items], "sms": summary},
        )
        return [SlotSet("moving_summary", summary)] + [SlotSet(slot, None) for slot in FORM_SLOTS]


def local_line(texts: SkillTexts, item: moving.ChecklistItem, moving_day: Optional[str], language: str, department: str) -> str:
    """A checklist line in another language: the procedure, its deadline (the date when the
    moving day is known) and the department's name from the city profile."""
    name, deadline = texts.procedure(item.name, item.deadline_text)
    due = moving.due_date(item, moving_day)
    if due is not None:
        deadline = texts.formats["until" if item.days_after else "from"].format(text=deadline, date=texts.date(due))
    code = corpus().by_id()[item.faq].department
    local_department = corpus().profile.department_name(code, language, department)
    return texts.formats["checklist_line"].format(name=name, deadline=deadline, department=local_department)
