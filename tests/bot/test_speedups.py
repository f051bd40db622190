"""The speed-ups of the Rasa server: the cached action-result validator accepts and refuses
exactly what Rasa's own does, action calls carry the domain without its responses, and an
endpoint keeps its HTTP session."""

from __future__ import annotations

import asyncio
import functools
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

GOOD = {"events": [{"event": "slot", "name": "district", "value": "東町"}], "responses": [{"text": "東町ですね"}]}
BAD = {"events": [{"name": "district"}], "responses": []}  # an event without its kind


def test_the_validator_is_rasas_with_the_schema_checked_once() -> None:
    action = RemoteAction("validate_waste_collection_day_form", None)
    assert action._validate_action_result(GOOD)
    with pytest.raises(ValidationError) as original:
        action._validate_action_result(BAD)
    speedups.install()
    assert RemoteAction._validate_action_result.__name__ == "validate_action_result"
    assert action._validate_action_result(GOOD)
    with pytest.raises(ValidationError) as cached:
        action._validate_action_result(BAD)
    assert "Failed to validate Action server response" in cached.value.message
    assert cached.value.validator == original.value.validator


DOMAIN = Domain.from_dict(
    {
        "slots": {"district": {"type": "text", "mappings": [{"type": "custom"}]}},
        "forms": {"collection_day_form": {"required_slots": ["district"]}},
        "responses": {"utter_ask_district": [{"text": "お住まいの町名は？"}]},
        "actions": ["validate_collection_day_form"],
    }
)


EVENT_NAMES = ["user", "action", "slot", "entities", "active_loop", "bot", "session_started", "followup", "reminder"]
FIELDS = ["name", "value", "text", "timestamp", "metadata", "parse_data", "entities", "policy", "confidence",
          "input_channel", "message_id", "action_text", "hide_rule_turn", "trigger_date_time", "data"]  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS + ["intent", "start"]), inner, max_size=3),
    max_leaves=6,
)
VALID_EVENTS = [
    {"event": "slot", "name": "district", "value": "東町", "timestamp": None},
    {"event": "action", "name": "action_listen", "policy": None, "confidence": None, "timestamp": 1.5},
    {"event": "active_loop", "name": None},
    {"event": "bot", "text": "東町ですね", "data": {}, "metadata": {}},
    {"event": "user", "text": "粗大ごみ", "parse_data": {"intent": {"name": "faq", "confidence": 1.0}, "entities": []}},
    {"event": "followup", "name": "utter_greet"},
    {"event": "session_started"},
]
changed_events = st.builds(
    lambda event, field, value: {**event, field: value} if value != "delete" else {k: v for k, v in event.items() if k != field},
    st.sampled_from(VALID_EVENTS),
    st.sampled_from(FIELDS + ["event"]),
    json_values | st.just("delete"),
)
events = st.one_of(
    st.sampled_from(VALID_EVENTS),
    changed_events,
    st.fixed_dictionaries(
        {"event": st.sampled_from(EVENT_NAMES) | st.text(max_size=4) | json_values},
        optional={field: json_values for field in FIELDS},
    ),
    json_values,
)
answers = st.fixed_dictionaries({}, optional={"events": st.lists(events, max_size=4) | json_values,
                                              "responses": st.lists(json_values, max_size=2) | json_values})  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(answer=answers)
def test_action_answers_are_judged_exactly_as_rasas_schema_judges_them(answer) -> None:
    """Each event checked against its own kind only: the verdict of Rasa's full `oneOf`."""
    narrowed, full = both_checks()
    assert narrowed(answer) == full(answer)


@functools.lru_cache(maxsize=1)
def both_checks() -> tuple:
    from jsonschema import validators

    from bot import action_results

    schema = RemoteAction.action_response_format_spec()
    return action_results.checker(schema), validators.validator_for(schema)(schema).is_valid


