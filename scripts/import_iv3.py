"""Import the CBS Iv3 extracts into data/raw/ (re-runnable, byte-identical output).

Source: the extracts of CBS Iv3 open data (CC BY 4.0) prepared by the public repository
michielsd/begrotingsanalysetool (Apache-2.0), commit 67cc06d (2025-04-28), files
``Analysedata/Iv3/*.csv``, ``Brondata/Gemeenteklassen/*.csv`` and
``Brondata/sociale_structuur_centrumfunctie.csv``, kept gzip-compressed and otherwise
byte-identical in a folder such as ``../shared/data/iv3/`` (see its README). The sha256
of every original is checked against :data:`SOURCE_SHA256` before anything is written.

Writes

- ``data/raw/iv3.csv.gz``: one row per municipality, year, document (begroting /
  jaarrekening) and taakveld; amounts stay in **thousands of euros** as CBS publishes
  them (the data contract converts them to euros once, at reading);
- ``data/raw/gemeenteklassen.csv``: per municipality and year the CBS classes used to
  pick comparable municipalities.

Decisions (each checked here, the run stops when a check fails):

- the ``Nederland`` rows are dropped after checking that they equal the sum over the
  342 municipalities for every taakveld (lasten and baten);
- municipality names are those of the Iv3 files (``Groningen``, ``'s-Gravenhage``);
  the classes files write nine of them as CBS's regional classification does
  (``Groningen (gemeente)``, ``Beek (L.)``); that name is kept as ``cbs_name``;
- taakveld code and name are split at the first space; the name is CBS's, truncated
  with ".." where long (the full names are in src/analyse/params/taakvelden.yaml);
- the classes are written as readable Dutch labels ("20.000 tot 50.000 inwoners",
  "weinig stedelijk"); "Friesland" (2024 file) is written "Fryslân" as in the others;
- the classes of the Iv3 files must equal those of the classes files (checked).

Usage: ``.venv/bin/python scripts/import_iv3.py [SOURCE_DIR] [--out data/raw]``
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "iv3"

SOURCE_SHA256 = {
    "2023_begroting.csv.gz": "9e63935758474176c03f60148ee8da7a171bf2e12ac47538e16fd360e39f1513",
    "2023_jaarrekening.csv.gz": "a1f3a6350bca008e405b3a208b38ba68c3940f8f9b92877dfc089ee5f680043d",
    "2024_begroting.csv.gz": "b9086e4ce5c7f8d1c72423ad7cd8cab66eee239b4d9a7dd403307842b2a10d7f",
    "2025_begroting.csv.gz": "5943c2dd5d3a218a7e884765f7e41d1a1636689ae7501d09477a5ee793e27ebf",
    "gemeenteklassen_2023.csv.gz": "49983e3edcf76069c5eb28ac69e30b58960b4dda3f5d28a9acad69a776f125d3",
    "gemeenteklassen_2024.csv.gz": "3408c17850fb1447f94efe552ea00ea022c0acbdc6e95bb40fe0763c8ea0445e",
    "gemeenteklassen_2025.csv.gz": "dfd7687dc3acc8a966332a3bca6f0b367592216eb744023c1d9460c504e4941d",
    "sociale_structuur_centrumfunctie.csv.gz": "e3a0ecc99eda79851533e9b99e4540e5ca5d6633cb51dc0f7dc504913803e144",
}
DOCUMENTS = (("2023_begroting", 2023, "begroting"), ("2023_jaarrekening", 2023, "jaarrekening"),
             ("2024_begroting", 2024, "begroting"), ("2025_begroting", 2025, "begroting"))
NATIONAL = "Nederland"

SIZE_CLASSES = {
    "minderdan5000inwoners": "minder dan 5.000 inwoners",
    "5000tot10000inwoners": "5.000 tot 10.000 inwoners",
    "10000tot20000inwoners": "10.000 tot 20.000 inwoners",
    "20000tot50000inwoners": "20.000 tot 50.000 inwoners",
    "50000tot100000inwoners": "50.000 tot 100.000 inwoners",
    "100000tot150000inwoners": "100.000 tot 150.000 inwoners",
    "150000tot250000inwoners": "150.000 tot 250.000 inwoners",
    "250000inwonersofmeer": "250.000 inwoners of meer",
}
URBANITY = {"nietstedelijk": "niet stedelijk", "weinigstedelijk": "weinig stedelijk",
            "matigstedelijk": "matig stedelijk", "sterkstedelijk": "sterk stedelijk",
            "zeersterkstedelijk": "zeer sterk stedelijk"}
PROVINCES = {"Friesland": "Fryslân"}
LEVELS = {"Zonder": "zonder", "Weinig": "weinig", "Redelijk": "redelijk", "Sterk": "sterk",
          "Goed": "goed", "Matig": "matig", "Zwak": "zwak"}

IV3_COLUMNS = ["municipality", "year", "document", "taakveld_code", "taakveld_name",
               "lasten", "baten", "salarissen", "inhabitants"]
CLASS_COLUMNS = ["municipality", "cbs_name", "year", "province", "size_class", "urbanity",
                 "inhabitants", "centre_function", "social_structure"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_sources(source: Path) -> None:
    for name, expected in SOURCE_SHA256.items():
        path = source / name
        if not path.exists():
            sys.exit(f"{path}: file not found: expected the Iv3 extracts (see this script's docstring)")
        if sha256(path) != expected:
            sys.exit(f"{path}: sha256 differs from the documented original {expected}")


def _classes(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "province": frame["Provincie"].map(lambda v: PROVINCES.get(v, v)),
        "size_class": frame["Gemeentegrootte"].str.lower().map(SIZE_CLASSES),
        "urbanity": frame["Stedelijkheid"].str.lower().map(URBANITY),
    }, index=frame.index)
    if out.isna().any().any():
        sys.exit(f"unknown class labels: {frame[out.isna().any(axis=1)].iloc[0].to_dict()}")
    return out


def read_iv3(source: Path) -> pd.DataFrame:
    frames = []
    for stem, year, document in DOCUMENTS:
        raw = pd.read_csv(source / f"{stem}.csv.gz", sep=";", dtype={"Gemeenten": str, "Taakveld": str})
        check_national(raw, stem)
        raw = raw[raw["Gemeenten"] != NATIONAL]
        split = raw["Taakveld"].str.strip().str.split(" ", n=1, expand=True)
        frames.append(pd.DataFrame({
            "municipality": raw["Gemeenten"], "year": year, "document": document,
            "taakveld_code": split[0], "taakveld_name": split[1].str.strip(),
            "lasten": raw["Lasten"], "baten": raw["Baten"],
            "salarissen": raw["L1.1 Salarissen en sociale lasten"], "inhabitants": raw["Inwonertal"],
            "Provincie": raw["Provincie"], "Gemeentegrootte": raw["Gemeentegrootte"],
            "Stedelijkheid": raw["Stedelijkheid"], "Sociale structuur": raw["Sociale structuur"],
        }))
    return pd.concat(frames, ignore_index=True)


def check_national(raw: pd.DataFrame, stem: str) -> None:
    national = raw[raw["Gemeenten"] == NATIONAL].set_index("Taakveld")[["Lasten", "Baten"]]
    summed = raw[raw["Gemeenten"] != NATIONAL].groupby("Taakveld")[["Lasten", "Baten"]].sum()
    diff = (national - summed.reindex(national.index)).abs().to_numpy().max()
    if not diff < 0.5:
        sys.exit(f"{stem}: the Nederland rows differ from the sum of the municipalities by {diff}")
    if raw["Gemeenten"].nunique() != 343:
        sys.exit(f"{stem}: expected 342 municipalities and Nederland, found {raw['Gemeenten'].nunique()}")


def read_classes(source: Path, iv3: pd.DataFrame) -> pd.DataFrame:
    social = pd.read_csv(source / "sociale_structuur_centrumfunctie.csv.gz", sep="\t", dtype=str)
    frames = []
    for year in (2023, 2024, 2025):
        classes = pd.read_csv(source / f"gemeenteklassen_{year}.csv.gz", sep="\t", dtype={"Gemeenten": str})
        classes = classes.merge(social, on="Gemeenten", how="left", validate="one_to_one")
        names = set(iv3.loc[iv3["year"] == year, "municipality"])
        classes["municipality"] = [_iv3_name(n, names) for n in classes["Gemeenten"]]
        frames.append(pd.concat([pd.DataFrame({
            "municipality": classes["municipality"], "cbs_name": classes["Gemeenten"], "year": year,
        }), _classes(classes), pd.DataFrame({
            "inhabitants": classes["Inwonertal"],
            "centre_function": classes["Centrumfunctie"].map(LEVELS),
            "social_structure": classes["Sociale structuur"].map(LEVELS),
        })], axis=1))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["year", "municipality"], key=_sort_key, ignore_index=True)[CLASS_COLUMNS]


def _iv3_name(name: str, iv3_names) -> str:
    """The Iv3 spelling of a classes-file name: 'Beek (L.)' -> 'Beek' when only the latter exists."""
    if name in iv3_names:
        return name
    short = name.rsplit(" (", 1)[0]
    if short in iv3_names:
        return short
    sys.exit(f"municipality '{name}' of the classes files has no Iv3 rows")


def _sort_key(column: pd.Series) -> pd.Series:
    return column.str.casefold() if column.name == "municipality" else column


def check_consistency(iv3: pd.DataFrame, classes: pd.DataFrame) -> None:
    first = iv3.drop_duplicates(["municipality", "year", "document"])
    merged = first.merge(classes, on=["municipality", "year"], how="outer", indicator=True,
                         suffixes=("", "_c"))
    if (merged["_merge"] != "both").any():
        sys.exit(f"municipalities without classes or Iv3 rows: {merged[merged['_merge'] != 'both'].head()}")
    iv3_classes = _classes(merged)
    for column in ("province", "size_class", "urbanity"):
        bad = merged[iv3_classes[column] != merged[column]]
        if len(bad):
            sys.exit(f"class '{column}' differs between Iv3 and classes files: {bad.iloc[0].to_dict()}")
    bad = merged[merged["inhabitants"] != merged["inhabitants_c"]]
    if len(bad):
        sys.exit(f"inhabitants differ between Iv3 and classes files: {bad.iloc[0].to_dict()}")


def write_gzip_csv(frame: pd.DataFrame, path: Path) -> None:
    """Deterministic gzip (no file name or time in the header) so a rerun is byte-identical."""
    text = frame.to_csv(index=False, lineterminator="\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args(argv)
    check_sources(args.source)
    iv3 = read_iv3(args.source)
    classes = read_classes(args.source, iv3)
    check_consistency(iv3, classes)
    iv3 = iv3[IV3_COLUMNS].copy()
    for column in ("lasten", "baten", "salarissen"):
        iv3[column] = iv3[column].astype("Int64")  # whole thousands of euros in every file
    write_gzip_csv(iv3, args.out / "iv3.csv.gz")
    classes.to_csv(args.out / "gemeenteklassen.csv", index=False, lineterminator="\n")
    print(f"wrote {len(iv3)} Iv3 rows and {len(classes)} class rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
