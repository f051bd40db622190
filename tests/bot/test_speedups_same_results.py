"""The speed-ups of bot/per_message.py, bot/plain_copies.py and bot/once_computed.py give
exactly what Rasa's, scikit-learn's and the project's own code give without them."""

from __future__ import annotations

import copy
import dataclasses
import uuid
from typing import Any, List

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import TrackerActiveLoop
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

from bot import once_computed, per_message, plain_copies, speedups
from madoguchi.japanese import Analyzer, default_analyzer

QUESTIONS = ["粗大ごみを出したい", "燃やすごみの日はいつ？", "東町", "ソファは何ごみ？", "住民票の写しを郵送で取りたいのですが",
             "ぽよぽよ", "大阪市の粗大ごみ", "Where do I put a sofa?"]  # fmt: skip


def _every_slot_class(cls: type = Slot) -> List[type]:
    return [cls] + [sub for direct in cls.__subclasses__() for sub in _every_slot_class(direct)]


def test_slots_are_copied_plainly_and_the_copies_are_copy_copys(assistant) -> None:
    speedups.install()
    assert Slot.__copy__ is plain_copies.plain_copy  # type: ignore[attr-defined]
    slots = assistant.agent.domain.slots
    assert len(slots) > 3  # the domain's own slots, of several kinds
    for slot in slots:
        slot.value = slot.value  # as a conversation sets them
        ours = copy.copy(slot)
        rasas = plain_copies._copy_by_reduction(slot)  # copy.copy's path without __copy__
        assert type(ours) is type(rasas) is type(slot) and ours is not slot
        assert ours.__dict__ == rasas.__dict__ == slot.__dict__
        assert all(ours.__dict__[k] is slot.__dict__[k] for k in slot.__dict__)  # shallow, as copy.copy


def test_a_class_with_its_own_copy_state_is_copied_by_reduction() -> None:
    class Stateful:
        def __init__(self) -> None:
            self.a = 1

        def __getstate__(self) -> dict:
            return {"a": 2}

    assert not plain_copies.copies_plainly(Stateful)
    assert plain_copies.plain_copy(Stateful()).a == 2  # what copy.copy gives, not the __dict__
    assert all(plain_copies.copies_plainly(cls) for cls in _every_slot_class())


plain_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(trigger=st.none() | st.dictionaries(st.text(max_size=5), plain_values, max_size=4), rejected=st.booleans())
def test_the_active_form_becomes_the_dictionary_asdict_makes(trigger: Any, rejected: bool) -> None:
    loop = TrackerActiveLoop("waste_collection_day_form", False, rejected, trigger)
    ours, rasas = plain_copies.plain_asdict(loop), dataclasses.asdict(loop)
    assert ours == rasas and repr(ours) == repr(rasas)  # the same types, keys and order
    if trigger:
        assert ours["trigger_message"] is not trigger  # a copy, as asdict's


def test_values_that_are_not_plain_go_to_asdict() -> None:
    trigger = {"intent": {"confidence": np.float64(0.5)}, "ranking": [np.float32(0.25)]}
    loop = TrackerActiveLoop("f", True, False, trigger)
    ours = plain_copies.plain_asdict(loop)
    assert ours == dataclasses.asdict(loop) and type(ours["trigger_message"]["ranking"][0]) is np.float32
    assert ours["trigger_message"]["ranking"] is not trigger["ranking"]


def test_the_tracker_state_with_an_active_form_is_rasas(assistant, ask, event_loop_session) -> None:
    speedups.install()
    conversation = "state-" + uuid.uuid4().hex
    ask("燃やすごみの日はいつ？", conversation)
    tracker = event_loop_session.run_until_complete(assistant.agent.tracker_store.retrieve(conversation))
    assert tracker.active_loop is not None and tracker.active_loop.trigger_message
    state = tracker.current_state()
    assert state["active_loop"] == dataclasses.asdict(tracker.active_loop)
    assert repr(state["active_loop"]) == repr(dataclasses.asdict(tracker.active_loop))