def test_action_answers_are_checked_per_kind_of_event_and_rejected_with_rasas_error() -> None:
    from bot import action_results

    schema = RemoteAction.action_response_format_spec()
    assert action_results.checker(schema).__name__ == "is_valid"  # the narrowed check, not the full validator
    speedups.install()
    action = RemoteAction("action_set_language", None)
    wrong_kind = {"events": [{"event": "slot", "name": 3}], "responses": []}  # a slot's name is a string
    with pytest.raises(ValidationError, match="Failed to validate Action server response") as error:
        action._validate_action_result(wrong_kind)
    assert list(error.value.path) == ["events", 0]  # Rasa's own error, where Rasa puts it


def test_action_calls_carry_the_domain_without_its_responses() -> None:
    speedups.install()
    action = RemoteAction("validate_collection_day_form", EndpointConfig("http://127.0.0.1:1/webhook"))
    call = action._action_call_format(DialogueStateTracker("s", DOMAIN.slots), DOMAIN)
    assert "responses" not in call["domain"] and "utter_ask_district" in DOMAIN.as_dict()["responses"]
    assert call["domain"]["forms"] == {"collection_day_form": {"required_slots": ["district"]}}
    assert call["domain"]["slots"]["district"]["mappings"] == [{"type": "custom"}]
    again = action._action_call_format(DialogueStateTracker("t", DOMAIN.slots), DOMAIN)
    assert again["domain"] is call["domain"]  # built once per domain


def test_an_endpoint_keeps_one_session_per_event_loop() -> None:
    speedups.install()
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", headers={"X-A": "1"})

    async def two_requests() -> tuple:
        async with endpoint.session() as first, endpoint.session() as second:
            assert not first.closed
        assert not first.closed  # the block leaves it open for the next call
        await speedups.close_sessions()
        return first, second

    first, second = asyncio.run(two_requests())
    assert first is second and first.closed
    third, _ = asyncio.run(two_requests())
    assert third is not first  # a new loop (a new server), a new session


def test_event_classes_are_found_by_name_as_rasa_finds_them() -> None:
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet

    speedups.install()
    assert Event.resolve_by_type("slot") is SlotSet and Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def loaded_rule_policy(assistant):  # the RulePolicy instance inside the loaded model's graph
    from rasa.core.policies.rule_policy import RulePolicy

    nodes = assistant.agent.processor.graph_runner._instantiated_nodes.values()
    (policy,) = [node._component for node in nodes if isinstance(node._component, RulePolicy)]
    return policy


def test_rule_lookup_is_remembered_and_finds_what_rasas_search_finds(assistant, ask, event_loop_session) -> None:
    from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy

    from bot import rule_lookup

    policy = loaded_rule_policy(assistant)
    assert hasattr(RulePolicy._get_possible_keys, "__wrapped__")
    memo = policy.__dict__[rule_lookup.MEMO_ATTRIBUTE]
    conversation = "rules-" + uuid.uuid4().hex
    for text in ("粗大ごみを出したい", "燃やすごみの日はいつ？", "ソファは何ごみ？", "東町"):
        ask(text, conversation)
    tracker = event_loop_session.run_until_complete(assistant.agent.tracker_store.retrieve(conversation))
    domain = assistant.agent.domain
    remembered_before = sum(len(answers) for _, _, answers in memo.lookups.values())
    assert remembered_before > 0  # the conversation's predictions went through the memo
    checked = 0
    for length in range(1, len(tracker.events) + 1):
        past = tracker.travel_back_in_time(tracker.events[length - 1].timestamp)
        for use_text in (True, False):
            states = policy._prediction_states(past, domain, use_text, rule_only_data=policy._get_rule_only_data())
            for name in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH):
                rasas = RulePolicy._get_possible_keys.__wrapped__(policy, policy.lookup[name], states)
                remembered = policy._get_possible_keys(policy.lookup[name], states)
                assert list(remembered) == list(rasas)  # the same keys in the same order (max picks the first)
                checked += 1
    assert checked > 20


