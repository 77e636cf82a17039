"""Figures with a Dutch text alternative, their data as a table and an offline CSV download."""

from __future__ import annotations

import base64
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from analyse.config import KERNEL_NAME  # noqa: E402
from analyse.publish.figures import PLACEHOLDER_ALT, describe, figure_html  # noqa: E402


def _figure():
    fig, ax = plt.subplots()
    ax.plot([2021, 2022, 2023], [35.0, 59.5, 54.25])
    ax.set_title("Wmo-cliënten per 1.000 inwoners")
    return fig


def _data_uri(html: str, mime: str) -> bytes:
    match = re.search(rf'data:{re.escape(mime)}[^,]*;base64,([A-Za-z0-9+/=]+)', html)
    assert match, f"no {mime} data URI"
    return base64.b64decode(match.group(1))


@pytest.mark.parametrize("alt", ["", "Grafiek", PLACEHOLDER_ALT, "Wmo per jaar"])
def test_describe_refuses_an_alt_text_without_a_message(alt):
    with pytest.raises(ValueError, match="text alternative"):
        describe(_figure(), alt)


def test_described_figure_has_alt_svg_table_and_dutch_csv():
    data = pd.DataFrame({"Jaar": [2021, 2022, 2023], "Per 1.000 inwoners": [35.0, 59.5, 54.25],
                         "Kern": ["Dalfsen", "<b>Hoonhorst</b>", "Oudleusen"]})
    alt = "Het aantal Wmo-cliënten per 1.000 inwoners steeg van 35 in 2021 naar 54 in 2023."
    out = figure_html(describe(_figure(), alt, data, name="wmo"))
    assert f'alt="{alt}"' in out
    assert b"<svg" in _data_uri(out, "image/svg+xml")
    # Table: Dutch decimals (59,5 and 54,25), whole numbers without ",0", text escaped.
    assert "<td>59,5</td>" in out and "<td>54,25</td>" in out and "<td>2021</td>" in out
    assert "&lt;b&gt;Hoonhorst&lt;/b&gt;" in out and "<b>Hoonhorst" not in out
    assert '<th scope="col">Per 1.000 inwoners</th>' in out
    assert 'download="wmo.csv"' in out and "<details>" in out
    csv = _data_uri(out, "text/csv").decode("utf-8")
    # BOM for Excel, semicolons, decimal comma: "2022;59,5;..." is how Dutch Excel reads it.
    assert csv.startswith("\ufeffJaar;Per 1.000 inwoners;Kern\r\n")
    assert "2022;59,5;<b>Hoonhorst</b>\r\n" in csv


def test_same_figure_gives_the_same_bytes():
    alt = "Het aantal cliënten steeg tussen 2021 en 2023."
    assert figure_html(describe(_figure(), alt)) == figure_html(describe(_figure(), alt))


def test_undescribed_figure_is_marked_and_uses_its_title():
    out = figure_html(_figure())
    assert 'data-beschrijving="titel"' in out
    assert 'alt="Wmo-cliënten per 1.000 inwoners"' in out
    assert "<details>" not in out


def test_in_a_kernel_a_figure_is_shown_as_accessible_html_only():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\n"
        "from analyse.publish.figures import describe, install_display\n"
        "install_display()\n"
        "fig, ax = plt.subplots()\n"
        "ax.bar(['a', 'b'], [1, 2])\n"
        "describe(fig, 'Staaf b is twee keer zo hoog als staaf a.')\n"
        "plt.show()")])
    NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=60).execute()
    outputs = [o for o in nb.cells[0].outputs if o.output_type == "display_data"]
    assert len(outputs) == 1
    assert set(outputs[0].data) == {"text/html", "text/plain"}
    assert 'alt="Staaf b is twee keer zo hoog als staaf a."' in outputs[0].data["text/html"]
