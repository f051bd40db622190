"""Rasa's FallbackClassifier, deciding on the joint ranking of categories and FAQ topics.

The stock classifier only sees the category's confidence: a question that is surely about
waste but could be either of two waste topics would be answered with a coin toss. This one
falls back when the best *topic* is unsure or too close to the second, so the resident is
shown candidates instead. Place it after the classifier; thresholds stay in config.yml.

It also makes the answer agree with the ranking: a response selector may pick its best
topic over *all* categories, which can belong to a category other than the classified
intent. When the assistant answers, intent and selected topic are both the
best entry of the joint ranking.

Below `refuse_threshold` (lower than `threshold`) the question is not offered candidates
but refused as out of scope: nothing the city answers is close to it
(「冷蔵庫にある卵とキャベツで何か作れる？」 shares only 冷蔵庫 with appliance recycling).

A long question with a story before its point (madoguchi.japanese.question_point) is answered
on other evidence than the threshold: its best entry reaches `long_question_threshold` and is
`long_question_margin` times the runner-up. The story's words (「主人の転勤で」「荷ほどきも
まだ途中」) match no entry, so they lower every score and the softmax spreads the confidence
thin (the right topic first at 0.2–0.35); the margin over the second still says the point
is clear. Both were chosen on tests/data/dev/resident_styles_dev.jsonl.

A long story can dilute the whole question further, under the refusal threshold
(「…足も弱ってきて…物置を片付けていたら…こういう大きなものはどのように申し込めば引き取って
もらえるのでしょうか」). Its point ranked alone (`point_ranking`, bot.nlu.faq_retrieval) is the
other evidence: when the point's best topic is the whole question's best, the question is not
refused (the candidates are shown), and it is answered when the point's confidence reaches
`point_threshold` and is `point_margin` times the point's runner-up. The point alone is never
trusted by itself: it often loses the subject the story named (「何を持って行けばよいか」), and
then its generic words find another topic, which the whole question does not put first. Nor
does it answer a topic that the classifier (the whole question, before retrieval) does not
have in its best two (「…遺族年金の金額がいくらになるのか計算する方法は」: its いくら finds the
nursery fee, which the classifier does not consider).

When the story makes the whole question waver between two topics (the runner-up at least
`point_tie_ratio` of the best: 「第二子が生まれました…子どもの手当の申請はいつまでに」 between
birth registration and child allowance), the point settles it: when the point alone clearly
(`point_threshold`, `point_margin`) puts the runner-up first, the runner-up is the answer.

When the classifier (the whole question, before retrieval), the joint ranking and the point
ranked alone all put the same topic first, the classifier at least `agreement_classifier`,
the long question is answered though the story diluted its confidence under the threshold
(「…ベッドとマットレスを処分したいと思っております。…粗大ごみは家の中まで取りに来ていただけるの
でしょうか」: the classifier 0.95, the joint best 0.10). Three readers agreeing is the evidence;
none alone is: a story that names a topic (「先日、古い冷蔵庫をリサイクルに出して…」) makes the
classifier sure of it while the question asks something else, and then its point names another
topic. Their ranks are compared, not the joint ranking's margin, which moved with examples
added for other languages. It never saves a question from refusal. The point alone does not
answer against a classifier sure of another topic either.

Whatever path would answer a long question, its point ranked alone may veto it: when the point
names its subject itself (a noun of its own, no 「その日」 or 「これ」 pointing back into the
story) and puts another topic
first clearly, or has the answer in neither of its best two, the story named one topic and the
point asks about another (「不用品の回収業者が…古い洗濯機を正しく処分するには」,
「婚姻届はもう前の市で出しております。こちらで国民健康保険に入りたいのですが」); and when the
whole question wavers between its two best and the point puts the runner-up first without
settling it, the candidates are shown too. Chosen on tests/data/dev/ (make eval-dev: the
tuning halves of polite_long_dev2 and polite_long_dev3).

A story that says a step is done (「転入届は出したのですが、…児童手当のことはまだ何も…改めて
申請が必要でしょうか」, madoguchi.question_point.tells_done_step) is not what is asked: the
classifier sure of the story's procedure says little, and a clear point overrules it as a point
that names its own subject does. And a long question whose asking sentence names something no
entry has, while its point ranked alone finds no topic (under `point_unknown_below`), is for
someone else than the city, whatever topic the story's words made the whole question sure of
(「…パソコンを市の回収に出そうと思い…使いやすいのはノートとデスクトップのどちらでしょうか」): the
candidates, not an answer.

Moving in and moving out share their words; the direction of the move tells them apart
(「we move to kanagawa」, 「とうきょう から ひっこし して きた」): when a question's direction cues
point to one of them while the other is first, the two change places
(madoguchi.moving_direction, faq_corpus/moving_direction.tsv and each translated language's
in translations/<language>/: en, zh, ko, vi).

A question that names a topic's thing but asks something else about it (its history, how to
make something of it, customs, shopping: 「剪定した枝で薪を作るやり方」「児童手当は何年に始まった
制度？」) is refused however sure the ranking is, unless it also asks the city's procedure
(madoguchi.other_questions, faq_corpus/other_questions.tsv). A long question is judged by
its point, not by its story.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import (
    AMBIGUITY_THRESHOLD_KEY,
    THRESHOLD_KEY,
    FallbackClassifier,
    _fallback_intent,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from madoguchi.broad_words import broad_word_candidates
from madoguchi.languages import JAPANESE, detect
from madoguchi.moving_direction import direction_settled
from madoguchi.other_questions import default_question_cues, translated_question_cues
from madoguchi.question_point import names_own_subject, question_point, tells_done_step
from madoguchi.ranking import CLASSIFIER_RANKING, POINT_RANKING, POINT_SUBJECT, POINT_UNKNOWN, is_imported, joint_ranking
from madoguchi.sibling_words import SIBLING_WORDS
from madoguchi.traditional_chinese import as_simplified

_SELECTOR = "default"
REFUSE_THRESHOLD_KEY = "refuse_threshold"
LONG_THRESHOLD_KEY = "long_question_threshold"
LONG_MARGIN_KEY = "long_question_margin"
POINT_THRESHOLD_KEY = "point_threshold"
POINT_MARGIN_KEY = "point_margin"
POINT_TIE_KEY = "point_tie_ratio"
AGREEMENT_CLASSIFIER_KEY = "agreement_classifier"
COURTESY_INTENTS_KEY = "courtesy_intents"
SURE_CLASSIFIER_KEY = "sure_classifier"
IMPORTED_TIE_KEY = "imported_tie_ratio"
POINT_UNKNOWN_KEY = "point_unknown_below"
OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FaqFallbackClassifier(FallbackClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # without a long-question threshold a long question is decided as any other
        return {**FallbackClassifier.get_default_config(), REFUSE_THRESHOLD_KEY: 0.0, LONG_THRESHOLD_KEY: None,
                LONG_MARGIN_KEY: 3.0, POINT_THRESHOLD_KEY: None, POINT_MARGIN_KEY: 2.0, POINT_TIE_KEY: None,
                AGREEMENT_CLASSIFIER_KEY: None, COURTESY_INTENTS_KEY: ["greet", "thank", "goodbye"],
                SURE_CLASSIFIER_KEY: None, IMPORTED_TIE_KEY: None, POINT_UNKNOWN_KEY: None}  # fmt: skip

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            point = message.get(POINT_RANKING) or []
            text = message.get("text") or ""
            classifier = message.get(CLASSIFIER_RANKING) or []
            ranking = self._past_courtesies(joint_ranking(message.as_dict()), point, classifier)
            ranking = self._tie_settled_by_point(ranking, point, text)
            # moving to another place is moving out, coming from one moving in (「we move to kanagawa」)
            ranking = direction_settled(ranking, text, detect(text))
            # a step the story says is done is not what is asked (「転入届は出したのですが、…児童手当」)
            named = message.get(POINT_SUBJECT) or tells_done_step(text)
            overruled = self._story_overruled(ranking, point, classifier) if named else []
            if overruled:
                ranking = overruled
            refused = self._refused(ranking) and not self._saved_by_point(ranking, point)
            if refused or _asks_something_else(ranking, text):
                # the ranking stays as it was: staff (and make eval-import) see what was close
                message.data[INTENT] = {"name": OUT_OF_SCOPE, "confidence": 1.0 - (ranking[0]["confidence"] if ranking else 0.0)}
            # a broad word alone (「手続き」) is offered its listed candidates, never guessed
            elif not overruled and (
                self._unsure(ranking, text, point, classifier, bool(message.get(POINT_SUBJECT)))
                or broad_word_candidates(message.get("text") or "")
                # the best entry lacks a word of the question that a close one has
                or message.get(SIBLING_WORDS)
                or self._imported_near_tie(ranking)
                or self._asks_beyond_entries(ranking, point, bool(message.get(POINT_UNKNOWN)))
            ):
                # as Rasa's FallbackClassifier does: the fallback's confidence is the threshold
                fallback = _fallback_intent(self.component_config[THRESHOLD_KEY])
                message.data[INTENT] = fallback
                message.data.setdefault(INTENT_RANKING_KEY, []).insert(0, dict(fallback))
            else:
                _agree_with_ranking(message, ranking)
        return messages

    def _story_overruled(
        self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], classifier: List[Dict[str, Any]]
    ) -> List[Dict[str, Any]]:
        """The ranking with the point's topic first, when the story named one procedure and the
        point clearly asks another (issue 13: 「先日、出生届を出してまいりましたが…児童手当の申請は
        いつまでに」, 「夫の転勤でこちらに越してきて、住民票の手続きも終わりました。ごみ袋は…どこの
        お店で」): the point names its subject itself and puts its topic first clearly
        (`point_threshold`, `point_margin`), and both readers of the whole question have that topic
        in their best two only not always first: the story's procedure
        made the classifier sure of itself. Only for a point that names its subject with a word
        few entries have (`point_names_subject`, bot.nlu.faq_retrieval): 「子どもが遊ぶので危ない
        です。どこに連絡すればいいですか」 names the story's child, and 「申請はどうすればよいで
        しょうか」 a word of every procedure. Empty when the point does not settle it."""
        threshold = self.component_config.get(POINT_THRESHOLD_KEY)
        if threshold is None or not point or not classifier or not ranking or "/" not in point[0]["intent"]:
            return []
        asked = point[0]
        second = point[1]["confidence"] if len(point) > 1 else 0.0
        margin = float(self.component_config[POINT_MARGIN_KEY])
        if asked["confidence"] < float(threshold) or asked["confidence"] < margin * second:
            return []
        readers = ({c["intent"] for c in classifier[:2]}, {r["intent"] for r in ranking[:2]})
        if any(asked["intent"] not in best_two for best_two in readers):
            return []
        if ranking[0]["intent"] == asked["intent"] and classifier[0]["intent"] == asked["intent"]:
            return []  # nothing to overrule: the other paths decide
        return [r for r in ranking if r["intent"] == asked["intent"]] + [r for r in ranking if r["intent"] != asked["intent"]]

    def _asks_beyond_entries(self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], unknown: bool) -> bool:
        """A long question whose asking sentence names something no entry has (`unknown`,
        bot.nlu.faq_retrieval) and whose point ranked alone finds no topic (its best under
        `point_unknown_below`): the story's city words made the whole question sure of a topic,
        while the question is for someone else (「…パソコンを市の回収に出そうと思い…年寄りでも
        使いやすいのはノートとデスクトップのどちらでしょうか」: computer recycling 0.63, the point
        alone 0.08; 「…どこの保険会社の商品が有利でしょうか」 after a pension story). Not answered:
        the candidates. A point that finds its topic keeps the answer (「…ごみステーションの位置が…
        市にお願いすればできるのでしょうか」: its 玄関 is no entry's word, the point still finds the
        collection point)."""
        below = self.component_config.get(POINT_UNKNOWN_KEY)
        if below is None or not unknown or not point or not ranking or "/" not in ranking[0]["intent"]:
            return False
        return bool(point[0]["confidence"] < float(below))

    def _refused(self, ranking: List[Dict[str, Any]]) -> bool:
        """A near miss: the best is an FAQ topic, far below the threshold (a shared word, another
        question). A weak intent (an unknown waste item) is left to the candidates instead."""
        return bool(ranking) and "/" in ranking[0]["intent"] and ranking[0]["confidence"] < self._refuse_limit()

    def _imported_near_tie(self, ranking: List[Dict[str, Any]]) -> bool:
        """The best is an imported entry and the runner-up (another entry, a topic, out of scope)
        has at least `imported_tie_ratio` of its confidence. A city's list holds sibling entries
        whose one question each differs by a word (住民票の写しの取り方 / 住民票の写しの交付時間):
        a question naming only the shared subject (「住民票がほしい」) scores both nearly alike
        (0.43 / 0.40), and the softmax's best is then a coin toss. The candidates show both."""
        ratio = self.component_config.get(IMPORTED_TIE_KEY)
        if ratio is None or len(ranking) < 2 or not is_imported(ranking[0]["intent"]):
            return False
        return bool(ranking[1]["confidence"] >= float(ratio) * ranking[0]["confidence"])

    def _refuse_limit(self) -> float:
        return float(self.component_config.get(REFUSE_THRESHOLD_KEY) or 0.0)

    def _unsure(
        self,
        ranking: List[Dict[str, Any]],
        text: str,
        point: List[Dict[str, Any]],
        classifier: List[Dict[str, Any]],
        point_subject: bool,
    ) -> bool:
        """The best answer is below the threshold (and not a long question's clear point), or
        too close to the second best."""
        if not ranking:
            return True
        below = ranking[0]["confidence"] < self.component_config[THRESHOLD_KEY]
        # the point alone never answers a topic the classifier does not have in its best two
        # (「…遺族年金の金額がいくらになるのか」: its いくら finds the nursery fee)
        alone = self._clear_point_alone(ranking, point) and self._classifier_allows(ranking, classifier)
        sure = self._sure_whole_question(ranking, point, classifier, text)
        evidence = self._clear_point(ranking, text) or alone or sure
        if below and not evidence and not self._agreed(ranking, point, classifier):
            return True
        if self._classifier_disagrees(ranking, point, classifier):
            return True
        if self._point_names_another(ranking, text, point, point_subject) or self._tie_unsettled(ranking, point):
            return True
        # abs: a tie the point settled has its runner-up first (_tie_settled_by_point)
        gap = abs(ranking[0]["confidence"] - ranking[1]["confidence"]) if len(ranking) > 1 else 1.0
        return gap < self.component_config[AMBIGUITY_THRESHOLD_KEY]

    @staticmethod
    def _classifier_disagrees(
        ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], classifier: List[Dict[str, Any]]
    ) -> bool:
        """A long question (it has a point) whose joint best topic is in neither of the
        classifier's best two: retrieval's words (the story's, or the point's generic お金 and
        入る) found a topic the classifier, reading the whole question, does not consider
        (「私は留学生です。…病院の保険に入らないといけないと言われました。どこで入れますか。お金は
        いくらですか。」: childbirth lump sum 0.49, the classifier's best two child medical
        subsidy and national health insurance). Two readers disagree: the candidates."""
        if not point or not classifier or "/" not in ranking[0]["intent"]:
            return False
        return not _among_classifiers(ranking, classifier)

    def _clear_point(self, ranking: List[Dict[str, Any]], text: str) -> bool:
        """A long question whose best entry stands well above the others."""
        threshold = self.component_config.get(LONG_THRESHOLD_KEY)
        if threshold is None or question_point(text) == text:
            return False
        best, second = ranking[0]["confidence"], (ranking[1]["confidence"] if len(ranking) > 1 else 0.0)
        return bool(best >= float(threshold) and best >= float(self.component_config[LONG_MARGIN_KEY]) * second)

    def _agreed(self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], classifier: List[Dict[str, Any]]) -> bool:
        """A long question whose classifier, joint ranking and point put the same topic first,
        the classifier sure enough. Their ranks agree, whatever the joint ranking's margin: that
        margin moved with unrelated examples (English ones written for other topics flipped
        「…ベッドとマットレスを…粗大ごみは家の中まで取りに来ていただけるのでしょうか」, the joint best
        2.5 times its runner-up, between an answer and the candidates), while the classifier's
        0.95 and the point's first place did not. A classifier diluted by a long story (under
        `agreement_classifier`) still agrees when the point alone is clear of the threshold
        (`point_threshold`): 「…大事な書類をどこにしまったのか…母のマイナンバーカードもあったような
        のですが、なくしてしまった場合は…」, classifier 0.11 (ten times its runner-up), point 0.53,
        its runner-up the seal registration card's loss at 0.27, just under `point_margin`."""
        least = self.component_config.get(AGREEMENT_CLASSIFIER_KEY)
        if least is None or not classifier or not _same_best(ranking, point, 0.0):
            return False
        if classifier[0]["intent"] != ranking[0]["intent"]:
            return False
        threshold = self.component_config.get(POINT_THRESHOLD_KEY)
        clear_point = threshold is not None and point[0]["confidence"] >= float(threshold)
        return bool(classifier[0]["confidence"] >= float(least) or clear_point)

    def _sure_whole_question(
        self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], classifier: List[Dict[str, Any]], text: str
    ) -> bool:
        """A long question whose classifier is sure (`sure_classifier`) of the joint best, which
        stands `long_question_margin` times over its runner-up, while its point read alone is
        sure of nothing (its best under `point_threshold`): 「散歩の途中で…古いテレビやタイヤが
        何日も捨てられたままに…どこに知らせればよいのでしょうか」, the classifier 0.98 sure of
        illegal dumping, the joint best 0.11 diluted by the story, the point's 「どこに知らせれば」
        finding nothing. Only when the point names no subject itself: its subject is in the
        story, which only the whole question's readers see. A point that names its own
        (「先日、古い冷蔵庫をリサイクルに出して…冷蔵庫の中をすっきり片付けるこつを」) asks about it,
        and a classifier sure of the story's topic says nothing about that question."""
        least = self.component_config.get(SURE_CLASSIFIER_KEY)
        threshold = self.component_config.get(POINT_THRESHOLD_KEY)
        if least is None or threshold is None or not point or not classifier or "/" not in ranking[0]["intent"]:
            return False
        if classifier[0]["intent"] != ranking[0]["intent"] or classifier[0]["confidence"] < float(least):
            return False
        second = ranking[1]["confidence"] if len(ranking) > 1 else 0.0
        margin = float(self.component_config[LONG_MARGIN_KEY])
        if ranking[0]["confidence"] < margin * second or point[0]["confidence"] >= float(threshold):
            return False
        asked = question_point(text)
        return asked != text and not names_own_subject(asked)

    def _classifier_allows(self, ranking: List[Dict[str, Any]], classifier: List[Dict[str, Any]]) -> bool:
        """The point alone may answer the joint best: the classifier (the whole question, before
        retrieval) puts it first, or has it second while unsure of its own best (under
        `agreement_classifier`). A classifier sure of another topic is a reader that disagrees
        (「…マイナンバーカードを作りたいのですが、…申請はどうすればよいでしょうか」: the point's
        申請 finds proxy applications, the classifier 0.61 the card)."""
        if not classifier or not ranking:
            return True  # a short question: its ranking is the classifier's
        if classifier[0]["intent"] == ranking[0]["intent"]:
            return True
        sure = self.component_config.get(AGREEMENT_CLASSIFIER_KEY)
        unsure = sure is None or classifier[0]["confidence"] < float(sure)
        return unsure and _among_classifiers(ranking, classifier)

    def _point_names_another(
        self, ranking: List[Dict[str, Any]], text: str, point: List[Dict[str, Any]], point_subject: bool
    ) -> bool:
        """A long question whose point, ranked alone, contradicts the whole question's best: it
        puts another topic first, clearly (`point_threshold`, `point_margin`), or has the whole
        question's best in neither of its best two; and the point names its subject itself with
        a word few entries have (`point_subject`: no 「その日」 pointing back into the story, no
        word of every topic's questions). The story named one topic, the point asks about
        another (「不用品の回収業者が…古い洗濯機を正しく処分するには」: the story finds moving waste,
        the point appliance recycling; 「婚姻届はもう前の市で出しております。こちらで国民健康保険に
        入りたいのですが」). Two readers disagree: candidates, not a guess. A point of common words
        vetoes nothing: 「生まれた子の届けは、親でない私が持って行っても受け付けていただけますか」
        read alone finds death registrations (届け, 私), which says nothing against the birth
        registration the whole question and the classifier agree on."""
        threshold = self.component_config.get(POINT_THRESHOLD_KEY)
        if threshold is None or not point_subject or not point or not ranking or "/" not in point[0]["intent"]:
            return False
        best = ranking[0]["intent"]
        if point[0]["intent"] == best:
            return False
        second = point[1]["confidence"] if len(point) > 1 else 0.0
        margin = float(self.component_config[POINT_MARGIN_KEY])
        clear = point[0]["confidence"] >= float(threshold) and point[0]["confidence"] >= margin * second
        if not clear and best in {p["intent"] for p in point[:2]}:
            return False
        return question_point(text) != text

    def _saved_by_point(self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]]) -> bool:
        """A diluted long question whose point alone puts its best topic first, over the refusal
        threshold: not out of scope (the candidates are shown, or the point is clear)."""
        return self.component_config.get(POINT_THRESHOLD_KEY) is not None and _same_best(ranking, point, self._refuse_limit())

    def _tie_settled_by_point(
        self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], text: str
    ) -> List[Dict[str, Any]]:
        """The ranking with its two best swapped when they are close and the point alone clearly
        puts the second first, the point naming its subject itself; else as it was. A point
        that lost its subject settles nothing: 「…抜いた草と落ち葉が袋に十個ほど…一度に全部出しても
        大丈夫でしょうか」 read alone is a question about much waste at once (moving waste), while
        the story says garden waste."""
        ratio = self.component_config.get(POINT_TIE_KEY)
        if ratio is None or len(ranking) < 2 or "/" not in ranking[1]["intent"]:
            return ranking
        best, second = ranking[0], ranking[1]
        if second["confidence"] < float(ratio) * best["confidence"] or not self._clear_point_alone([second], point):
            return ranking
        asked = question_point(text)
        if asked == text or not names_own_subject(asked):
            return ranking
        return [second, best] + ranking[2:]

    def _past_courtesies(
        self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], classifier: List[Dict[str, Any]]
    ) -> List[Dict[str, Any]]:
        """The ranking without the courtesy intents (`courtesy_intents`: greet, thank) when they
        come first but a long question's point asks a topic: 「お世話になります。先日は丁寧にご対応
        いただきありがとうございました。…粗大ごみの手数料はどこで払えばいいのでしょうか」 is thanks
        and a question, and the question is what wants an answer. Only when the point ranked
        alone puts an FAQ topic first (at least `point_threshold`) that the classifier has in
        its best two; a thank-you alone, or a greeting and chat, keeps its courtesy."""
        courtesies = set(self.component_config.get(COURTESY_INTENTS_KEY) or [])
        threshold = self.component_config.get(POINT_THRESHOLD_KEY)
        if not ranking or ranking[0]["intent"] not in courtesies or threshold is None or not point:
            return ranking
        asked = point[0]
        if "/" not in asked["intent"] or asked["confidence"] < float(threshold):
            return ranking
        if asked["intent"] not in {c["intent"] for c in classifier[:2]}:
            return ranking
        return [r for r in ranking if r["intent"] not in courtesies]

    def _tie_unsettled(self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]]) -> bool:
        """The whole question wavers between its two best (the runner-up at least `point_tie_ratio`
        of the best) and the point puts the runner-up first, but not clearly enough to settle it
        (「…コンビニで住民票を取ろうとしただけなのですが。…マイナンバーカードを使えるように戻すには」:
        the story's コンビニ against the point's card): candidates."""
        ratio = self.component_config.get(POINT_TIE_KEY)
        if ratio is None or len(ranking) < 2 or not point or "/" not in ranking[1]["intent"]:
            return False
        best, second = ranking[0], ranking[1]
        return second["confidence"] >= float(ratio) * best["confidence"] and point[0]["intent"] == second["intent"]

    def _clear_point_alone(self, ranking: List[Dict[str, Any]], point: List[Dict[str, Any]]) -> bool:
        """The point ranked alone puts the whole question's best topic well above its others."""
        threshold = self.component_config.get(POINT_THRESHOLD_KEY)
        if threshold is None or not _same_best(ranking, point, float(threshold)):
            return False
        second = point[1]["confidence"] if len(point) > 1 else 0.0
        return bool(point[0]["confidence"] >= float(self.component_config[POINT_MARGIN_KEY]) * second)


