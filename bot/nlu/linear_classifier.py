"""One linear classifier over everything the assistant can answer: FAQ topics and intents.

It takes the place of DIETClassifier + ResponseSelector. Measured on this corpus (`make
eval`'s held-out and written questions), a linear SVM over Sudachi lemmas and character
n-grams picks the right FAQ topic first more often than the two neural steps did (92% against
89%), and it trains in seconds rather than minutes. It also scales to a city's imported FAQ list:
the ResponseSelector needed about 6 minutes per epoch for 2,000 topics, this takes about two
minutes for all of them (BENCHMARKS.md).

Features are computed here, not by CountVectorsFeaturizer, because that featurizer also
turns every answer text of every training example into features (minutes for an imported
list) that nothing uses.

The output has Rasa's own shapes, so Rasa Core and the rest of the pipeline read it as they
read a ResponseSelector's: `intent_ranking` names categories and intents, and
`response_selector.default` names the topics. Confidences are a softmax over the SVM's
scores plus one more score, `abstain_score`, that stands for "none of these": a question
no label scores well on (「届け出」 alone, or something the city does not handle) then gets
low confidences and the fallback shows candidates. They are kept to the best
`ranking_length` labels; a category's confidence is the sum of its shown topics, so that
madoguchi.ranking.joint_ranking gives back exactly this ranking.

A question that is, word for word after Sudachi's normalization, one of the training
examples gets that example's label outright: the corpus forbids one wording under two
topics, and a question staff added as an example must get its answer after a retrain,
whatever the regularized SVM makes of it.
"""

from __future__ import annotations

import copy
import json
import logging
import unicodedata
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_DEFAULT_INTENT,
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
    TOKENS_NAMES,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.nlu.sudachi_tokenizer import inputs_fingerprint
from madoguchi.languages import detect
from madoguchi.ranking import is_imported
from madoguchi.traditional_chinese import as_simplified

logger = logging.getLogger(__name__)

_MODEL_FILE = "linear_classifier.skops"
_TRUSTED_TYPES = frozenset({"scipy.sparse._csr.csr_matrix"})
_TERMS_FILE = "vocabularies.json"  # the vectorizers' terms in index order, beside the skops file
_VECTORIZERS = ("words", "chars")
_LEMMA = r"\S+"  # lemma_text separates the lemmas by spaces
# the question as read (bot.nlu.resident_reading): Sudachi's tokens of the respelled,
# corrected text, and that text
READ_TOKENS = "read_tokens"
READ_TEXT = "read_text"


def label_of(message: Message) -> str:
    """`waste/bulky_waste` for an FAQ example, the intent name (`greet`) otherwise."""
    return str(message.get(INTENT_RESPONSE_KEY) or message.get(INTENT))


def lemma_text(message: Message) -> str:
    """The Sudachi lemmas the tokenizer left on the message, separated by spaces."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join(str(token.lemma or token.text) for token in tokens)


def char_text(message: Message) -> str:
    """The text for character n-grams: NFKC folds ｶﾞｲﾄﾞ and ＰＤＦ to ガイド and pdf, and traditional
    Chinese is read in the simplified characters of the corpus's examples (兒童 → 儿童)."""
    return _char_form(message.get(TEXT) or "")


def read_otherwise(typed: str, read: str) -> bool:
    """Whether reading (bot.nlu.resident_reading) changed the question beyond the width of
    its characters.

    >>> read_otherwise("組大ゴミを出したい", "粗大ゴミを出したい")
    True
    >>> read_otherwise("ＰＣの回収", "PCの回収")
    False
    """
    return unicodedata.normalize("NFKC", typed) != read