def test_the_empty_domain_check_is_rasas(assistant) -> None:
    speedups.install()
    assert Domain.is_empty is once_computed.is_empty
    for domain in (assistant.agent.domain, Domain.empty(), Domain.from_dict({"intents": ["greet"]})):
        assert domain.is_empty() == (domain.as_dict() == Domain.from_dict({}).as_dict())
    assert Domain.empty().is_empty() and not assistant.agent.domain.is_empty()


def test_the_idf_vector_is_computed_once_per_fitted_matrix() -> None:
    speedups.install()
    transformer = TfidfTransformer(sublinear_tf=True)
    assert not hasattr(transformer, "idf_")  # unfitted, as before
    transformer.fit(np.array([[1, 0, 2], [0, 1, 1]]))
    expected = np.ravel(transformer._idf_diag.sum(axis=0))
    first, second = transformer.idf_, transformer.idf_
    assert np.array_equal(first, expected) and first is not second  # each caller its own copy
    first[:] = 0
    assert np.array_equal(transformer.idf_, expected)
    transformer.fit(np.array([[1, 0, 0, 3], [0, 0, 1, 1], [1, 1, 1, 1]]))  # refitted: a new matrix, a new vector
    assert np.array_equal(transformer.idf_, np.ravel(transformer._idf_diag.sum(axis=0))) and transformer.idf_.shape == (4,)
    transformer.idf_ = np.ones(4)  # the setter makes a new matrix too
    assert np.array_equal(transformer.idf_, np.ones(4))
    vectorizer = TfidfVectorizer(analyzer="char", sublinear_tf=True).fit(["粗大ごみ", "東町"])
    assert vectorizer.transform(["ソファ", "ごみ"]).shape == (2, len(vectorizer.vocabulary_))


def test_sudachi_runs_once_per_text_within_a_message_and_not_across_messages(monkeypatch) -> None:
    speedups.install()
    analyzer = default_analyzer()
    calls: List[str] = []
    tokenizer = Analyzer._tokenizer

    def counting(self: Analyzer, split_mode: str) -> Any:
        calls.append(split_mode)
        return tokenizer(self, split_mode)

    monkeypatch.setattr(Analyzer, "_tokenizer", counting)
    plain = [analyzer.morphs("粗大ごみを出したい") for _ in range(2)]
    assert len(calls) == 2 and plain[0] == plain[1]  # outside a message: nothing remembered
    with per_message.one_message():
        first = analyzer.morphs("粗大ごみを出したい")
        again = analyzer.morphs("粗大ごみを出したい")
        parts = analyzer.morphs("粗大ごみを出したい", "A")
        with per_message.one_message():  # nested: the same message
            assert analyzer.morphs("粗大ごみを出したい") == first
    assert len(calls) == 4 and first == again == plain[0] and first is not again
    assert len(parts) >= len(first)  # split mode A: compounds cut into their parts
    with per_message.one_message():
        analyzer.morphs("粗大ごみを出したい")
    assert len(calls) == 5  # the next message analyses anew


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_message_is_parsed_exactly_as_without_the_shared_analysis(assistant, event_loop_session, text: str) -> None:
    processor = assistant.agent.processor
    assert getattr(MessageProcessor.parse_message, per_message.WRAPPED, False)
    rasas = event_loop_session.run_until_complete(MessageProcessor.parse_message.__wrapped__(processor, UserMessage(text)))
    ours = event_loop_session.run_until_complete(processor.parse_message(UserMessage(text)))
    assert ours["text"] == rasas["text"] == text and ours["intent"]["name"]
    assert ours == rasas and repr(ours) == repr(rasas)


