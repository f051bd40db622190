"""Rules for the NLU: a message that names an item of the waste dictionary and asks how to
sort or throw it away is a waste_item_lookup question, and a message that names a district
of the collection calendar and asks for a day is a waste_collection_day question, whatever
the classifier guessed (the classifier never saw an imported city's items and districts).

「PETボトルって資源ごみ？」 reads like the recyclables FAQ and 「かみくずは燃えるごみでいいの」 like
a collection-day question to a statistical classifier; the dictionary knows better. The
rule only ever chooses the item skill, whose answer comes from the dictionary, so it never
makes an answer up. A question on how to get rid of one item keeps a topic the classifier
is sure of when it is the topic on the item's kind (「れいぞうこ すてたい」: appliance
recycling): the item is marked (entity `waste_item`), and the topic's answer comes after a
line on the item (bot/actions/item_topic.py, faq_corpus/waste_item_topics.tsv).
Place it last in the pipeline. The dictionary and calendar are read on each message (cached
by file times), so an imported city is known without retraining.
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

from madoguchi.asked_acts import resident_spellings
from madoguchi.japanese import respell, without_word_spaces
from madoguchi.languages import JAPANESE, detect
from madoguchi.question_point import names_own_subject, question_point
from madoguchi.ranking import joint_ranking

INTENT = "waste_item_lookup"
DAY_INTENT = "waste_collection_day"
# Asking which kind of waste an item is: always the item skill, unless it asks a topic's
# details (see TOPIC_DETAIL): 「燃えるごみの袋はいくら」 names a kind and asks a price.
CATEGORY_QUESTION = re.compile(
    r"何ごみ|何ゴミ|なにごみ|なんごみ|何の?ごみ|分別|(ごみ|ゴミ)\s*(です)?\s*[か？?]|(ごみ|ゴミ)でいい|"
    r"燃える|燃やす|燃えない|燃やさない|可燃|不燃|資源|"
    r"もえる|もやす|もえない|もやさない|しげん|(なん|なに|どの)の?(ごみ|ゴミ)"  # やさしい日本語 and residents writing kana
)  # the cues are matched without the spaces やさしい日本語 puts between words (without_word_spaces)
# Asking how to get rid of an item: the item skill, unless the classifier is sure of an
# FAQ that is about something else (「コンビニのマルチコピー機で住民票を出せる？」 is about
# certificates, not about throwing a copier away): see _faq_keeps.
DISPOSAL_QUESTION = re.compile(
    r"捨て方|出し方|すて方|捨てる|捨てたい|捨てれ|捨てた|すてたい|処分|出せる|出せば|出したら|出してい|出すの|出すには|出す?方法|"
    r"すてる|すてます|すてかた|すてれ|だしかた|しょぶん"  # kana
)
# Saying an item is no longer wanted (「布団いらない」「タンス不要になった」「ベビーカー手放したい」):
# a way of asking how to get rid of it, though the classifier reads a bare 「いらない」 as a
# "no" (deny). It chooses the item skill only when the classifier is not sure of an FAQ, so a
# sure topic on the item's kind keeps it (「テレビいらない」: the appliance-recycling topic).
# The cue ends the message (only kana after it): in 「いらなくなったソファを売るときの送り方」 it
# is the story, and the question is about selling. Asked as a question it asks whether
# something is needed (「印鑑いらない？」「お金いらないですか」), not how to get rid of it.
NOT_WANTED = re.compile(r"(?:いらな|要らな|いらん|不要に|手放|てばな|使わなくな|つかわなくな)[ぁ-ゖー\s、。！!？?]*$")
ASKS_IF_NEEDED = re.compile(r"(?:いらな|要らな|いらん)(?:い|いの|いです|いんです|いでしょう)?(?:か|[?？])")
# Asking about a topic's own details while naming an item (the fee, applying, the PC
# recycling mark, erasing the data): the item's topic answers it, not the item's answer.
TOPIC_DETAIL = re.compile(
    r"料金|手数料|費用|お金|値段|いくら|なんぼ|無料|有料|タダ|申し込|申込|予約|処理券|リサイクル券|マーク|データ|消去|"
    r"りょうきん|てすうりょう|ひよう|おかね|ねだん|むりょう|もうしこ|よやく"  # kana
)
GENERAL_RULES = "waste/sorting_rules"  # the rules for every item: no kind of waste of its own
# Asking for a day: with a district named, the collection-day skill.
DAY_QUESTION = re.compile(r"いつ|何曜|なんよう|曜日|収集日|回収日|の日|出せる日|(は|って)[?？]?$")
SURE_OF_FAQ = 0.5


def _cue_text(text: str) -> str:
    """The text the cues are matched on: residents' spellings made standard (「捨てりゃええ」
    is 「捨てればいい」, faq_corpus/resident_spellings.tsv), without the spaces やさしい日本語 and
    kana-only questions put between words (「フライパンは なに ごみ」)."""
    return without_word_spaces(respell(text, resident_spellings()))


def asked_part(text: str) -> str:
    """The part of a Japanese message whose cues say what it asks: a long question's point
    when it names what it asks about itself, else the whole message. A story's words are not
    what is asked: 「いつも使っている市の燃えるごみの袋がもうすぐなくなります。近所のコンビニでも
    同じ袋を買えるのでしょうか」 says 燃える in its story and asks where to buy the bags (issue 13).
    A point that leans on its story (「…三輪車が出てきました。…これは何ごみになるのでしょうか」) is
    read with it. The item itself may be in the story (「…洗濯機は使わなくなりました。…捨てるには
    どうしたらいいでしょうか」): items are still counted in the whole message."""
    if detect(text) not in (None, JAPANESE):
        return text
    point = question_point(text)
    return point if point != text and names_own_subject(point) else text


def _point_asks_a_day(text: str) -> bool:
    """A long question whose point asks for a day: with a district named, the collection-day
    skill before the item rule, whose item may be the story's (「先週、本町に引っ越してきたばかりで、
    まだ段ボールが片付いておりません。…本町の燃やすごみの日は何曜日でしょうか。」)."""
    point = asked_part(text)
    return point != text and bool(DAY_QUESTION.search(point.strip()))


def _city_imported() -> bool:
    """An imported city's item list is its own word; the FAQ texts may still be the sample city's."""
    from madoguchi.waste_data import current

    return current().imported is not None


def _about_its_kind(faq_id: str, text: str) -> bool:
    """In another language the classifier has fewer examples and is sure more easily: a topic
    on a kind of waste answers a disposal question only when it is the item's kind (a sofa:
    the bulky-waste topic; 沙发怎么扔 must not get the recyclables topic), never the general
    rules. A topic on no kind keeps it, as in Japanese: 「树枝怎么扔」 is the garden-waste
    topic's (how long, how many bundles), not the burnable rule of 木の枝 alone."""
    from madoguchi.waste_items import default_dictionary
    from madoguchi.waste_topics import default_item_topics, topic_of

    if faq_id != GENERAL_RULES and faq_id not in default_item_topics().kind_topics():
        return True
    items = default_dictionary().find(text)
    return bool(items) and faq_id == topic_of(items[0]).topic != GENERAL_RULES


