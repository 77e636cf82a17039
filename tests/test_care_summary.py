"""Headline figures of the real CBS series (analyse.publish.care_summary), on the shipped data."""

from __future__ import annotations

import pandas as pd
import pytest
from cbs_frames import shipped

from analyse.publish import care_summary as S


def _headlines(name: str) -> S.CareHeadlines:
    return S.care_headlines(name, shipped("cbs_wmo_year"), shipped("cbs_wmo_halfyear"),
                            shipped("cbs_youth_care_year"), shipped("cbs_health_monitor"), shipped("gemeenteklassen"))


def test_dalfsen_headlines_carry_the_published_figures():
    h = _headlines("Dalfsen")
    lines = "\n".join(S.headline_lines(h))
    # CBS 86050NED: Dalfsen 2023 54 per 1,000; 85099NED: 9.8% of young people 2023; 85563NED: 75.7% (72.3-78.8)
    assert (h.wmo_year, h.wmo.value, h.youth_year, h.youth.value, h.class_year) == (2023, 54.0, 2023, 9.8, 2023)
    assert "Dalfsen 54, mediaan van vergelijkbare gemeenten" in lines and "2023, jaarcijfer" in lines
    assert "Dalfsen 9,8%" in lines and "Dalfsen 75,7% (95%-interval 72,3% tot 78,8%)" in lines
    # the rank of a survey estimate: p91 at the point, p55 at the lower bound 72.3 -> uncertain
    assert round(h.health.point.percentile) == 91 and round(h.health.at_lower.percentile) == 55
    assert "de precieze rangorde is onzeker" in lines and "hoger dan 9 van de 10" not in lines
    # 86050NED half-years like with like: 2020H1 55 (1,570 clients) -> 2024H1 50 (1,490)
    assert "55 Wmo-cliënten per 1.000 inwoners in het eerste halfjaar van 2020 en 50 in het eerste halfjaar van 2024" \
        in lines
    assert "niet vast te stellen" in lines and "trendverandering" not in lines
    assert ("Cijfers uit de CBS-extracten van april 2025 (Wmo tot en met het eerste halfjaar van 2024, jeugdzorg tot "
            "en met 2023, Gezondheidsmonitor tot en met 2022); nieuwere CBS-cijfers kunnen") in lines
    assert "een tot twee jaar" not in lines
    # 85099NED youth care, year with year: Dalfsen 8.7% (685) in 2021 -> 9.8% (770) in 2023; NL 10.6 -> 11.0
    assert ("Dalfsen 8,7% en 9,8% (+1,1 procentpunt; 685 en 770 jongeren, +12%); mediaan van vergelijkbare "
            "gemeenten 10,1% en 10,35%; Nederland als geheel 10,6% en 11,0%") in lines
    assert all("echt" in line for line in S.headline_lines(h)[1:])


def test_a_municipality_without_wmo_figures():
    lines = "\n".join(S.headline_lines(_headlines("Heumen")))  # delivered no Wmo data to CBS
    assert "Heumen: geen cijfer in de gebruikte CBS-extractie" in lines and "geen halfjaarcijfers" in lines
    assert "leverde geen gegevens" not in lines  # no guessed reason


class _Entry:
    def __init__(self, status: str) -> None:
        self.status = status


def test_status_label_and_with_label():
    catalog = {"a": _Entry("real"), "b": _Entry("mixed"), "c": _Entry("illustrative")}
    assert (S.status_label(catalog, "a"), S.status_label(catalog, "a", "b"), S.status_label(catalog, "b", "c")) == (
        "echt", "deels afgeleid", "illustratief")
    with pytest.raises(KeyError):
        S.status_label(catalog, "typo")
    assert S.with_label("- **Witte vlekken:** 0 aangetoond", "illustratief") == \
        "- **Witte vlekken (illustratief):** 0 aangetoond"
    assert S.with_label("- tekst", "echt") == "- (echt) tekst"


def test_iv3_line_netto_per_inhabitant_against_the_peer_median():
    classes = pd.DataFrame({"municipality": ["A", "B", "C", "D"], "cbs_name": ["A", "B", "C", "D"], "year": 2025,
                            "province": "P", "size_class": "s", "urbanity": "u", "social_structure": "g"})
    totals = pd.DataFrame({"municipality": ["A", "B", "C", "D"], "year": 2025, "document": "begroting",
                           "group": "sociaal_domein", "netto_per_inwoner": [963.4, 900.0, 1017.1, 1100.0]})
    line = S.iv3_line(totals, classes, "A", 2026, "echt")
    # peers B, C, D: median 1,017; A above B only -> 1 lower of 3, percentile 33
    assert "begroting 2025 (CBS Iv3; echt):** A € 963, mediaan van vergelijkbare gemeenten € 1.017" in line
    assert "lager dan 2 van de 3 vergelijkbare gemeenten; percentiel 33; CBS-gemeenteklassen 2025" in line
    assert "geen begroting" in S.iv3_line(totals, classes, "A", 2024)