def test_a_data_folder_is_looked_at_once_per_message(ask, monkeypatch) -> None:
    """The waste dictionary's folder is listed once in an item lookup's turn (NLU and
    action alike), and again in the next turn, so a staff edit is seen from the next message."""
    from madoguchi import waste_data

    looks: List[Any] = []
    stamp = waste_data._stamp
    monkeypatch.setattr(waste_data, "_stamp", per_message.once_per_message(lambda folder: looks.append(folder) or stamp(folder)))
    turn = ask("ソファは何ごみ？")
    assert turn.intent == "waste_item_lookup" and turn.replies
    assert len(looks) == 1
    ask("ソファは何ごみ？")
    assert len(looks) == 2


def test_rasa_sdks_nothing_to_validate_warning_is_not_written(ask, caplog) -> None:
    import logging

    caplog.set_level(logging.WARNING, logger="rasa_sdk.forms")
    conversation = "validate-" + uuid.uuid4().hex
    ask("燃やすごみの日はいつ？", conversation)
    turn = ask("東町", conversation)  # the form validates the answer
    assert turn.replies and turn.slots.get("district")
    logging.getLogger("rasa_sdk.forms").warning("Skipping nothing else")  # other warnings still pass
    assert "Skipping validation" not in caplog.text and "Skipping nothing else" in caplog.text


def _without_ids_and_times(events: List[Any]) -> List[Any]:
    stripped = []
    for event in events:
        record = event.as_dict()
        record.pop("timestamp", None)
        record.pop("message_id", None)
        if isinstance(record.get("parse_data"), dict):
            record["parse_data"] = {k: v for k, v in record["parse_data"].items() if k != "message_id"}
        stripped.append(record)
    return stripped


def test_conversations_are_answered_and_stored_exactly_as_without_the_per_message_memo(
    assistant, event_loop_session, monkeypatch
) -> None:
    """Every per-message memo (Sudachi, respelling, language, item matches, retrieval's reading,
    the data checks) at once: the same replies and the same events as Rasa's own handling."""
    from rasa.core.channels.channel import CollectingOutputChannel

    speedups.install()
    texts = ["粗大ごみを出したい", "燃やすごみの日はいつ？", "東町", "ソファは何ごみ？", "ソファは何ごみ？", "大阪市の粗大ごみ",
             "ぽよぽよ", "Where do I put a sofa?", "ｿﾌｧってどう捨てるん？"]  # fmt: skip
    replies, events = {}, {}
    for way in ("ours", "rasas"):
        conversation = f"{way}-{uuid.uuid4().hex}"
        replies[way] = []
        with monkeypatch.context() as patches:
            if way == "rasas":  # Rasa's own methods: no message has a memo
                for name in ("handle_message", "parse_message"):
                    patches.setattr(MessageProcessor, name, getattr(MessageProcessor, name).__wrapped__)
            for text in texts:
                output = CollectingOutputChannel()
                event_loop_session.run_until_complete(
                    assistant.agent.processor.handle_message(UserMessage(text, output, conversation))
                )
                replies[way].append([{k: v for k, v in m.items() if k != "recipient_id"} for m in output.messages])
        tracker = event_loop_session.run_until_complete(assistant.agent.tracker_store.retrieve(conversation))
        events[way] = _without_ids_and_times(list(tracker.events))
    assert replies["ours"] == replies["rasas"] and all(replies["ours"])
    assert events["ours"] == events["rasas"] and len(events["ours"]) > 3 * len(texts)


