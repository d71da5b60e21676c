"""Survey definitions: the YAML format (docs/surveys.md), validated with pydantic."""

from __future__ import annotations

import functools
import re
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from handlers.errors import Refusal
from handlers.surveys.kinds import QuestionKind, kind_named, kind_of, kinds
from handlers.surveys.kinds.base import OPTIONAL_FIELDS

TEMPLATE_FOLDER = ("handlers", "templates")  # package data: handlers/templates/*.yaml
_ACTIVITY = re.compile(r"^[1-3][A-D]\.\d{1,2}$")


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1)
    text: str = Field(min_length=3, max_length=500)
    type: str  # a kind's name: handlers/surveys/kinds/
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

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if kind_named(value) is None:
            names = [f"'{name}'" for name in kinds()]
            raise ValueError(f"Input should be {', '.join(names[:-1])} or {names[-1]}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        kind = self.kind
        for name in OPTIONAL_FIELDS:
            if name in kind.fields or not _is_set(self, name):
                continue
            raise ValueError(_not_taken(name, self.type))
        kind.validate(self)
        return self

    @property
    def kind(self) -> QuestionKind:
        """How questions of this type are asked, read, shown and counted."""
        return kind_of(self)

    @property
    def max_selected(self) -> int:
        """How many options one answer may hold (1 for single choice, scale and text)."""
        return self.kind.max_selected(self)

    def describe(self) -> str:
        """One line saying how to answer, for chat."""
        return self.kind.describe(self)


def _not_taken(field: str, kind: str) -> str:
    """Why a question of type ``kind`` may not set ``field``."""
    if field == "options":
        return f"a {kind} question has no options"
    takers = " and ".join(name for name, k in kinds().items() if field in k.fields)
    verb = "apply" if field.endswith("s") else "applies"
    return f"{field} {verb} only to {takers} questions, not {kind}"


def _is_set(question: Question, name: str) -> bool:
    value = getattr(question, name)
    return bool(value) if name != "max" else value is not None


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
        raise Refusal.usage(f"too long: {len(text):,} characters, at most {MAX_DEFINITION_CHARS:,} are read")
    depth = 0
    # the parser emits events from a state stack (no recursion): nesting is measured before composing
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise Refusal.usage(f"lists and mappings are nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_definition(text: str) -> SurveyDefinition:
    """A definition from YAML text. Raises a `Refusal` (usage) naming every problem (a line each)."""
    try:
        _check_size_and_depth(text)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        raise Refusal.usage(f"not valid YAML{at}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise Refusal.usage("a survey definition is a YAML mapping with title and questions")
    try:
        return SurveyDefinition.model_validate(data)
    except ValidationError as exc:
        raise Refusal.usage(_explain(exc)) from None


def template_names() -> list[str]:
    """The shipped templates, by file name without ``.yaml``."""
    return list(_template_names())


def load_template(name: str) -> SurveyDefinition | None:
    """A shipped template by name, or None when there is none of that name."""
    if name not in _template_names():
        return None
    return shipped_definition(_templates().joinpath(f"{name}.yaml").read_text(encoding="utf-8"))


def shipped_definition(text: str) -> SurveyDefinition:
    """A definition that ships with the code (a survey or check-in template): validated once per process
    (it does not change), and each caller gets its own copy."""
    return _shipped(text).model_copy(deep=True)


@functools.cache
def _template_names() -> tuple[str, ...]:
    folder = _templates()
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


@functools.cache
def _shipped(text: str) -> SurveyDefinition:
    return parse_definition(text)


def _templates() -> Traversable:
    package, folder = TEMPLATE_FOLDER
    return resources.files(package).joinpath(folder)