def _char_form(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return (as_simplified(text) if detect(text) == "zh" else text).lower()


def example_key(lemmas: str) -> str:
    """A wording by its lemmas (from lemma_text), punctuation and symbols left out. Two corpus
    examples with one key also share their content lemmas, which the validator keeps to one topic."""
    return " ".join(lemma for lemma in lemmas.split() if any(ch.isalnum() for ch in lemma))


def confidences(scores: np.ndarray, temperature: float, abstain_score: float) -> np.ndarray:
    """Softmax over the scores and the abstain score; the abstain share is left out."""
    scaled = np.append(scores, abstain_score) * temperature
    shifted = np.exp(scaled - scaled.max())
    return (shifted / shifted.sum())[:-1]


def _features(words: TfidfVectorizer, chars: TfidfVectorizer, lemmas: List[str], texts: List[str]) -> Any:
    """One row per message: the TF-IDF of its lemma text beside that of its char_text."""
    return scipy.sparse.hstack([words.transform(lemmas), chars.transform(texts)]).tocsr()


def known_examples(lemmas: List[str], labels: List[str]) -> Dict[str, str]:
    """Training wordings (their lemma texts) and their labels; one seen under two labels is left out."""
    seen: Dict[str, Set[str]] = {}
    for text, label in zip(lemmas, labels):
        seen.setdefault(example_key(text), set()).add(label)
    return {key: next(iter(found)) for key, found in seen.items() if key and len(found) == 1}


def write_ranking(message: Message, ranking: List[Tuple[str, float]], retrieval_intents: List[str]) -> None:
    """A ranking of labels (topics and intents, best first) in Rasa's shapes: the intent ranking
    names categories (a category's confidence is the sum of its shown topics) and intents,
    `response_selector.default` names the topics. madoguchi.ranking.joint_ranking reads back
    exactly this ranking."""
    _set_intents(message, ranking)
    _set_topics(message, ranking, retrieval_intents)


def _set_intents(message: Message, ranking: List[Tuple[str, float]]) -> None:
    totals: Dict[str, float] = {}
    for label, confidence in ranking:
        name = label.split("/", 1)[0]
        totals[name] = totals.get(name, 0.0) + confidence
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    intents = [{"name": name, "confidence": confidence} for name, confidence in ordered]
    if not intents:
        return
    message.set(INTENT, dict(intents[0]), add_to_output=True)
    message.set(INTENT_RANKING_KEY, intents, add_to_output=True)


def _set_topics(message: Message, ranking: List[Tuple[str, float]], retrieval_intents: List[str]) -> None:
    topics = [{"id": None, "confidence": confidence, INTENT_RESPONSE_KEY: label} for label, confidence in ranking if "/" in label]
    selectors = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
    if not topics:
        selectors.pop(RESPONSE_SELECTOR_DEFAULT_INTENT, None)
        if selectors:
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)
        return
    best = topics[0]
    prediction = {
        RESPONSE_SELECTOR_PREDICTION_KEY: {
            # Rasa Core utters the response named here; the text comes from the domain
            RESPONSE_SELECTOR_RESPONSES_KEY: [],
            "confidence": best["confidence"],
            INTENT_RESPONSE_KEY: best[INTENT_RESPONSE_KEY],
            RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{best[INTENT_RESPONSE_KEY]}",
        },
        RESPONSE_SELECTOR_RANKING_KEY: topics,
    }
    selectors[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = retrieval_intents
    selectors[RESPONSE_SELECTOR_DEFAULT_INTENT] = prediction
    message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearFaqClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # the SVM's regularization: 0.3 and 1 gave the best first picks on make eval's
            # questions, 3 fitted the examples too closely
            "C": 1.0,
            # sharpness of the softmax that turns scores into confidences
            "temperature": 8.0,
            # the score of "none of these" in that softmax (the SVM's boundary is 0)
            "abstain_score": -0.25,
            "char_ngram_range": [1, 3],
            # labels kept in the rankings (the 「もしかして…」 candidates come from them)
            "ranking_length": 10,
            "random_seed": 1,
            # imported entries (madoguchi.ranking.is_imported) are left to the retrieval step
            "leave_imported_to_retrieval": True,
        }

    @staticmethod
    def required_packages() -> List[str]:
        return ["sklearn", "skops"]

    def __init__(
        self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
        parts: Optional[Dict[str, Any]] = None,
    ) -> None:  # fmt: skip
        self.component_config = config
        self._model_storage = model_storage
        self._resource = resource
        self._parts = parts  # words, chars (vectorizers), svm, retrieval_intents, examples

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return inputs_fingerprint(config, [])

    @classmethod
    def create(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "LinearFaqClassifier":
        return cls(config, model_storage, resource)

    # ---- training ----------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        # an imported entry (one question) is found by bot.nlu.faq_retrieval, not learned here:
        # 2,000 such labels made this SVM take 26 minutes, 10 GB and a 140 MB model
        skip = self.component_config["leave_imported_to_retrieval"]
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and not (skip and is_imported(label_of(m)))]
        labels = [label_of(m) for m in examples]
        if len(set(labels)) < 2:
            logger.warning("LinearFaqClassifier needs at least two labels to train; it will answer nothing.")
            with self._model_storage.write_to(self._resource):
                pass  # an empty resource: load() finds no model file and answers nothing
            return self._resource
        low, high = self.component_config["char_ngram_range"]
        words = TfidfVectorizer(token_pattern=_LEMMA, lowercase=False, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char", ngram_range=(low, high), sublinear_tf=True)
        lemmas, texts = [lemma_text(m) for m in examples], [char_text(m) for m in examples]
        features = _features(words.fit(lemmas), chars.fit(texts), lemmas, texts)
        svm = LinearSVC(C=self.component_config["C"], random_state=self.component_config["random_seed"])
        svm.fit(features, labels)
        self._parts = {
            "words": words, "chars": chars, "svm": svm,
            "retrieval_intents": sorted(training_data.retrieval_intents),
            "examples": known_examples(lemmas, labels),
        }  # fmt: skip
        self.persist()
        return self._resource

    # ---- prediction --------------------------------------------------------------------

    def process(self, messages: List[Message]) -> List[Message]:
        if not self._parts:
            return messages
        for message in messages:
            write_ranking(message, self._ranking(message), (self._parts or {}).get("retrieval_intents", []))
        return messages

    def _ranking(self, message: Message) -> List[Tuple[str, float]]:
        """The best labels with their confidences, best first: of the question as read
        (bot.nlu.resident_reading's `read_tokens`, when reading changed its words: 組大ゴミ read
        粗大ゴミ), otherwise as typed: the words retrieval reads too (bot.nlu.faq_retrieval)."""
        read_tokens, read = message.get(READ_TOKENS), message.get(READ_TEXT) or ""
        if read_tokens is None or not read_otherwise(message.get(TEXT) or "", read):
            return self._text_ranking(lemma_text(message), char_text(message))
        lemmas = " ".join(str(token.lemma or token.text) for token in read_tokens)
        return self._text_ranking(lemmas, _char_form(read))

    def _text_ranking(self, lemmas: str, chars: str) -> List[Tuple[str, float]]:
        """The best labels for a text's lemmas (lemma_text) and its characters (char_text)."""
        parts = self._parts or {}
        known = parts["examples"].get(example_key(lemmas))
        if known:
            return [(known, 1.0)]
        features = _features(parts["words"], parts["chars"], [lemmas], [chars])
        classes: Sequence[str] = parts["svm"].classes_
        scores = np.ravel(parts["svm"].decision_function(features))
        if len(classes) == 2:  # a binary SVM gives one score, for the second class
            scores = np.array([-scores[0], scores[0]])
        shares = confidences(scores, self.component_config["temperature"], self.component_config["abstain_score"])
        best = np.argsort(-shares, kind="stable")[: self.component_config["ranking_length"]]
        return [(str(classes[i]), float(shares[i])) for i in best]

    # ---- persistence -------------------------------------------------------------------

    def persist(self) -> None:
        import skops.io as sio

        if self._parts is None:  # nothing trained: load() finds no model file
            return
        with self._model_storage.write_to(self._resource) as directory:
            slim, terms = _without_vocabularies(self._parts)
            (directory / _TERMS_FILE).write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
            sio.dump(slim, directory / _MODEL_FILE)

    @classmethod
    def load(
        cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearFaqClassifier":  # fmt: skip
        import skops.io as sio

        with model_storage.read_from(resource) as directory:
            path = directory / _MODEL_FILE
            if not path.exists():  # trained on fewer than two labels: it answers nothing
                return cls(config, model_storage, resource)
            # skops, not pickle: a model file cannot run code when it is loaded; it may hold
            # only sklearn's own types and the sparse matrix TfidfVectorizer keeps its idf in
            unexpected = set(sio.get_untrusted_types(file=path)) - _TRUSTED_TYPES
            if unexpected:
                raise ValueError(f"{path.name} holds types that are not trusted: {sorted(unexpected)}")
            parts = sio.load(path, trusted=sorted(_TRUSTED_TYPES))
            terms_path = directory / _TERMS_FILE
            if terms_path.exists():
                _restore_vocabularies(parts, json.loads(terms_path.read_text(encoding="utf-8")))
        return cls(config, model_storage, resource, parts)


def _without_vocabularies(parts: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, List[str]]]:
    """The parts to save with skops, their vectorizers without vocabularies, and those
    vocabularies as term lists in index order. skops writes a dict entry by entry and builds
    the whole file in memory first: the character vocabulary's 80,000 entries made the save
    the peak of training (+310 MB, 2.1 GB for a 2,000-entry list, 2026-12-04)."""
    slim, terms = dict(parts), {}
    for name in _VECTORIZERS:
        vectorizer = copy.copy(parts[name])  # the trained classifier keeps its own
        vocabulary: Dict[str, int] = vectorizer.vocabulary_
        del vectorizer.vocabulary_
        terms[name] = sorted(vocabulary, key=vocabulary.__getitem__)
        slim[name] = vectorizer
    return slim, terms


def _restore_vocabularies(parts: Dict[str, Any], terms: Dict[str, List[str]]) -> None:
    for name in _VECTORIZERS:
        parts[name].vocabulary_ = {term: index for index, term in enumerate(terms[name])}
