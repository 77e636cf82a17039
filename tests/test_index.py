"""analyse.publish.index: reports/index.html from the run.json of every period."""

from __future__ import annotations

import json

from analyse.publish.index import INDEX_FILE, index_rows, write_index


def _run(folder, reports: dict) -> None:
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({"reports": reports}), encoding="utf-8")


def _report(title: str, status: str = "ok", **extra) -> dict:
    return {"title": title, "status": status, "started": "2026-10-01T06:00:00+02:00", "html": None,
            "error": None, "notebook_file": None, **extra}


def test_index_lists_every_period_newest_first_with_status(tmp_path):
    _run(tmp_path / "2026Q2", {"zorggebruik": _report("Zorggebruik", html="zorggebruik.html")})
    _run(tmp_path / "2026Q3", {
        "samenvatting": _report("Samenvatting", html="samenvatting.html"),
        "begroting": _report("Begroting", "failed", error="ValueError: kapot (cel 3)",
                             notebook_file="notebooks/begroting.ipynb"),
    })
    (tmp_path / "2026Q4").mkdir()  # a period without run.json (e.g. killed run) is skipped
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert (tmp_path / INDEX_FILE).exists()
    assert [r["name"] for r in index_rows(tmp_path)] == ["samenvatting", "begroting", "zorggebruik"]
    assert '<a href="2026Q3/samenvatting.html">Samenvatting</a>' in page
    assert '<tr class="failed">' in page and "mislukt" in page and "gelukt" in page
    assert 'ValueError: kapot (cel 3) · notebook met foutmelding: <a href="2026Q3/notebooks/begroting.ipynb">' in page
    assert "2026-10-01 06:00" in page and page.index("2026Q3") < page.index("2026Q2")


def test_index_escapes_text_from_run_files(tmp_path):
    _run(tmp_path / "2026Q3", {"x": _report("<script>alert(1)</script>", "failed", error="<img src=x onerror=1>")})
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_unreadable_run_file_is_skipped(tmp_path):
    (tmp_path / "2026Q3").mkdir()
    (tmp_path / "2026Q3" / "run.json").write_text("{niet json", encoding="utf-8")
    assert index_rows(tmp_path) == []
    assert "<tbody>" in write_index(tmp_path).read_text(encoding="utf-8")


def test_index_links_the_begrippenlijst_of_the_newest_period_that_has_one(tmp_path):
    _run(tmp_path / "2026Q2", {"zorggebruik": _report("Zorggebruik", html="zorggebruik.html")})
    assert "Begrippenlijst" not in write_index(tmp_path).read_text(encoding="utf-8")  # none published yet
    (tmp_path / "2026Q2" / "begrippen.html").write_text("<p>oud</p>", encoding="utf-8")
    _run(tmp_path / "2026Q3", {"samenvatting": _report("Samenvatting", html="samenvatting.html")})
    (tmp_path / "2026Q3" / "begrippen.html").write_text("<p>nieuw</p>", encoding="utf-8")
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert '<a href="2026Q3/begrippen.html">Begrippenlijst</a>' in page and "2026Q2/begrippen.html" not in page


def test_reports_for_other_municipalities_get_one_row_and_a_page_by_province(tmp_path, monkeypatch):
    import re

    from analyse.publish import municipalities

    monkeypatch.setattr(municipalities, "municipality_provinces", lambda *a, **k: {
        "'s-Hertogenbosch": "Noord-Brabant", "Bergen (NH.)": "Noord-Holland", "Dalfsen": "Overijssel",
        "Súdwest-Fryslân": "Fryslân"})
    per = {name: _report("Vergelijking", html=f"{name}.html", notebook="vergelijking",
                         parameters={"period": "2026Q3", "gemeente": gemeente})
           for name, gemeente in [("vergelijking__gemeente-sudwest-fryslan", "Súdwest-Fryslân"),
                                  ("vergelijking__gemeente-s-hertogenbosch", "'s-Hertogenbosch"),
                                  ("vergelijking__gemeente-bergen-nh", "Bergen (NH.)"),
                                  ("vergelijking__gemeente-atlantis", "Atlantis")]}
    per["vergelijking__gemeente-bergen-nh"].update(status="failed", html=None, error="ValueError: kapot",
                                                   notebook_file="notebooks/vergelijking__gemeente-bergen-nh.ipynb")
    own = _report("Vergelijking", html="vergelijking.html", notebook="vergelijking",
                  parameters={"period": "2026Q3", "gemeente": "Dalfsen"})
    _run(tmp_path / "2026Q3", {"begroting": _report("Begroting", html="begroting.html"), "vergelijking": own, **per})
    for name in ("begroting", "vergelijking", *per):
        (tmp_path / "2026Q3" / f"{name}.html").write_text("<p>rapport</p>", encoding="utf-8")
    (tmp_path / "2026Q3" / "notebooks").mkdir()
    (tmp_path / "2026Q3" / "notebooks" / "vergelijking__gemeente-bergen-nh.ipynb").write_text("{}", encoding="utf-8")

    index = write_index(tmp_path).read_text(encoding="utf-8")
    # the own municipality's report is a row of its own; the four others are one row
    assert [r["name"] for r in index_rows(tmp_path)] == ["begroting", "vergelijking", "vergelijking__gemeenten"]
    assert ('<a href="2026Q3/vergelijking__gemeenten.html">Vergelijking per gemeente</a> (4 gemeenten, per '
            'provincie)') in index
    assert "1 van de 4 mislukt, zie het overzicht" in index and "sudwest" not in index

    page = (tmp_path / "2026Q3" / "vergelijking__gemeenten.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="[^"]+">([^<]+)</h2>', page)
    assert headings == ["Fryslân", "Noord-Brabant", "Noord-Holland", "Provincie onbekend"]  # unknown last
    assert '<a href="vergelijking__gemeente-s-hertogenbosch.html">&#39;s-Hertogenbosch</a>' in page
    assert "4 gemeenten, waarvan 1 mislukt." in page and "ValueError: kapot" in page
    # every link works offline: relative, and the file (or anchor) exists
    for href in re.findall(r'href="([^"]+)"', page):
        if href.startswith("#"):
            assert f'id="{href[1:]}"' in page
        else:
            assert "//" not in href and (tmp_path / "2026Q3" / href).resolve().exists(), href


def test_index_pages_have_no_accessibility_violations(tmp_path, monkeypatch):
    """axe-core in headless Chromium (tests/browser.py), every impact level: the index and the
    page per municipality have a main landmark, Dutch language and no other violation."""
    from browser import axe_violations

    from analyse.publish import municipalities

    monkeypatch.setattr(municipalities, "municipality_provinces", lambda *a, **k: {"Dalfsen": "Overijssel",
                                                                                  "Zwolle": "Overijssel"})
    per = {f"vergelijking__gemeente-{g.lower()}": _report(
        "Vergelijking", html=f"vergelijking__gemeente-{g.lower()}.html", notebook="vergelijking",
        parameters={"period": "2026Q3", "gemeente": g}) for g in ("Zwolle", "Dalfsen")}
    _run(tmp_path / "2026Q3", {"begroting": _report("Begroting", html="begroting.html"), **per})
    index = write_index(tmp_path)
    assert axe_violations(index) == []
    assert axe_violations(tmp_path / "2026Q3" / "vergelijking__gemeenten.html") == []
