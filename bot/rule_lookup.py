"""RulePolicy's search for the rules that apply, remembered per conversation state.

At every prediction RulePolicy filters *every* rule key against the conversation's states,
newest first (`RulePolicy._get_possible_keys`), once for the text and once for the intent,
and a turn predicts two to four times: about a seventh of the Rasa server's CPU per turn
(py-spy, 2026-12-03), for an answer that hundreds of conversations share.

The answer depends only on the rule keys and on the newest L states, L being the length of
the longest rule: a rule is applicable at every state older than its own length (Rasa's
`turn_index >= len(rule)` check), so older states never remove a key. It is therefore
remembered per (rule keys, the newest L states, the number of states). A state is a
dictionary of plain values (strings, tuples, numbers), so its `repr` tells two states apart
exactly as `==` does (a list and a tuple differ, as they do for Rasa's comparison). The
number of states is part of the key because Rasa rebuilds the set once per state: the same
keys come out, but a set's iteration order may depend on how often it was rebuilt, and
`max(keys, key=len)` picks the first of equally long rules in that order.

Only a policy loaded from a trained model remembers: its rule keys never change, whereas a
policy in training builds them while it checks its rules. The result is the very set Rasa's
own code returned for the first such state (same contents, same iteration order, hence the
same `max(..., key=len)` pick); callers only read it.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Set, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.generator import State

MEMO_ATTRIBUTE = "_madoguchi_possible_keys"
# distinct (rule set, recent states) pairs remembered per policy; when full it starts over
MAX_REMEMBERED = 4096

PossibleKeys = Callable[[RulePolicy, Dict[str, str], List[State]], Set[str]]


class _Memo:
    def __init__(self) -> None:
        # id of a lookup dictionary -> (the dictionary, its longest rule, remembered answers)
        self.lookups: Dict[int, Tuple[Dict[str, str], int, Dict[str, Set[str]]]] = {}

    def for_lookup(self, lookup: Dict[str, str]) -> Tuple[int, Dict[str, Set[str]]]:
        known = self.lookups.get(id(lookup))
        if known is None or known[0] is not lookup:
            longest = max((len(RulePolicy._rule_key_to_state(key)) for key in lookup), default=0)
            known = self.lookups[id(lookup)] = (lookup, longest, {})
        return known[1], known[2]


def remembering(original: PossibleKeys) -> PossibleKeys:
    def _get_possible_keys(self: RulePolicy, lookup: Dict[str, str], states: List[State]) -> Set[str]:
        memo: Any = self.__dict__.get(MEMO_ATTRIBUTE)
        if memo is None:  # not loaded from a trained model: Rasa's own search
            return original(self, lookup, states)
        longest, answers = memo.for_lookup(lookup)
        key = f"{len(states)} {states[-longest:] if longest else []!r}"
        found = answers.get(key)
        if found is None:
            if len(answers) >= MAX_REMEMBERED:
                answers.clear()
            found = answers[key] = original(self, lookup, states)
        return found

    _get_possible_keys.__wrapped__ = original  # type: ignore[attr-defined]
    return _get_possible_keys


def install() -> None:
    """Wrap RulePolicy's search and mark the policies `RulePolicy.load` returns."""
    if hasattr(RulePolicy._get_possible_keys, "__wrapped__"):
        return
    RulePolicy._get_possible_keys = remembering(RulePolicy._get_possible_keys)  # type: ignore[method-assign]
    load = RulePolicy.load.__func__  # type: ignore[attr-defined]

    def load_remembering(cls: type, *args: Any, **kwargs: Any) -> RulePolicy:
        policy: RulePolicy = load(cls, *args, **kwargs)
        policy.__dict__[MEMO_ATTRIBUTE] = _Memo()
        return policy

    RulePolicy.load = classmethod(load_remembering)  # type: ignore[method-assign, assignment]
