"""Two copies Rasa makes many times a turn, made directly: the same objects come out.

- Every `DialogueStateTracker` copies each of the domain's slots with `copy.copy`, and a
  turn builds dozens of trackers (every prediction replays the conversation, every form
  step copies it). `copy.copy` of a plain object goes through `__reduce_ex__(4)` and
  `copy._reconstruct`: a new instance of the class with the old one's `__dict__`. Slot
  classes get a `__copy__` doing exactly that directly.
- Every custom action call holds the tracker's state (`current_state`), whose active form
  is turned into a dictionary by `dataclasses.asdict`, which deep-copies the message that
  started the form (its whole parse data: the rankings) through generic recursion. Here the
  same dictionary is built by a recursion over plain JSON-like values (dict, list, tuple,
  str, numbers, None, the exact types), each container copied as asdict copies it; any
  other value hands the whole object to `dataclasses.asdict`.

Together about 6% of the Rasa server's CPU per turn (py-spy, 2026-12-03).
"""

from __future__ import annotations

import copy
import copyreg
import dataclasses
import types
from typing import Any, Dict, Set

# What decides `copy.copy`'s result for a class besides its `__dict__` (object's own excepted).
_COPY_HOOKS = ("__copy__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__getnewargs__",
               "__getnewargs_ex__", "__slots__")  # fmt: skip
_plain_classes: Set[type] = set()


def copies_plainly(cls: type) -> bool:
    """Whether `copy.copy` makes a new `cls` with the same `__dict__` and nothing else: no
    class of its MRO (before `object`) defines a copy or pickle hook or non-empty `__slots__`,
    and copyreg has no reducer for it."""
    if cls in copyreg.dispatch_table:
        return False
    for klass in cls.__mro__[:-1]:
        hooks = [name for name in _COPY_HOOKS if name in vars(klass)]
        if "__slots__" in hooks and not vars(klass)["__slots__"]:
            hooks.remove("__slots__")  # no slots (ABC's `()`): no state beside `__dict__`
        if hooks and not (klass is _slot_class() and hooks == ["__copy__"] and vars(klass)["__copy__"] is plain_copy):
            return False
    return True


def plain_copy(self: Any) -> Any:
    """`copy.copy(self)` for an instance of a class that `copies_plainly`."""
    cls: Any = type(self)
    if cls not in _plain_classes:
        if not copies_plainly(cls):  # e.g. a slot class added later with its own hooks:
            return _copy_by_reduction(self)  # what copy.copy does after looking for __copy__
        _plain_classes.add(cls)
    new = cls.__new__(cls)
    new.__dict__.update(self.__dict__)
    return new


def _copy_by_reduction(obj: Any) -> Any:
    reductor = copyreg.dispatch_table.get(type(obj))
    rv = reductor(obj) if reductor is not None else obj.__reduce_ex__(4)
    if isinstance(rv, str):
        return obj
    return copy._reconstruct(obj, None, *rv)  # type: ignore[attr-defined]


def _slot_class() -> type:
    from rasa.shared.core.slots import Slot

    return Slot


class _NotPlain(Exception):
    pass


_ATOMS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value  # copy.deepcopy returns these themselves
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    raise _NotPlain


def plain_asdict(obj: Any, *, dict_factory: Any = dict) -> Dict[str, Any]:
    """`dataclasses.asdict(obj)` for a dataclass holding plain values, else asdict itself."""
    if dict_factory is not dict or isinstance(obj, type) or not dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj, dict_factory=dict_factory)  # Rasa's errors and all
    instance: Any = obj
    try:
        return {field.name: _plain(getattr(instance, field.name)) for field in dataclasses.fields(instance)}
    except _NotPlain:
        return dataclasses.asdict(instance)


class _DataclassesModule(types.ModuleType):
    """`dataclasses` as the tracker module sees it: the same, with `plain_asdict`."""

    asdict = staticmethod(plain_asdict)

    def __getattr__(self, name: str) -> Any:
        return getattr(dataclasses, name)


def install() -> None:
    import rasa.shared.core.trackers as trackers

    slot = _slot_class()
    if vars(slot).get("__copy__") is plain_copy:
        return
    if all(copies_plainly(cls) for cls in _with_subclasses(slot)):
        slot.__copy__ = plain_copy  # type: ignore[attr-defined]
    trackers.dataclasses = _DataclassesModule("dataclasses")  # type: ignore[attr-defined]


def _with_subclasses(cls: type) -> Set[type]:
    found = {cls}
    sub: type
    for sub in cls.__subclasses__():
        found |= _with_subclasses(sub)
    return found
