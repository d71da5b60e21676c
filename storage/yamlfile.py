"""YAML files shipped with focbot (the seed, the search lexicon and glossary), read with libyaml's parser
when PyYAML was built with it (about ten times faster than the pure-Python one; every process start and
every test app seeds), else with the pure-Python `yaml.SafeLoader`. Both build the same values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The values of the YAML file at ``path`` (safe: plain data only)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
