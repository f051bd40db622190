"""Rasa's deep copies for debug lines that are not written, left out.

Rasa's message processor, RulePolicy and forms deep-copy what they log at debug level
(`structlogger.debug(..., rasa_events=copy.deepcopy(events))`: the action's events, the
policy's states, the form's slots) at every action and prediction, before structlog drops
the line: about 1.5% of the Rasa server's CPU per turn (py-spy, 2026-12-03/04), more with
the conversation's length.

In those three modules every `copy.deepcopy(...)` is an argument of a
`structlogger.debug(...)` call (checked in their source when this is installed; a module
where it is not keeps the `copy` module). There, `copy` is replaced by a stand-in whose
`deepcopy` returns the value itself while the module's debug lines are dropped (structlog's
filtering logger has a no-op `debug` below its level), and copies as before when they are
written (`rasa run --debug`). A dropped line never reads the value, so nothing else changes.
"""

from __future__ import annotations

import ast
import copy
import inspect
from typing import Any, List, Optional

MODULES = ("rasa.core.processor", "rasa.core.policies.rule_policy", "rasa.core.actions.forms")


def _nop() -> Any:
    try:
        from structlog._native import _nop as nop  # the filtering logger's method below its level

        return nop
    except ImportError:  # another structlog: every line counts as written
        return None


_NOP = _nop()


def debug_lines_dropped(logger: Any) -> bool:
    """Whether `logger.debug(...)` does nothing (a structlog filtering logger above debug)."""
    method = getattr(logger, "debug", None)
    return _NOP is not None and getattr(method, "__func__", None) is _NOP


class CopiesForDebugLines:
    """The `copy` module as a Rasa module whose deep copies only feed debug lines sees it."""

    def __init__(self, logger: Any) -> None:
        self._logger = logger

    def deepcopy(self, value: Any, memo: Optional[dict] = None) -> Any:
        if debug_lines_dropped(self._logger):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def deep_copies_outside_debug_lines(source: str) -> List[int]:
    """The lines of the source's `copy.deepcopy(...)` calls that are not arguments of a
    `structlogger.debug(...)` call."""
    tree = ast.parse(source)
    for_debug = set()
    for node in ast.walk(tree):
        if _is_call_of(node, "structlogger", "debug"):
            for inner in ast.walk(node):
                if _is_call_of(inner, "copy", "deepcopy"):
                    for_debug.add(id(inner))
    calls = [node for node in ast.walk(tree) if _is_call_of(node, "copy", "deepcopy")]
    return [getattr(node, "lineno", 0) for node in calls if id(node) not in for_debug]


def _is_call_of(node: ast.AST, owner: str, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == owner
    )


def install() -> None:
    import importlib

    for name in MODULES:
        module = importlib.import_module(name)
        if isinstance(getattr(module, "copy", None), CopiesForDebugLines) or not hasattr(module, "structlogger"):
            continue
        if getattr(module, "copy", None) is copy and not deep_copies_outside_debug_lines(inspect.getsource(module)):
            module.copy = CopiesForDebugLines(module.structlogger)  # type: ignore[attr-defined]
