"""Reading the YAML files that ship with the code (the seed data, the glossary and the lexicon), which every
bot process reads at start: with libyaml's parser when PyYAML was built with it (the same data as
`yaml.safe_load`, the same safe constructor, in about a tenth of the time), else PyYAML's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of the YAML file at ``path`` (UTF-8), as `yaml.safe_load` reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
