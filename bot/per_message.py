"""Work done once per message instead of once per caller: Sudachi's analysis of a text and
the checks whether data files changed.

Within one message (the NLU, the policies and the actions of one turn, or one `/model/parse`)
the same text went through Sudachi about ten times: the tokenizer, the retrieval step (the
question, its compound parts, its key, its point), the language check, the item and
phrase finders, each on its own; and the files behind the waste dictionary, the item names
and the skill texts were listed and their times read by every lookup, about 60 `stat` calls
a turn. Together about a tenth of the Rasa server's CPU per turn (py-spy, 2026-12-03).

Here, inside `one_message()`, each analysis of a (text, split mode) and each look at a
folder is done once and reused for the rest of the message. Outside a message (training, the
console, tests calling the functions directly) nothing is remembered. Nothing outlives the
message either: a repeated question is analysed anew in the next turn, so the work a turn
costs does not depend on what was asked before, and a file a member of staff edited is seen
from the next message on, as before (a message was already answered from the files as they
were when its first lookup looked).

Sudachi's results are lists of frozen `Morph`s; each caller gets its own list.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar

from madoguchi.japanese import Analyzer, Morph

# The memo of the message being handled (None outside one); keyed by (what, its arguments).
_memo: ContextVar[Optional[Dict[Tuple[Any, ...], Any]]] = ContextVar("madoguchi_per_message", default=None)

F = TypeVar("F", bound=Callable[..., Any])
WRAPPED = "_madoguchi_per_message"


@contextmanager
def one_message() -> Iterator[None]:
    """Around the handling of one message; nested uses share the outer message's memo."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once_per_message(function: F) -> F:
    """`function` (of hashable arguments) run once per message and argument list."""

    @functools.wraps(function)
    def remembered(*args: Any) -> Any:
        memo = _memo.get()
        if memo is None:
            return function(*args)
        key = (remembered, *args)
        if key not in memo:
            memo[key] = function(*args)
        return memo[key]

    setattr(remembered, WRAPPED, True)
    return remembered  # type: ignore[return-value]


def _morphs_once_per_message(morphs: Callable[..., List[Morph]]) -> Callable[..., List[Morph]]:
    @functools.wraps(morphs)
    def analysed(self: Analyzer, text: str, split_mode: Optional[str] = None) -> List[Morph]:
        memo = _memo.get()
        if memo is None:
            return morphs(self, text, split_mode)
        key = (analysed, self, text, split_mode)
        found = memo.get(key)
        if found is None:
            found = memo[key] = morphs(self, text, split_mode)
        return list(found)  # the caller's own list (the morphs are frozen)

    setattr(analysed, WRAPPED, True)
    return analysed


def _file_checks() -> List[Tuple[ModuleType, str]]:
    """The functions that list a data folder and read its files' times (module, name)."""
    from madoguchi import item_names, skill_texts, waste_data
    from madoguchi.corpus import live

    return [(live, "_stamp"), (item_names, "_stamp"), (skill_texts, "_stamp"), (waste_data, "_stamp")]


def _wrap_async(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def within_one_message(*args: Any, **kwargs: Any) -> Any:
        with one_message():
            return await method(*args, **kwargs)

    setattr(within_one_message, WRAPPED, True)
    return within_one_message


def install() -> None:
    """Messages handled by Rasa's processor (the REST channel's turns, `/model/parse`) each
    get one memo; Sudachi's analysis and the file checks use it."""
    from rasa.core.processor import MessageProcessor

    if getattr(MessageProcessor.handle_message, WRAPPED, False):
        return
    Analyzer.morphs = _morphs_once_per_message(Analyzer.morphs)  # type: ignore[method-assign]
    for module, name in _file_checks():
        setattr(module, name, once_per_message(getattr(module, name)))
    MessageProcessor.handle_message = _wrap_async(MessageProcessor.handle_message)  # type: ignore[method-assign]
    MessageProcessor.parse_message = _wrap_async(MessageProcessor.parse_message)  # type: ignore[method-assign]
