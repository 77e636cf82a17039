"""Goal-effort network (analyse.methods.network) on a hand-made example."""

from __future__ import annotations

import pandas as pd
from prevention_frames import interventions_frame

from analyse.methods import network as M


def hand_made_graph():
    interventions = interventions_frame([
        {"intervention": "X", "dimensions": "Meedoen", "goal": "G1"},
        {"intervention": "Y", "dimensions": "Meedoen", "goal": "G1"},
        {"intervention": "Z", "dimensions": "Meedoen", "goal": None},
    ])
    evaluations = pd.DataFrame({"intervention": ["X", "X", "X", "Z"],
                                "indicator": ["deelnemers", "tevredenheid", "deelnemers", "bereik"]})
    return M.goal_effort_network(interventions, evaluations, policy_goals=["G1", "G2"])


def test_network_lists_the_orphans_of_a_hand_made_example():
    graph = hand_made_graph()
    # nodes: G1, G2, X, Y, Z, X-deelnemers, X-tevredenheid, Z-bereik = 8
    # edges: G1->X, G1->Y, X->deelnemers, X->tevredenheid, Z->bereik = 5
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 5
    assert M.orphans(graph) == {"goals_without_interventions": ["G2"], "interventions_without_indicators": ["Y"],
                                "interventions_without_goal": ["Z"]}
    assert {kind for _node, kind in graph.nodes(data="kind")} == set(M.NODE_KINDS)
