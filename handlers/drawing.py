"""Charts are drawn on a thread of their own: off the event loop (`survey results` draws a dozen, about a
second of work, while other commands wait for their answers), one at a time (matplotlib shares its font
objects between figures, and they are not thread-safe)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")  # no thread until the first chart


async def drawn(draw: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``draw(*args, **kwargs)`` run on the charts thread."""
    return await asyncio.get_running_loop().run_in_executor(_DRAWER, functools.partial(draw, *args, **kwargs))