def _asks_something_else(ranking: List[Dict[str, Any]], text: str) -> bool:
    """The best is a curated FAQ topic, and the question asks something else about its thing
    (by its language's cues: Japanese, or a translation's own file). A city's imported entry
    may itself be about such things (its history, its recommended places): it is left to the
    scores."""
    if not ranking or "/" not in ranking[0]["intent"] or is_imported(ranking[0]["intent"]):
        return False
    language = detect(text)
    if language not in (None, JAPANESE):
        # English and the others by their own cues, when the language has them
        cues = translated_question_cues(language)
        # the Chinese cues are simplified: 「兒童」 is read as 「儿童」
        read = as_simplified(text) if language == "zh" else text
        return cues is not None and cues.asks_something_else(read) is not None
    # a long question by its point: the story may mention anything (「料理が苦手で」「節約して」)
    return default_question_cues().asks_something_else(question_point(text)) is not None


def _among_classifiers(ranking: List[Dict[str, Any]], classifier: List[Dict[str, Any]]) -> bool:
    """The joint best is one of the classifier's own best two (before retrieval was fused in),
    or the classifier's ranking is not known (a short question)."""
    return not classifier or not ranking or ranking[0]["intent"] in {c["intent"] for c in classifier}


def _same_best(ranking: List[Dict[str, Any]], point: List[Dict[str, Any]], at_least: float) -> bool:
    """The whole question and its point alone put the same FAQ topic first, the point with at
    least this confidence."""
    if not ranking or not point or "/" not in ranking[0]["intent"]:
        return False
    return bool(point[0]["intent"] == ranking[0]["intent"] and point[0]["confidence"] >= at_least)


def _agree_with_ranking(message: Message, ranking: List[Dict[str, Any]]) -> None:
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
