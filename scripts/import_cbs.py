"""Import the CBS StatLine extracts (Wmo, youth care, Gezondheidsmonitor, population) into data/raw/.

    python scripts/import_cbs.py                      # reads ../shared/data/cbs, writes data/raw/cbs_*.csv(.gz)
    python scripts/import_cbs.py --source DIR --out DIR

The source folder holds CBS open data (CC BY 4.0) taken from public mirrors of the CBS OData
feeds; its README names the tables, the mirror repositories and their commits (copied into
data/raw/catalog.yaml). This script only reshapes: it never changes a figure.

- Half-year and year rows are written to separate files (``*_halfyear`` with a ``halfyear``
  column "2024H1", ``*_year`` with a ``year`` column), so no series mixes the two.
- CBS's suppressed or missing cells stay empty (never 0). Counts are as CBS published them
  (rounded to 5).
- Regions: the municipalities (CBS names, which are also the Iv3 names, e.g. "Bergen (L.)")
  and Nederland; provinces, landsdelen, COROP, GGD and youth-care regions are dropped.
  Municipalities that merged between 2017 and 2024 keep their own rows (their series stop);
  new municipalities start in the year they were formed.
- Wmo per wijk exists for Dalfsen only (the wijk tables of the source); the municipal row of
  those tables is dropped in favour of 86050NED, the one consistent municipal series.
- 83262NED (the older Wmo table, 2015-2020) is not imported: 2015-2016 are mostly empty and
  2017-2020 are in 86050NED, the later revision.
- Gezondheidsmonitor: editions 2016 (83674NED), 2020 (85012NED), 2022 (85563NED); long form,
  one row per region, edition, age band and indicator with the value and its 95% bounds.
  Hours-per-week indicators are left out (they are not percentages).

Standard library plus pandas; deterministic (sorted rows, gzip without timestamp).
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "cbs"
OUT = ROOT / "data" / "raw"

NON_MUNICIPAL = re.compile(r"\((?:PV|LD|CR|JZ|GG|CG)\)\s*$")
HALF = re.compile(r"^\s*([12])e\s*half\s*jaar\s+(\d{4})\s*$", re.IGNORECASE)

#: Gezondheidsmonitor column stem -> indicator id (same id across editions)
HEALTH_INDICATORS = {
    "ErvarenGezondheidGoedZeerGoed": "health_good",
    "EenOfMeerLangdurigeAandoeningen": "long_term_condition",
    "Overgewicht": "overweight",
    "ErnstigOvergewicht": "obesity",
    "ErnstigOvergewichtObesitas": "obesity",
    "VoldoetAanBeweegrichtlijn": "exercise_guideline",
    "WekelijkseSporters": "weekly_sport",
    "WekelijksSporter": "weekly_sport",
    "Mantelzorger": "carer",
    "ZwaarBelasteMantelzorgers": "carer_heavily_burdened",
    "Rokers": "smoker",
    "OvermatigDrinker": "excessive_drinker",
    "OvermatigeDrinkersOnderBevolking": "excessive_drinker",
    "AngstOfDepressiegevoelensAfg4Wk": "anxiety_depression",
    "PsychischeKlachtenAfgelopen4Weken": "psychological_complaints",
}
HEALTH_TABLES = {"83674NED": 2016, "85012NED": 2020, "85563NED": 2022}
#: age bands: "all" is every adult in the survey (19+ in 2016, 18+ from 2020), "under_65" 19/18-64
AGE_BANDS = {"Totaal": "all", "19 tot 65 jaar": "under_65", "18 tot 65 jaar": "under_65", "65 jaar of ouder": "65_plus"}
MARGINS = {"Waarde": "value", "Ondergrens 95%-interval": "lower", "Bovengrens 95%-interval": "upper"}


def split_period(text: str) -> tuple[int, int | None]:
    """'1e halfjaar 2024' / '1e half jaar 2024' -> (2024, 1); '2023' -> (2023, None)."""
    match = HALF.match(str(text))
    if match:
        return int(match[2]), int(match[1])
    return int(str(text).strip()), None


def region_type(name: str) -> str:
    return "Nederland" if name == "Nederland" else "gemeente"


def _periods(frame: pd.DataFrame) -> pd.DataFrame:
    parts = frame["periode"].map(split_period)
    return frame.assign(year=[p[0] for p in parts], half=[p[1] for p in parts])


def _write_pair(frame: pd.DataFrame, stem: str, out: Path, key: list[str], columns: list[str]) -> list[Path]:
    """Write ``<stem>_halfyear`` and ``<stem>_year``; returns the paths."""
    halves = frame[frame["half"].notna()].copy()
    halves.insert(0, "halfyear", halves["year"].astype(int).astype(str) + "H" + halves["half"].astype(int).astype(str))
    years = frame[frame["half"].isna()].copy()
    written = []
    for part, period in ((halves, "halfyear"), (years, "year")):
        table = part[key + [period] + columns].sort_values(key + [period])
        written.append(_write(table, out / f"{stem}_{period}.csv.gz"))
    return written


def _write(table: pd.DataFrame, path: Path) -> Path:
    text = table.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    if path.suffix == ".gz":
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
            handle.write(text.encode("utf-8"))
        path.write_bytes(buffer.getvalue())
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _ints(series: pd.Series) -> pd.Series:
    return series.round().astype("Int64")


def import_wmo(source: Path, out: Path) -> list[Path]:
    muni = pd.read_csv(source / "wmo_clienten_gemeenten_2017_2024H1_86050NED.csv.gz", dtype=str)
    muni = muni[muni["type_maatwerkvoorziening"].str.strip() == "Totaal"]
    muni = muni.assign(region=muni["regio"].str.strip(), region_code=muni["gemeentecode_afgeleid"],
                       region_type=muni["regio"].str.strip().map(region_type), municipality=muni["regio"].str.strip())
    muni.loc[muni["region"] == "Nederland", "region_code"] = "NL01"
    wijk = pd.read_csv(source / "wmo_clienten_dalfsen_wijken_2017_2024H1.csv", dtype=str)
    wijk = wijk[(wijk["type_maatwerkvoorziening"].str.strip() == "Totaal") & (wijk["soort_regio"] == "Wijk")]
    wijk = wijk.assign(region=wijk["regionaam"], region_code=wijk["regiocode"], region_type="wijk",
                       municipality="Dalfsen")
    frame = _periods(pd.concat([muni, wijk], ignore_index=True))
    frame = frame.assign(clients=_ints(pd.to_numeric(frame["wmo_clienten"])),
                         clients_per_1000=_ints(pd.to_numeric(frame["wmo_clienten_per_1000_inwoners"])))
    return _write_pair(frame, "cbs_wmo", out, ["region_type", "municipality", "region"],
                       ["region_code", "clients", "clients_per_1000", "cbs_table"])


def import_youth_care(source: Path, out: Path) -> list[Path]:
    frame = pd.read_csv(source / "jeugdzorg_gemeenten_2015_2024H1_84134NED_85099NED.csv.gz", dtype=str)
    frame = frame[~frame["regio"].str.contains(NON_MUNICIPAL)]
    frame = frame.assign(region=frame["regio"].str.strip(), region_code=frame["gemeentecode_afgeleid"],
                         region_type=frame["regio"].str.strip().map(region_type),
                         care_form=frame["vorm_jeugdzorg"].map({"JZ Totaal jeugdzorg": "totaal",
                                                                "JZ Totaal jeugdzorg in natura": "in natura"}))
    if frame["care_form"].isna().any():
        unknown = set(frame.loc[frame["care_form"].isna(), "vorm_jeugdzorg"])
        raise SystemExit(f"jeugdzorg: unknown vorm_jeugdzorg {unknown}")
    frame.loc[frame["region"] == "Nederland", "region_code"] = "NL01"
    frame = _periods(frame)
    frame = frame.assign(young_people=_ints(pd.to_numeric(frame["jongeren_met_jeugdzorg"])),
                         pct_young_people=pd.to_numeric(frame["jongeren_met_jeugdzorg_pct_van_jongeren_0_22"]),
                         trajectories=_ints(pd.to_numeric(frame["jeugdzorgtrajecten"])))
    return _write_pair(frame, "cbs_youth_care", out, ["region_type", "region", "care_form"],
                       ["region_code", "young_people", "pct_young_people", "trajectories", "cbs_table"])


def import_health(source: Path, out: Path) -> list[Path]:
    parts = []
    for table, edition in HEALTH_TABLES.items():
        raw = pd.read_csv(source / f"gezondheidsmonitor_regio_{table}.csv.gz", sep=";", dtype=str,
                          encoding="utf-8-sig")
        raw = raw[~raw["RegioS"].str.contains(NON_MUNICIPAL)]
        stems = {c: re.sub(r"_\d+$", "", c) for c in raw.columns}
        keep = [c for c, stem in stems.items() if stem in HEALTH_INDICATORS]
        long = raw.melt(id_vars=["Leeftijd", "Marges", "RegioS"], value_vars=keep, var_name="column")
        long = long.assign(indicator=long["column"].map(lambda c: HEALTH_INDICATORS[stems[c]]),  # noqa: B023
                           margin=long["Marges"].map(MARGINS), age_band=long["Leeftijd"].map(AGE_BANDS))
        if long["margin"].isna().any() or long["age_band"].isna().any():
            raise SystemExit(f"{table}: unknown Marges or Leeftijd value")
        wide = long.pivot_table(index=["RegioS", "age_band", "indicator"], columns="margin", values="value",
                                aggfunc="first").reset_index()
        wide = wide.assign(edition=edition, cbs_table=table, region=wide["RegioS"].str.strip(),
                           region_type=wide["RegioS"].str.strip().map(region_type))
        parts.append(wide)
    frame = pd.concat(parts, ignore_index=True)
    for margin in ("value", "lower", "upper"):
        if margin not in frame:
            frame[margin] = pd.NA
        frame[margin] = pd.to_numeric(frame[margin])
    frame = frame.dropna(subset=["value", "lower", "upper"], how="all")
    table = frame[["region_type", "region", "edition", "age_band", "indicator", "value", "lower", "upper",
                   "cbs_table"]].sort_values(["region_type", "region", "edition", "age_band", "indicator"])
    return [_write(table, out / "cbs_health_monitor.csv.gz")]


def import_population(source: Path, out: Path) -> list[Path]:
    raw = pd.read_csv(source / "bevolking_dalfsen_1988_2024_03759ned.csv", dtype=str)
    table = pd.DataFrame({"region": raw["regio"], "year": raw["jaar"].astype(int),
                          "population_1_january": _ints(pd.to_numeric(raw["bevolking_op_1_januari"])),
                          "population_average": pd.to_numeric(raw["gemiddelde_bevolking"]),
                          "cbs_table": "03759ned"})
    return [_write(table.sort_values(["region", "year"]), out / "cbs_population.csv")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help="folder with the CBS extracts (default %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default %(default)s)")
    args = parser.parse_args(argv)
    if not (args.source / "README.md").exists():
        parser.error(f"{args.source}: expected the CBS extract folder with its README.md")
    args.out.mkdir(parents=True, exist_ok=True)
    written = (import_wmo(args.source, args.out) + import_youth_care(args.source, args.out)
               + import_health(args.source, args.out) + import_population(args.source, args.out))
    for path in written:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
