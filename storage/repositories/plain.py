"""Turn an ORM row into a plain frozen value with the same attribute names (the storage boundary).

Repositories return these values, never ORM rows: a handler cannot lazy-load, flush or change a row by
accident, and code written against the row's attributes (``survey.status``) keeps working.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T")


def plain(cls: type[T], row: Any, **related: Any) -> T:
    """``cls`` (a dataclass) from ``row``'s attributes of the same names. Fields with a default (the
    relationships) are never read from the row, which may not have loaded them: ``related`` gives them."""
    values = {
        f.name: getattr(row, f.name)
        for f in fields(cls)  # type: ignore[arg-type]
        if f.default is MISSING and f.default_factory is MISSING and f.name not in related
    }
    return cls(**values, **related)
