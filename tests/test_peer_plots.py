"""analyse.publish.plots.peers: the peer distribution chart is the same picture in every run."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd

from analyse.publish.plots.peers import plot_peer_distribution

matplotlib.use("Agg")


def _png(frames: dict[str, pd.DataFrame]) -> bytes:
    import matplotlib.pyplot as plt

    fig = plot_peer_distribution(frames, "Dalfsen", "Dalfsen tussen 40 gemeenten", "CBS Iv3")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def test_the_jitter_of_the_dots_does_not_depend_on_earlier_random_draws():
    values = np.linspace(100, 500, 40)
    frame = pd.DataFrame({"taakveld": ["Wmo"] * 20 + ["Jeugd"] * 20,
                          "municipality": [f"G{i}" for i in range(39)] + ["Dalfsen"], "value": values})
    frames = {"Lasten per inwoner": frame}
    np.random.seed(1)
    first = _png(frames)
    np.random.seed(2)  # e.g. an earlier report in the same kernel drew random numbers
    state = np.random.get_state()
    assert _png(frames) == first
    assert np.array_equal(np.random.get_state()[1], state[1])  # the caller's generator is left as it was


def test_a_municipality_without_peers_gets_its_own_marker_and_no_error():
    """Emmen, Renswoude, Rozendaal and Westland have no other municipality of their size
    class and urbanity (CBS classes 2025); the report compares them with their province,
    but the chart must not fail on an empty group either."""
    import matplotlib.pyplot as plt

    own = pd.DataFrame({"taakveld": ["Wmo", "Jeugd"], "municipality": ["Emmen", "Emmen"], "value": [310.0, 95.0]})
    fig = plot_peer_distribution({"Lasten per inwoner": own}, "Emmen", "Emmen", "CBS Iv3")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Wmo", "Jeugd"]
    assert ax.get_xlim()[0] <= 0 and ax.get_xlim()[1] >= 310  # the axis holds the municipality's own values
    plt.close(fig)