@pytest.mark.parametrize(
    "module, work, text",
    [("madoguchi.japanese", "romaji_as_kana", "粗大ごみを出したい"),  # respelling (starts with the romaji)
     ("madoguchi.languages", "_script_language", "粗大ごみを出したい"),  # the language of the text
     ("bot.nlu.faq_retrieval", "unknown_katakana_as_hiragana", "粗大ごみを出したい"),  # retrieval's reading
     ("bot.nlu.faq_retrieval", "content_lemmas", "粗大ごみを出したい")],  # retrieval's tokens
)  # fmt: skip
def test_each_part_of_a_message_is_worked_out_once_per_message(
    assistant, event_loop_session, monkeypatch, module, work, text
) -> None:
    import importlib

    speedups.install()
    owner = importlib.import_module(module)
    calls: List[Any] = []
    original = getattr(owner, work)
    monkeypatch.setattr(owner, work, lambda *args: calls.append(args) or original(*args))
    processor = assistant.agent.processor
    event_loop_session.run_until_complete(MessageProcessor.parse_message.__wrapped__(processor, UserMessage(text)))
    without = len(calls)
    calls.clear()
    event_loop_session.run_until_complete(processor.parse_message(UserMessage(text)))
    assert 0 < len(calls) < without  # fails when the memo stops applying


def test_the_items_named_in_a_text_are_found_once_per_message(monkeypatch) -> None:
    """The NLU's item rule and the item action both ask which items a message names."""
    from madoguchi import waste_items

    speedups.install()
    calls: List[str] = []
    asked_about = waste_items._asked_about
    monkeypatch.setattr(waste_items, "_asked_about", lambda text, found: calls.append(text) or asked_about(text, found))
    dictionary = waste_items.default_dictionary()
    assert dictionary.mentions("ソファは何ごみ？") == 1 and dictionary.find("ソファは何ごみ？")
    assert len(calls) == 2  # outside a message: nothing remembered
    with per_message.one_message():
        first = dictionary.matches("ソファは何ごみ？")
        assert dictionary.mentions("ソファは何ごみ？") == 1 and [i.name for i in dictionary.find("ソファは何ごみ？")] == [
            "ソファ"
        ]
        first.clear()  # a caller's own list
        assert dictionary.matches("ソファは何ごみ？")
    assert len(calls) == 3


def test_one_row_matrices_are_stacked_as_scipy_stacks_them() -> None:
    import scipy.sparse

    from bot import sparse_rows

    speedups.install()
    assert getattr(scipy.sparse.hstack, sparse_rows.WRAPPED, False)
    scipys = scipy.sparse.hstack.__wrapped__  # type: ignore[attr-defined]
    rng = np.random.default_rng(7)
    for _ in range(200):
        blocks = [
            scipy.sparse.random(1, int(rng.integers(1, 90_000)), density=float(rng.choice([0.0, 1e-4, 1e-2])), format="csr",
                                random_state=int(rng.integers(1 << 30)), dtype=rng.choice([np.float64, np.float32]))
            for _ in range(int(rng.integers(2, 4)))
        ]  # fmt: skip
        ours, theirs = scipy.sparse.hstack(blocks).tocsr(), scipys(blocks).tocsr()
        assert ours.shape == theirs.shape and type(ours) is type(theirs)
        for part in ("data", "indices", "indptr"):
            assert getattr(ours, part).dtype == getattr(theirs, part).dtype
            assert np.array_equal(getattr(ours, part), getattr(theirs, part))
    two_rows = scipy.sparse.random(2, 5, density=0.5, format="csr")
    assert (scipy.sparse.hstack([two_rows, two_rows]) != scipys([two_rows, two_rows])).nnz == 0  # scipy's own way
    assert scipy.sparse.hstack([two_rows, two_rows], format="csc").format == "csc"


def test_the_classifier_scores_a_message_as_with_scipys_stacking(assistant, event_loop_session, monkeypatch) -> None:
    import scipy.sparse

    speedups.install()
    processor = assistant.agent.processor
    for text in QUESTIONS:
        ours = event_loop_session.run_until_complete(processor.parse_message(UserMessage(text)))
        with monkeypatch.context() as scipys:
            scipys.setattr(scipy.sparse, "hstack", scipy.sparse.hstack.__wrapped__)  # type: ignore[attr-defined]
            rasas = event_loop_session.run_until_complete(processor.parse_message(UserMessage(text)))
        assert ours == rasas and repr(ours) == repr(rasas)
