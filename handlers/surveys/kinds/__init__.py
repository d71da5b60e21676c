"""Survey question kinds, one module each (see `base.QuestionKind`); `registry.kind_of` finds a
question's kind by its YAML ``type``."""

from handlers.surveys.kinds.base import InputHint, QuestionKind, RawValue, Tally, Value
from handlers.surveys.kinds.registry import kind_named, kind_of, kinds

__all__ = ["InputHint", "QuestionKind", "RawValue", "Tally", "Value", "kind_named", "kind_of", "kinds"]
