"""Work done once per message instead of once per caller: Sudachi's analysis of a text and
the checks whether data files changed.

Within one message (the NLU, the policies and the actions of one turn, or one `/model/parse`)
the same text went through Sudachi about ten times: the tokenizer, the retrieval step (the
question, its compound parts, its key, its point), the language check, the item and
phrase finders, each on its own; and the files behind the waste dictionary, the item names
and the skill texts were listed and their times read by every lookup, about 60 `stat` calls
a turn. Together about a tenth of the Rasa server's CPU per turn (py-spy, 2026-12-03).
The same held for what is worked out from the text (2026-12-04): the resident spellings'
200 patterns ran over it five to eight times (madoguchi.japanese.respell), its language was
read seven times (madoguchi.languages.detect), retrieval read and tokenized it three times
(TextTokens.read, TextTokens.query), and the waste dictionary looked for the items it names
once in the NLU and again in the action (WasteDictionary.matches): a sixth of the NLU's CPU.

Here, inside `one_message()`, each analysis of a (text, split mode), each of those results
for a text, and each look at a folder is done once and reused for the rest of the message. Outside a message (training, the
console, tests calling the functions directly) nothing is remembered. Nothing outlives the
message either: a repeated question is analysed anew in the next turn, so the work a turn
costs does not depend on what was asked before, and a file a member of staff edited is seen
from the next message on, as before (a message was already answered from the files as they
were when its first lookup looked).

Sudachi's results are lists of frozen `Morph`s, as are the matches; each caller gets its own
list (and its own lists of a query's tokens). Each result depends only on its arguments and
on data fixed for the message (the model's, and the files as the message's first look found
them), so the message is answered and stored exactly as without the memo
(tests/bot/test_speedups_same_results.py).
"""

from __future__ import annotations

import dataclasses
import functools
from contextlib import contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, TypeVar

from madoguchi import japanese, languages
from madoguchi.japanese import Analyzer, Morph
from madoguchi.retrieval import Query
from madoguchi.waste_items import WasteDictionary

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


def once_per_message(function: F, own_copy: Optional[Callable[[Any], Any]] = None) -> F:
    """`function` (of hashable arguments) run once per message and argument list; with
    `own_copy`, each caller gets `own_copy(result)` (a result whose lists a caller may change)."""

    @functools.wraps(function)
    def remembered(*args: Any) -> Any:
        memo = _memo.get()
        if memo is None:
            return function(*args)
        key = (remembered, *args)
        if key not in memo:
            memo[key] = function(*args)
        return memo[key] if own_copy is None else own_copy(memo[key])

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


def _respell_once_per_message(respell: Callable[[str, Sequence[Any]], str]) -> Callable[[str, Sequence[Any]], str]:
    """madoguchi.japanese's respelling (about 200 patterns over the text) per text and list
    of rules; the memo holds the list, so its id names that list for the whole message."""

    @functools.wraps(respell)
    def respelled(text: str, rules: Sequence[Any]) -> str:
        memo = _memo.get()
        if memo is None:
            return respell(text, rules)
        key = (respelled, text, id(rules))
        found = memo.get(key)
        if found is None or found[0] is not rules:
            found = memo[key] = (rules, respell(text, rules))
        return str(found[1])

    setattr(respelled, WRAPPED, True)
    return respelled


def _own_reading(reading: Tuple[str, List[Morph]]) -> Tuple[str, List[Morph]]:
    return reading[0], list(reading[1])


def _own_query(query: Query) -> Query:
    return dataclasses.replace(
        query, question=list(query.question), reading=list(query.reading), parts=list(query.parts),
        expansion=list(query.expansion),
    )  # fmt: skip


def _own_matches(matches: List[Any]) -> List[Any]:
    return list(matches)  # the matches are frozen


def _query_once_per_message(query: Callable[..., Query]) -> Callable[..., Query]:
    """Retrieval's tokens of a text, once per message; in training (`seen` given) always anew."""
    remembered = once_per_message(query, _own_query)

    @functools.wraps(query)
    def tokens(self: Any, text: str, seen: Optional[Dict[str, Set[str]]] = None) -> Query:
        return query(self, text, seen) if seen is not None else remembered(self, text)

    setattr(tokens, WRAPPED, True)
    return tokens


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
    japanese._respell = _respell_once_per_message(japanese._respell)  # type: ignore[assignment]
    languages._detect = once_per_message(languages._detect)
    WasteDictionary.matches = once_per_message(WasteDictionary.matches, _own_matches)  # type: ignore[method-assign]
    from bot.nlu.faq_retrieval import TextTokens

    TextTokens.read = once_per_message(TextTokens.read, _own_reading)  # type: ignore[method-assign]
    TextTokens.query = _query_once_per_message(TextTokens.query)  # type: ignore[method-assign]
    for module, name in _file_checks():
        setattr(module, name, once_per_message(getattr(module, name)))
    MessageProcessor.handle_message = _wrap_async(MessageProcessor.handle_message)  # type: ignore[method-assign]
    MessageProcessor.parse_message = _wrap_async(MessageProcessor.parse_message)  # type: ignore[method-assign]