def _sure_of_an_faq(message: Message) -> bool:
    """Whether the joint ranking's first entry is an FAQ topic (a name with a slash, not a skill
    or out_of_scope) at SURE_OF_FAQ or more: 「テレビいらない」 ranks appliance recycling first
    and sure, so it keeps that answer instead of the item's."""
    best = joint_ranking(message.as_dict())[:1]
    return bool(best) and "/" in best[0]["intent"] and best[0]["confidence"] >= SURE_OF_FAQ


def _faq_keeps(faq_id: str, text: str) -> bool:
    """In Japanese, whether an FAQ the classifier is sure of keeps a disposal question that
    names one item. The topic on the item's own kind does: 「布団を捨てたい」 sure of bulky
    waste gets that topic's answer after a line on the 布団 (see _item_of_its_topic). A
    topic on another kind of waste does not: 「古くなった毛布を処分したい」 sure of PC recycling
    gets the item's answer. Any other topic does (「コンビニのコピー機で住民票を出せる？」 is
    about certificates, 「年末年始に布団を出せますか」 about the holiday schedule), and so do
    the general rules, sure of a question on times and places (「生ごみは何時までに出せばいい？」)."""
    from madoguchi.waste_topics import default_item_topics

    if faq_id == GENERAL_RULES or faq_id not in default_item_topics().kind_topics():
        return True
    return _item_of_its_topic(faq_id, text) is not None


