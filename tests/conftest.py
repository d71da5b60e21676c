"""Fixtures: every database test runs on a real SQLite file and, when configured, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.support.clock import FakeClock
from tests.support.databases import PG_ENV, PostgresTemplate, PostgresWorkDatabase, SqliteTemplate, backends
from tests.support.dialogue import SHARED_SEARCH, Dialogue, SharedSearch, open_dialogue

REPO_ROOT = Path(__file__).resolve().parent.parent
MATRIX_TESTS = Path(__file__).resolve().parent / "matrix"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every Matrix test talks to a real Synapse process: `slow`, like the tests that start processes.
    Under pytest-xdist the long tests go first (`_long_tests_first`)."""
    for item in items:
        if MATRIX_TESTS in item.path.parents:
            item.add_marker(pytest.mark.slow)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        items[:] = _long_tests_first(items, workers)


def _long_tests_first(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """pytest-xdist (``--dist worksteal``) hands each worker an equal contiguous part of the collection and
    then moves tests from the end of a busy worker's queue to an idle one: so each part starts with long
    tests (`slow`: processes, Synapse), the Matrix tests in one part (one Synapse start) and the other slow
    tests in the next, and the short tests come last, where they even out the workers' finish."""
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    rest = [item for item in items if item.get_closest_marker("slow") is None]
    matrix = [item for item in slow if MATRIX_TESTS in item.path.parents]
    groups: list[list[pytest.Item]] = [[] for _ in range(workers)]
    groups[0] = matrix
    for i, item in enumerate(item for item in slow if MATRIX_TESTS not in item.path.parents):
        groups[1 + i % (workers - 1)].append(item)
    ordered: list[pytest.Item] = []
    for n, group in enumerate(groups):  # xdist's first part: len // workers, then of what is left
        size = (len(items) - len(ordered)) // (workers - n)
        ordered += group
        take = max(size - len(group), 0)
        ordered += rest[:take]
        rest = rest[take:]
    return ordered + rest


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate]:
    template = PostgresTemplate(os.environ[PG_ENV])
    yield template
    template.close()


@pytest.fixture(scope="session")
def postgres_work_database(postgres_template: PostgresTemplate) -> Iterator[PostgresWorkDatabase]:
    work = PostgresWorkDatabase(postgres_template)
    yield work
    work.close()


def _copy_of_template(request: pytest.FixtureRequest, directory: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_template").copy(directory)
        return
    template: PostgresTemplate = request.getfixturevalue("postgres_template")
    url = template.copy()
    yield url
    template.drop(url.rsplit("/", 1)[1])


@pytest.fixture(params=backends())
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated and seeded database for this test alone: this worker's SQLite file or PostgreSQL
    database set back to the template's state (`SqliteTemplate.fresh`, `PostgresWorkDatabase`). The URL
    is the same for every test of the worker, so that its apps share their engines (`DatabaseShelf`)."""
    if request.param == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        return template.fresh()
    work: PostgresWorkDatabase = request.getfixturevalue("postgres_work_database")
    return work.fresh()


@pytest.fixture(scope="module", params=backends())
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated and seeded database shared by the tests of one module (`reading_bot`)."""
    yield from _copy_of_template(request, tmp_path_factory.mktemp("module-db"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def shared_search() -> SharedSearch:
    """The `ask` index, built once per backend and lent to every test's app (it never changes in use)."""
    return SHARED_SEARCH


@pytest.fixture
async def bot(database_url: str, clock: FakeClock, shared_search: SharedSearch) -> AsyncIterator[Dialogue]:
    # a fresh copy of the migrated and seeded template: no migration to run again
    async with open_dialogue(database_url, clock, migrate=False, search=shared_search) as dialogue:
        yield dialogue


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def reading_bot(module_database_url: str, shared_search: SharedSearch) -> AsyncIterator[Dialogue]:
    """One app per module (and backend) for tests that only read (questions, the evaluation sets): no
    copy of the database and no start-up per test. A module using it runs its tests in the module's loop
    (``pytestmark = pytest.mark.asyncio(loop_scope="module")``); a test that writes or sets the clock
    takes `bot`."""
    async with open_dialogue(
        module_database_url, FakeClock(), migrate=False, search=shared_search
    ) as dialogue:
        yield dialogue


@pytest.fixture
def pg_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated and seeded PostgreSQL database of its own (tests of replicas need PostgreSQL)."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"needs PostgreSQL: set {PG_ENV} (as .ci/run does)")
    template: PostgresTemplate = request.getfixturevalue("postgres_template")
    url = template.copy()
    yield url
    template.drop(url.rsplit("/", 1)[1])
