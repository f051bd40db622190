"""The NLU steps as Rasa trains and runs them, on a few questions: real Sudachi, the real
classifier and retrieval index, stored and loaded through Rasa's model storage."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.faq_retrieval import FaqRetrieval
from bot.nlu.linear_classifier import LinearFaqClassifier
from bot.nlu.sudachi_tokenizer import SudachiTokenizer


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="test")


def trained_pipeline(
    directory: Path, questions: Dict[str, List[str]], answers: Dict[str, str]
) -> Tuple[SudachiTokenizer, LinearFaqClassifier, FaqRetrieval]:
    """Tokenizer, classifier and retrieval trained on `questions` (label -> examples; an FAQ
    label is `category/key`) and `answers` (FAQ label -> answer text), then loaded."""
    storage = LocalModelStorage(directory)
    tokenizer_config = SudachiTokenizer.get_default_config()
    SudachiTokenizer.create(tokenizer_config, storage, Resource("tok"), context()).train(TrainingData())
    tokenizer = SudachiTokenizer.load(tokenizer_config, storage, Resource("tok"), context())
    examples = []
    for label, texts in questions.items():
        intent, _, key = label.partition("/")
        for text in texts:
            examples.append(Message(data={"text": text, "intent": intent, **({"intent_response_key": label} if key else {})}))
    responses = {f"utter_{label}": [{"text": text}] for label, text in answers.items()}
    data = TrainingData(training_examples=examples, responses=responses)
    tokenizer.process_training_data(data)
    linear_config = LinearFaqClassifier.get_default_config()
    LinearFaqClassifier.create(linear_config, storage, Resource("lin"), context()).train(data)
    retrieval_config = FaqRetrieval.get_default_config()
    FaqRetrieval.create(retrieval_config, storage, Resource("ret"), context()).train(data)
    return (
        tokenizer,
        LinearFaqClassifier.load(linear_config, storage, Resource("lin"), context()),
        FaqRetrieval.load(retrieval_config, storage, Resource("ret"), context()),
    )


def processed(components: Any, text: str) -> Message:
    """A message as the components leave it, in order."""
    message = Message(data={"text": text})
    for component in components:
        component.process([message])
    return message
