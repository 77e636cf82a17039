"""The goal-effort network (Doel-Inspanningen-Netwerk): goals -> interventions -> indicators.

After **Dalfsen preventie 2021** (a Doel-Inspanningen-Netwerk with measurable indicators).
The drawing is in :mod:`analyse.publish.plots.prevention`.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from analyse.methods.pyramid import running

#: Node kinds of the goal-effort network, left to right.
NODE_KINDS = ("doel", "interventie", "indicator")

__all__ = ["NODE_KINDS", "goal_effort_network", "orphans"]


def goal_effort_network(interventions: pd.DataFrame, evaluations: pd.DataFrame | None = None,
                        policy_goals: Iterable[str] = (), *, as_of: object = None) -> nx.DiGraph:
    """The Doel-Inspanningen-Netwerk: goals -> interventions -> indicators (a DiGraph).

    Goals are the register's ``goal`` values plus ``policy_goals`` from the caller (so a
    goal without interventions can exist); indicators are the distinct indicators per
    intervention in ``evaluations``. Node ids are ``(kind, name)`` for goals and
    interventions and ``("indicator", intervention, indicator)`` for indicators (an
    indicator belongs to one intervention); each node has ``kind`` (doel, interventie,
    indicator) and ``label`` (the Dutch name shown)."""
    graph = nx.DiGraph()
    for goal in policy_goals:
        graph.add_node(("doel", goal), kind="doel", label=goal)
    for row in running(interventions, as_of).sort_values("intervention").itertuples():
        node = ("interventie", row.intervention)
        graph.add_node(node, kind="interventie", label=row.intervention)
        if isinstance(row.goal, str) and row.goal.strip():
            graph.add_node(("doel", row.goal), kind="doel", label=row.goal)
            graph.add_edge(("doel", row.goal), node)
    if evaluations is not None:
        pairs = evaluations[["intervention", "indicator"]].drop_duplicates().sort_values(["intervention", "indicator"])
        for name, indicator in pairs.itertuples(index=False):
            if ("interventie", name) in graph:
                leaf = ("indicator", name, indicator)
                graph.add_node(leaf, kind="indicator", label=indicator)
                graph.add_edge(("interventie", name), leaf)
    return graph


def orphans(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Gaps in the goal-effort network, as sorted lists of names.

    goals_without_interventions, interventions_without_indicators and
    interventions_without_goal."""
    def names(kind: str, direction: str) -> list[str]:
        degree = graph.out_degree if direction == "out" else graph.in_degree
        return sorted(data["label"] for node, data in graph.nodes(data=True)
                      if data["kind"] == kind and degree(node) == 0)

    return {"goals_without_interventions": names("doel", "out"),
            "interventions_without_indicators": names("interventie", "out"),
            "interventions_without_goal": names("interventie", "in")}
