"""Guards against hostile or accidental input, shared by every layer.

- :func:`load_yaml`: YAML as the toolkit reads it everywhere (catalog, municipality,
  reports.yaml, parameter files): size-limited, and the size of the document with every
  alias (``*name``) expanded is counted on the parsed node graph before anything is
  built, so a small "billion laughs" file is refused in milliseconds instead of
  expanding to gigabytes, while a few ordinary aliases (reports.yaml uses them) pass.
- :func:`redact`: secret values replaced by a placeholder in any text before it is
  written (error messages, executed notebooks, run.json, logs, standard error).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from analyse.errors import ConfigError

__all__ = ["MAX_YAML_BYTES", "REDACTED", "forget_secrets", "load_yaml", "read_yaml", "redact", "register_secret"]

#: Largest YAML file the toolkit reads (a catalog or configuration is a few kilobytes).
MAX_YAML_BYTES = 2_000_000
#: Most values (scalars, lists, mappings) a YAML document may hold with its aliases expanded.
MAX_YAML_NODES = 100_000
#: Shown instead of a secret value.
REDACTED = "<geheim>"

_SECRETS: set[str] = set()


def _expanded_size(root: yaml.Node, source: Path | str) -> int:
    """Number of nodes of the document with every alias expanded (linear time: each
    distinct node is sized once); ConfigError for a recursive alias."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = 1
            continue
        if children_done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_YAML_NODES:
                return sizes[key]
            continue
        if key in active:
            raise ConfigError(f"{source}: line {node.start_mark.line + 1}: a YAML alias refers to itself: "
                              "expected plain values")
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                raise ConfigError(f"{source}: line {child.start_mark.line + 1}: a YAML alias refers to itself: "
                                  "expected plain values")
            stack.append((child, False))
    return sizes.get(id(root), 0)


def load_yaml(text: str, source: Path | str) -> Any:
    """Parse YAML ``text`` safely; ConfigError naming ``source`` when it is invalid, too
    large, or its aliases (``*name``) expand it beyond :data:`MAX_YAML_NODES` values."""
    if len(text) > MAX_YAML_BYTES:
        raise ConfigError(f"{source}: {len(text):,} characters: expected a YAML file below "
                          f"{MAX_YAML_BYTES:,} characters")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: aliases are shared, not copied
        if root is None:
            return None
        size = _expanded_size(root, source)
        if size > MAX_YAML_NODES:
            raise ConfigError(f"{source}: its aliases (*name) expand it to more than {MAX_YAML_NODES:,} values: "
                              "expected a small configuration file (write the values out, without nested aliases)")
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: nested too deeply: expected a small configuration file") from None


def read_yaml(path: Path | str) -> Any:
    """Read and parse a YAML file with :func:`load_yaml`; ConfigError when unreadable."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            raise ConfigError(f"{path}: {path.stat().st_size:,} bytes: expected a YAML file below "
                              f"{MAX_YAML_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder: expected a YAML file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return load_yaml(text, path)


def register_secret(value: str) -> None:
    """Remember a secret value so :func:`redact` hides it everywhere in this process."""
    if value:
        _SECRETS.add(value)


def forget_secrets() -> None:
    _SECRETS.clear()


def _forms(secret: str) -> list[str]:
    """The secret as it may appear written down: plain, JSON-escaped, HTML-escaped, repr."""
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
             html.escape(secret), html.escape(secret, quote=False), repr(secret)[1:-1]}
    forms |= {json.dumps(f)[1:-1] for f in list(forms)}  # a JSON string inside a JSON file (ipynb outputs)
    return sorted((f for f in forms if f), key=len, reverse=True)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every secret (given, or registered) replaced by ``<geheim>``."""
    for secret in sorted(set(secrets) | _SECRETS, key=len, reverse=True):
        if secret:
            for form in _forms(secret):
                text = text.replace(form, REDACTED)
    return text
