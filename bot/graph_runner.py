"""Rasa's model graph run in order in this thread, without dask's threaded scheduler.

For every message Rasa runs its NLU graph once and its policy graph two to four times
(`DaskGraphRunner.run`, through `dask.get`, dask's local scheduler). For these small graphs
(a chain of 8 NLU components; the policy, its two providers and the ensemble) the
scheduler's own work (ordering, a task queue, callbacks, config lookups) cost about 1.4 ms
of CPU per turn, a tenth of a turn (measured in-process, 2026-12-03).

`dask.core.get` is dask's own simple scheduler over the same task graph: the same tasks,
each run once, with the same argument substitution (`dask.core._execute_task`, which the
local scheduler also uses), in a topological order. The only thing that may differ is the
order of nodes that do not depend on each other; in Rasa's prediction graphs those are
providers of stored values (the domain, the rule-only data) and policies that read the
tracker without changing it. Training is not touched: it runs in its own process
(`rasa train`), and only the message processor's runner is replaced here.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import dask.core
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

logger = logging.getLogger("rasa.engine.runner.dask")  # where Rasa's runner logs


class SequentialGraphRunner(DaskGraphRunner):
    """`DaskGraphRunner.run` of Rasa 3.6, calling `dask.core.get` instead of `dask.get`."""

    def run(self, inputs: Optional[Dict[str, Any]] = None, targets: Optional[List[str]] = None) -> Dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        minimal_schema = self._graph_schema.minimal_graph_schema(run_targets)
        run_graph = self._build_dask_graph(minimal_schema)
        if inputs:
            self._add_inputs_to_graph(inputs, run_graph)
        if logger.isEnabledFor(logging.DEBUG):  # Rasa formats this line even when it is not logged
            logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} and {self._execution_context}.")
        try:
            return dict(dask.core.get(run_graph, run_targets))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error


def install() -> None:
    """The message processor (which loads a model for the server and the agent) builds this runner."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]
