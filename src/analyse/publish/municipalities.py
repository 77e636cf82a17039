"""Municipality names as report parameter values: matching, suggestions and file-name slugs.

The allowed names are the 342 municipalities of the CBS classes (dataset
``gemeenteklassen``, the newest year), written as CBS writes them: ``'s-Hertogenbosch``,
``Bergen (NH.)``, ``Bergen (L.)``, ``Súdwest-Fryslân``, ``Nuenen, Gerwen en Nederwetten``.

A value is matched in three steps, each only when it gives exactly one name (never a guess):

1. exactly as written;
2. ignoring case, diacritics, spaces and punctuation (``sudwest-fryslan``, ``bergen nh``,
   ``S HERTOGENBOSCH``), or one of the two official everyday names (``Den Haag`` for
   ``'s-Gravenhage``, ``Den Bosch`` for ``'s-Hertogenbosch``);
3. the name without its CBS suffix (``Hengelo`` for ``Hengelo (O.)``, ``Nuenen`` for
   ``Nuenen, Gerwen en Nederwetten``); ``Bergen`` matches two and is refused.

Anything else is refused with the closest names (difflib) in the message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["ALL_MUNICIPALITIES", "MunicipalityMatch", "closest", "match_municipality", "municipality_names",
           "municipality_provinces", "normalise", "slug"]

#: The value of a ``gemeente`` parameter that fans out to one report per municipality.
ALL_MUNICIPALITIES = "alle"
#: Dataset with one row per municipality and year (name, province, classes).
CLASSES_DATASET = "gemeenteklassen"
#: Everyday names that are the municipality's own official usage (not guesses).
_ALIASES = {"denhaag": "sgravenhage", "denbosch": "shertogenbosch"}
_SUFFIX = re.compile(r"\s*(\([^)]*\)|,.*)$")
_SUGGESTIONS = 5


def normalise(text: str) -> str:
    """Lower case, without diacritics, spaces or punctuation: ``'s-Hertogenbosch`` -> ``shertogenbosch``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def slug(name: str) -> str:
    """A safe, readable, ASCII file-name part: ``Bergen (NH.)`` -> ``bergen-nh``,
    ``Súdwest-Fryslân`` -> ``sudwest-fryslan``, ``'s-Hertogenbosch`` -> ``s-hertogenbosch``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "leeg"


class MunicipalityMatch:
    """Lookup tables for one list of names (built once per list)."""

    def __init__(self, names: Sequence[str]):
        self.names = tuple(names)
        self.exact = set(self.names)
        self.by_key: dict[str, list[str]] = {}
        self.by_base: dict[str, list[str]] = {}
        for name in self.names:
            self.by_key.setdefault(normalise(name), []).append(name)
            self.by_base.setdefault(normalise(_SUFFIX.sub("", name)), []).append(name)

    def find(self, value: str) -> str | None:
        """The one name ``value`` stands for, or None (unknown or ambiguous)."""
        if value in self.exact:
            return value
        key = normalise(value)
        key = _ALIASES.get(key, key)
        for found in (self.by_key.get(key), self.by_base.get(key)):
            if found and len(found) == 1:
                return found[0]
        return None

    def ambiguous(self, value: str) -> list[str]:
        """The names ``value`` could stand for when it stands for more than one."""
        found = self.by_key.get(normalise(value)) or self.by_base.get(normalise(value)) or []
        return sorted(found) if len(found) > 1 else []


@lru_cache(maxsize=4)
def _matcher(names: tuple[str, ...]) -> MunicipalityMatch:
    return MunicipalityMatch(names)


def match_municipality(value: str, names: Sequence[str]) -> str | None:
    """The municipality (as CBS writes it) that ``value`` stands for, or None (see the module doc)."""
    return _matcher(tuple(names)).find(value)


def closest(value: str, names: Sequence[str], n: int = _SUGGESTIONS) -> list[str]:
    """Up to ``n`` names closest to ``value`` (ambiguous matches first, then difflib)."""
    matcher = _matcher(tuple(names))
    found = matcher.ambiguous(value)
    keys = {normalise(name): name for name in matcher.names}
    near = difflib.get_close_matches(normalise(value), list(keys), n=n, cutoff=0.6)
    for key in near:
        if keys[key] not in found:
            found.append(keys[key])
    return found[:n]


# --------------------------------------------------------------------------- data


def _classes_file(processed_dir: Path | str | None) -> Path | None:
    from analyse.config import PROCESSED_DIR
    from analyse.data.store import read_manifest

    out_dir = Path(processed_dir or PROCESSED_DIR)
    entry = (read_manifest(out_dir) or {}).get("outputs", {}).get(CLASSES_DATASET)
    return out_dir / entry["file"] if entry else None


@lru_cache(maxsize=4)
def _provinces(path: Path, stamp: float) -> dict[str, str]:
    import pandas as pd

    frame = pd.read_parquet(path, columns=["municipality", "year", "province"])
    newest = frame[frame["year"] == frame["year"].max()]
    pairs = zip(newest["municipality"].astype(str), newest["province"].astype(str))
    return dict(sorted(pairs, key=lambda pair: pair[0].casefold()))


def municipality_provinces(data_dir: Path | str | None = None,
                           processed_dir: Path | str | None = None) -> dict[str, str]:
    """Municipality -> province, newest year of the CBS classes in ``data_dir``, sorted by name
    ignoring case. The processed data are (re)built first unless they are a current build of
    exactly ``data_dir`` (a build of another folder or of older raw files never answers);
    cached while the input files stay the same."""
    import os

    from analyse.config import PROCESSED_DIR, RAW_DIR
    from analyse.data.store import input_files

    data = Path(data_dir or RAW_DIR).resolve()
    # As `analyse run` does: the environment variable is read at call time.
    out = Path(processed_dir or os.environ.get("ANALYSE_PROCESSED_DIR") or PROCESSED_DIR).resolve()
    try:
        stamp: tuple[tuple[str, int, int], ...] | None = tuple(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in input_files(data))
    except OSError:
        stamp = None  # a missing input: the build names it
    if stamp is None:
        _fresh_provinces.cache_clear()
    return _fresh_provinces(data, out, stamp)


@lru_cache(maxsize=8)
def _fresh_provinces(data_dir: Path, processed_dir: Path, stamp: object) -> dict[str, str]:
    from analyse.data.store import build
    from analyse.errors import ConfigError

    build(data_dir, processed_dir)
    path = _classes_file(processed_dir)
    if path is None or not path.exists():
        raise ConfigError(f"dataset '{CLASSES_DATASET}' (the CBS municipality classes) is missing from the "
                          f"catalog of {data_dir}: the municipality names are taken from it")
    return _provinces(path, path.stat().st_mtime)


def municipality_names(data_dir: Path | str | None = None,
                       processed_dir: Path | str | None = None) -> tuple[str, ...]:
    """The municipalities of the CBS classes (newest year), sorted by name."""
    return tuple(municipality_provinces(data_dir, processed_dir))
