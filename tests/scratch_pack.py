"""A scratch report pack in a temporary folder, for tests of the run machinery
(time limits, kills, locks, secrets): tiny notebooks made with nbformat."""

from __future__ import annotations

from pathlib import Path

import nbformat

PACK_YAML = """\
reports:
  - id: traag
    notebook: traag.ipynb
    title: Traag rapport
    order: 1
    parameters:
      period: {type: period, description: Rapportageperiode (kwartaal)}
      seconds: {type: number, default: 0, description: Wachttijd in seconden}
  - id: lekt
    notebook: lekt.ipynb
    title: Lekkend rapport
    order: 2
    parameters:
      period: {type: period, description: Rapportageperiode (kwartaal)}
      token: {type: text, secret: true, default: "", description: Toegangscode van een databron}
"""


def _notebook(parameters: str, *cells: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "analyse", "display_name": "Python (analyse)", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_markdown_cell(c[3:]) if c.startswith("md:") else nbformat.v4.new_code_cell(c)
                 for c in cells]
    return nb


def make_pack(folder: Path) -> Path:
    """Write the scratch pack into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reports.yaml").write_text(PACK_YAML, encoding="utf-8")
    nbformat.write(_notebook('period = "2026Q3"\nseconds = 0', "md:# Traag rapport\n\nWacht even.",
                             "import time\ntime.sleep(seconds)\nprint('klaar na', seconds)"), folder / "traag.ipynb")
    nbformat.write(_notebook('period = "2026Q3"\ntoken = ""', "md:# Lekkend rapport",
                             "from analyse import config\n"
                             "raise RuntimeError('verbinding geweigerd voor ' + config.secret('token'))"),
                   folder / "lekt.ipynb")
    return folder
