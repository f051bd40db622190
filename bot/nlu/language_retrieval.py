"""Retrieval for questions in English, Chinese, Korean and Vietnamese, over that language's
own example questions, by the words the tokenizer found (bot/nlu/language_morphs.py).

The topic index of bot.nlu.faq_retrieval reads every text with Sudachi: right for Japanese,
noise for the other languages. Sudachi gives English words it knows a katakana form, so
「documents to register a newborn」 met the marriage topic's English examples through a few
katakana words (marriage 0.07 over birth 0.05), and the question was refused or answered
wrongly. Here each of these languages has an index of its own (the same BM25 channels,
madoguchi.retrieval): a topic's document is its examples in that language, as the tokenizer
read them (English stems, jieba's Chinese words, Kiwi's Korean morphemes, Vietnamese
syllables), and its answer sentences in that language. A question in one of these languages
is scored against its language's index only; Japanese and やさしい日本語 keep the Japanese one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Optional

from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_classifier import label_of
from madoguchi.languages import detect
from madoguchi.retrieval import CHANNELS, Document, Query, RetrievalIndex

# languages whose questions the tokenizer reads with their own analyzer
OWN_LANGUAGES = ("en", "zh", "ko", "vi")


def message_words(message: Message) -> List[str]:
    """The tokenizer's lemmas of the message's text (words, not punctuation)."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    lemmas = (str(token.lemma or token.text).lower() for token in tokens)
    return [lemma for lemma in lemmas if any(ch.isalnum() for ch in lemma)]


def language_of(message: Message) -> Optional[str]:
    """The message's language when it has an index of its own, else None."""
    language = detect(message.get(TEXT) or "")
    return language if language in OWN_LANGUAGES else None


def build_indexes(
    training_data: TrainingData, answer_of: Callable[[str], str], weights: Dict[str, float], k1: float, b: float, floor: float
) -> Dict[str, RetrievalIndex]:
    """One index per language that has FAQ examples: question and answer channels only (no
    readings, no compound parts: those are Sudachi's)."""
    asked: Dict[str, Dict[str, List[str]]] = {}
    answered: Dict[str, Dict[str, List[str]]] = {}
    for message in training_data.intent_examples:
        label, language = label_of(message), language_of(message)
        if "/" not in label or language is None:
            continue
        # generate.py adds the answer's sentences as examples: they belong to the answer channel
        channel = answered if message.get(TEXT) in answer_of(label) else asked
        channel.setdefault(language, {}).setdefault(label, []).extend(message_words(message))
    own_weights = {name: (weights[name] if name in ("question", "answer") else 0.0) for name in CHANNELS}
    indexes = {}
    for language in sorted(set(asked) | set(answered)):
        labels = sorted(set(asked.get(language, {})) | set(answered.get(language, {})))
        documents = [
            Document(label, asked.get(language, {}).get(label, []), answered.get(language, {}).get(label, []), [], [])
            for label in labels
        ]
        indexes[language] = RetrievalIndex.build(documents, own_weights, k1, b, floor)
    return indexes


def scores(indexes: Dict[str, RetrievalIndex], message: Message) -> Optional[Dict[str, float]]:
    """Every topic's score in the message's own language, or None for a Japanese message (or a
    language without an index)."""
    language = language_of(message)
    index = indexes.get(language) if language else None
    if index is None:
        return None
    query = Query(question=message_words(message), reading=[], parts=[])
    return dict(zip(index.labels, map(float, index.scores(query))))


def save(indexes: Dict[str, RetrievalIndex], directory: Path) -> None:
    for language, index in indexes.items():
        index.save(directory / language)


def load(directory: Path) -> Dict[str, RetrievalIndex]:
    if not directory.exists():
        return {}
    return {path.name: RetrievalIndex.load(path) for path in sorted(directory.iterdir()) if path.is_dir()}