def test_the_model_graph_runs_without_dask_scheduler_and_gives_rasas_results(assistant, ask, event_loop_session) -> None:
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.runner.dask import DaskGraphRunner

    from bot.graph_runner import SequentialGraphRunner

    processor = assistant.agent.processor
    runner = processor.graph_runner
    assert type(runner) is SequentialGraphRunner  # the processor built ours
    metadata = processor.model_metadata
    for text in ("粗大ごみを出したい", "ソファは何ごみ？", "東町", "ぽよぽよ"):
        inputs = {"__message__": [UserMessage(text)]}
        ours = runner.run(inputs=inputs, targets=[metadata.nlu_target])[metadata.nlu_target]
        rasas = DaskGraphRunner.run(runner, inputs=inputs, targets=[metadata.nlu_target])[metadata.nlu_target]
        assert [m.as_dict() for m in ours] == [m.as_dict() for m in rasas]
    conversation = "graph-" + uuid.uuid4().hex
    ask("燃やすごみの日はいつ？", conversation)
    tracker = event_loop_session.run_until_complete(assistant.agent.tracker_store.retrieve(conversation))
    inputs = {"__tracker__": tracker}
    ours = runner.run(inputs=inputs, targets=[metadata.core_target])[metadata.core_target]
    rasas = DaskGraphRunner.run(runner, inputs=inputs, targets=[metadata.core_target])[metadata.core_target]
    assert ours == rasas and ours.max_confidence > 0


def test_a_targets_task_graph_is_built_once_and_is_rasas(assistant, ask, monkeypatch) -> None:
    from rasa.engine.graph import GraphSchema

    runner = assistant.agent.processor.graph_runner
    metadata = assistant.agent.processor.model_metadata
    ask("粗大ごみを出したい")  # the NLU's and the policies' graphs are built
    for target in (metadata.nlu_target, metadata.core_target):
        rasas = runner._build_dask_graph(runner._graph_schema.minimal_graph_schema([target]))
        assert runner.graph_for((target,)) == rasas and runner.graph_for((target,)) is runner.graph_for((target,))
        assert "__message__" not in runner.graph_for((target,))  # a run's inputs go to its own copy
    built: list = []
    minimal = GraphSchema.minimal_graph_schema
    monkeypatch.setattr(GraphSchema, "minimal_graph_schema", lambda *args: built.append(args) or minimal(*args))
    assert ask("ソファは何ごみ？").replies and built == []  # fails when the graphs are built at every run


def test_an_action_looks_at_the_corpus_files_once(ask, monkeypatch) -> None:
    """The item lookup's action asks for the corpus several times; the files' times are read
    once per action run (and a fresh run looks again, so a staff edit is seen next turn)."""
    from madoguchi.corpus import live

    stamps: list = []
    stamp = live._stamp
    monkeypatch.setattr(live, "_stamp", lambda corpus_dir: stamps.append(corpus_dir) or stamp(corpus_dir))
    turn = ask("ソファは何ごみ？")
    assert turn.intent == "waste_item_lookup" and turn.replies
    assert len(stamps) == 1
    ask("ソファは何ごみ？")
    assert len(stamps) == 2


def test_deep_copies_for_dropped_debug_lines_are_left_out_and_only_those(assistant) -> None:
    import copy
    import importlib
    import inspect

    import structlog

    from bot import debug_copies

    speedups.install()
    for name in debug_copies.MODULES:
        module = importlib.import_module(name)
        assert isinstance(module.copy, debug_copies.CopiesForDebugLines)  # fails when it stops applying
        assert debug_copies.deep_copies_outside_debug_lines(inspect.getsource(module)) == []  # only debug lines
        assert module.copy.copy is copy.copy  # the rest of the module is copy's
    events = [{"event": "slot", "value": ["東町"]}]
    dropped = debug_copies.CopiesForDebugLines(structlog.make_filtering_bound_logger(20)(None, [], {}))
    written = debug_copies.CopiesForDebugLines(structlog.make_filtering_bound_logger(10)(None, [], {}))
    assert debug_copies.debug_lines_dropped(importlib.import_module("rasa.core.processor").structlogger)  # the servers' level
    assert dropped.deepcopy(events) is events
    copied = written.deepcopy(events)  # rasa run --debug: the line is written, copied as before
    assert copied == events and copied is not events and copied[0]["value"] is not events[0]["value"]
    source = "def f(a):\n    structlogger.debug('x', a=copy.deepcopy(a))\n    b = copy.deepcopy(a)\n    return b\n"
    assert debug_copies.deep_copies_outside_debug_lines(source) == [3]  # a copy that is used: not installed