def _item_of_its_topic(faq_id: str, text: str) -> Optional[str]:
    """The one item a message names when `faq_id` is the topic on that item's kind, else
    None: 「布団を捨てたい」 and waste/bulky_waste give 「布団」; the general rules, which name
    no kind, give None, and so does a message naming two items (a question about a kind)."""
    from madoguchi.waste_items import default_dictionary
    from madoguchi.waste_topics import topic_of

    dictionary = default_dictionary()
    if faq_id == GENERAL_RULES or dictionary.mentions(text) != 1:
        return None
    items = dictionary.find(text)
    return items[0].name if items and topic_of(items[0]).topic == faq_id else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class WasteItemQuestionClassifier(GraphComponent, IntentClassifier):
    def __init__(self, config: Dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "WasteItemQuestionClassifier":
        return cls(config)

    def _one_item_in(self, text: str) -> bool:
        """One item named (its variants count once): several make a question about a kind of waste."""
        from madoguchi.waste_items import default_dictionary

        return default_dictionary().mentions(text) == 1

    def _is_day_question(self, text: str) -> bool:
        from madoguchi.waste_data import current

        data = current()
        if data.districts.mentions_condition(text):  # 「国道2号に面してます」 answers which row
            return True
        if not DAY_QUESTION.search(text.strip()):
            return False
        return bool(data.districts.find(text)) and (bool(data.kinds_in(text)) or "ごみ" in text or "ゴミ" in text or "日" in text)

    def _is_item_question(self, message: Message) -> bool:
        text = message.get("text") or ""
        if text.startswith("/"):
            return False
        from madoguchi.item_names import asks_about_item  # the same cues in English, Chinese, Korean, Vietnamese

        asks_kind, asks_disposal = asks_about_item(text)
        cues = _cue_text(asked_part(text))
        if (CATEGORY_QUESTION.search(cues) and not TOPIC_DETAIL.search(cues)) or asks_kind:
            return self._one_item_in(text)
        if DISPOSAL_QUESTION.search(cues) or asks_disposal:
            best = joint_ranking(message.as_dict())[:1]
            sure_of_faq = _sure_of_an_faq(message)
            if sure_of_faq and detect(text) not in (None, JAPANESE):
                sure_of_faq = _about_its_kind(best[0]["intent"], text)
            elif sure_of_faq:
                sure_of_faq = _faq_keeps(best[0]["intent"], text)
            return (not sure_of_faq or _city_imported()) and self._one_item_in(text)
        if NOT_WANTED.search(cues) and not ASKS_IF_NEEDED.search(cues):
            return not _sure_of_an_faq(message) and self._one_item_in(text)
        return False

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get("text") or ""
            if not text.startswith("/") and _point_asks_a_day(text) and self._is_day_question(text):
                self._choose(message, DAY_INTENT)
            elif self._is_item_question(message):
                self._choose(message, INTENT)
            elif not text.startswith("/") and self._is_day_question(text):
                self._choose(message, DAY_INTENT)
            elif not text.startswith("/"):
                self._mark_item_of_its_topic(message)
        return messages

    @staticmethod
    def _mark_item_of_its_topic(message: Message) -> None:
        """A topic on a kind of waste, sure and first, asked about one item of that kind
        (「布団を捨てたい」, bulky waste): the item is marked as the entity `waste_item`, and a
        rule answers with a line on the item before the topic (bot/actions/item_topic.py)."""
        if not _sure_of_an_faq(message):
            return
        topic = joint_ranking(message.as_dict())[0]["intent"]
        if topic.split("/")[0] != (message.get("intent") or {}).get("name"):  # not what is answered
            return
        item = _item_of_its_topic(topic, message.get("text") or "")
        if item is None or _city_imported():
            return
        entity = {"entity": "waste_item", "value": item, "extractor": WasteItemQuestionClassifier.__name__}
        message.set("entities", [*(message.get("entities") or []), entity], add_to_output=True)

    @staticmethod
    def _choose(message: Message, intent: str) -> None:
        rule = {"name": intent, "confidence": 1.0}
        ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") not in (intent, "nlu_fallback")]
        message.set("intent", rule, add_to_output=True)
        message.set("intent_ranking", [rule] + ranking, add_to_output=True)
