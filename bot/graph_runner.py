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

The task graph of a run's targets (Rasa derives the minimal schema and builds the graph at
every run, about 1.5% of a turn's CPU, 2026-12-04) is built once per targets and copied for
each run, which then adds its inputs to the copy.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

import dask.core
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

logger = logging.getLogger("rasa.engine.runner.dask")  # where Rasa's runner logs
GRAPHS = "_madoguchi_task_graphs"


class SequentialGraphRunner(DaskGraphRunner):
    """`DaskGraphRunner.run` of Rasa 3.6, calling `dask.core.get` instead of `dask.get`."""

    def run(self, inputs: Optional[Dict[str, Any]] = None, targets: Optional[List[str]] = None) -> Dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        run_graph = dict(self.graph_for(tuple(run_targets)))  # a copy: the inputs are added to it
        if inputs:
            self._add_inputs_to_graph(inputs, run_graph)
        if logger.isEnabledFor(logging.DEBUG):  # Rasa formats this line even when it is not logged
            logger.debug(f"Running graph with inputs: {inputs}, targets: {targets} and {self._execution_context}.")
        try:
            return dict(dask.core.get(run_graph, run_targets))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error

    def graph_for(self, targets: Tuple[str, ...]) -> Dict[str, Any]:
        """Rasa's task graph for the targets (`_build_dask_graph` of `minimal_graph_schema`),
        built once per targets: the schema and the instantiated nodes never change."""
        graphs: Dict[Tuple[str, ...], Dict[str, Any]] = self.__dict__.setdefault(GRAPHS, {})
        graph = graphs.get(targets)
        if graph is None:
            graph = graphs[targets] = self._build_dask_graph(self._graph_schema.minimal_graph_schema(list(targets)))
        return graph


def install() -> None:
    """The message processor (which loads a model for the server and the agent) builds this runner."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]
