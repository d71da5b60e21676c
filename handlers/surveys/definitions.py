"""Survey definitions: the YAML format (docs/surveys.md), validated with pydantic."""

from __future__ import annotations

import re
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

TEMPLATE_FOLDER = ("handlers", "templates")  # package data: handlers/templates/*.yaml
_HOUR = r"(?:[01]\d|2[0-3]):[0-5]\d"
_SLOT = re.compile(rf"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Weekdays)\s+)?{_HOUR}-(?:{_HOUR}|24:00) UTC$")
_ACTIVITY = re.compile(r"^[1-3][A-D]\.\d{1,2}$")
MAX_TEXT_ANSWER = 2000


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    TEXT = "text"
    SLOTS = "slots"  # preferred meeting slots: a multiple choice among UTC time windows


CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.SLOTS)
MANY_TYPES = (QuestionType.MULTIPLE, QuestionType.SLOTS)


class DefinitionError(ValueError):
    """A survey definition that cannot be used; the message lists every problem, one per line."""


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1)
    text: str = Field(min_length=3, max_length=500)
    type: QuestionType
    topic: str | None = Field(default=None, max_length=80)
    required: bool = True
    options: tuple[str, ...] = ()
    max: int | None = Field(default=None, ge=1)
    scale: tuple[int, int] = (1, 5)
    labels: dict[int, str] = Field(default_factory=dict)

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, options: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(o.strip() for o in options)
        if any(not o for o in cleaned):
            raise ValueError("an option is empty")
        lowered = [o.lower() for o in cleaned]
        if len(set(lowered)) != len(lowered):
            raise ValueError("two options have the same label")
        if any(o.isdigit() for o in cleaned):
            raise ValueError("an option label may not be a bare number (numbers choose options)")
        return cleaned

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        kind = self.type
        if kind in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"a {kind} question needs at least two options")
            if len(self.options) > 25:
                raise ValueError("at most 25 options")
        elif self.options:
            raise ValueError(f"a {kind} question has no options")
        if kind in MANY_TYPES:
            if any("," in o for o in self.options):
                raise ValueError("options of a multiple or slots question may not hold commas")
            if self.max is not None and self.max > len(self.options):
                raise ValueError(f"max={self.max} is more than the {len(self.options)} options")
        elif self.max is not None:
            raise ValueError(f"max applies only to multiple and slots questions, not {kind}")
        if kind is QuestionType.SLOTS:
            bad = [o for o in self.options if not _SLOT.match(o)]
            if bad:
                raise ValueError(f"slots look like `Tue 14:00-15:00 UTC`; not: {', '.join(bad)}")
        if kind is QuestionType.SCALE:
            low, high = self.scale
            if self.scale != (1, 5):
                raise ValueError("scales run from 1 to 5")
            unknown = sorted(k for k in self.labels if not low <= k <= high)
            if unknown:
                raise ValueError(f"labels for points outside {low}-{high}: {unknown}")
        elif self.labels:
            raise ValueError("labels apply only to scale questions")
        return self

    @property
    def max_selected(self) -> int:
        """How many options a multiple or slots question allows (1 for the others)."""
        if self.type in MANY_TYPES:
            return self.max or len(self.options)
        return 1

    @property
    def points(self) -> range:
        return range(self.scale[0], self.scale[1] + 1)

    def point_label(self, point: int) -> str:
        label = self.labels.get(point)
        return f"{point} ({label})" if label else str(point)

    def describe(self) -> str:
        """One line saying how to answer, for chat."""
        kind = self.type
        numbered = ", ".join(f"{i}. {o}" for i, o in enumerate(self.options, 1))
        if kind is QuestionType.SINGLE:
            return f"one of {numbered}"
        if kind in MANY_TYPES:
            return f"up to {self.max_selected} of {numbered} (numbers separated by commas)"
        if kind is QuestionType.SCALE:
            return "a number from 1 to 5: " + ", ".join(self.point_label(p) for p in self.points)
        return "free text in quotes"


class SurveyDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    title: str = Field(min_length=3, max_length=200)
    description: str = Field(default="", max_length=2000)
    activity: str | None = None
    questions: tuple[Question, ...] = Field(min_length=1, max_length=50)

    @field_validator("activity")
    @classmethod
    def _activity_id(cls, value: str | None) -> str | None:
        if value is not None and not _ACTIVITY.match(value):
            raise ValueError("activity ids look like 3B.3")
        return value

    @model_validator(mode="before")
    @classmethod
    def _number_questions(cls, data: Any) -> Any:
        """Questions without a ``number`` are numbered by position."""
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            data = dict(data)
            data["questions"] = [
                {"number": i, **q} if isinstance(q, dict) and "number" not in q else q
                for i, q in enumerate(data["questions"], 1)
            ]
        return data

    @model_validator(mode="after")
    def _sequential(self) -> SurveyDefinition:
        numbers = [q.number for q in self.questions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"questions must be numbered 1, 2, 3 ... in order; got {numbers}")
        return self

    def question(self, number: int) -> Question | None:
        return self.questions[number - 1] if 1 <= number <= len(self.questions) else None

    @property
    def required_numbers(self) -> tuple[int, ...]:
        return tuple(q.number for q in self.questions if q.required)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SurveyDefinition:
        return cls.model_validate(data)


def _explain(exc: ValidationError) -> str:
    """One line per problem, questions counted from 1: ``question 2, options: ...``."""
    errors = exc.errors()
    in_questions = any(len(e["loc"]) > 1 and e["loc"][0] == "questions" for e in errors)
    lines = []
    for error in errors:
        loc = [p for p in error["loc"] if p not in {"function-after", "function-before"}]
        if in_questions and loc == ["questions"] and error["type"] == "too_short":
            continue  # pydantic's echo of the invalid questions above
        if len(loc) > 1 and loc[0] == "questions" and isinstance(loc[1], int):
            loc = [f"question {loc[1] + 1}", *loc[2:]]
        where = ", ".join(str(p) for p in loc) or "survey"
        lines.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. ``options: [Yes, No]`` stays two strings, not two booleans."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


MAX_DEFINITION_CHARS = 100_000
"""A survey definition's YAML beyond this is refused before it is read (the shipped templates are ~5 KB)."""
MAX_NESTING = 20
"""Lists and mappings nested deeper than this are refused before the YAML is composed (PyYAML composes
recursively: thousands of nested brackets would raise RecursionError)."""


def _check_size_and_depth(text: str) -> None:
    if len(text) > MAX_DEFINITION_CHARS:
        raise DefinitionError(
            f"too long: {len(text):,} characters, at most {MAX_DEFINITION_CHARS:,} are read"
        )
    depth = 0
    # the parser emits events from a state stack (no recursion): nesting is measured before composing
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise DefinitionError(f"lists and mappings are nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_definition(text: str) -> SurveyDefinition:
    """A definition from YAML text. Raises `DefinitionError` naming every problem (a line each)."""
    try:
        _check_size_and_depth(text)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        raise DefinitionError(f"not valid YAML{at}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise DefinitionError("a survey definition is a YAML mapping with title and questions")
    try:
        return SurveyDefinition.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_explain(exc)) from None


def template_names() -> list[str]:
    """The shipped templates, by file name without ``.yaml``."""
    folder = _templates()
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_template(name: str) -> SurveyDefinition | None:
    """A shipped template by name, or None when there is none of that name."""
    if name not in template_names():
        return None
    text = _templates().joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return parse_definition(text)


def _templates() -> Traversable:
    package, folder = TEMPLATE_FOLDER
    return resources.files(package).joinpath(folder)
