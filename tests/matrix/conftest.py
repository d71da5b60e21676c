"""A Synapse for the whole session (relaxed rate limits; `Synapse.limit_messages` sets a user's own),
stopped at the end.

Homeservers and each Matrix test's ``tmp_path`` (the bot's SQLite database, the crypto stores, the logs)
live in RAM (``/dev/shm``) where the machine has it: Synapse's SQLite syncs every transaction to disk, and
on a shared disk those waits were most of a test's time. A failed test's directory is copied back under
pytest's own ``tmp_path`` for inspection."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.matrix.synapse import Synapse

RAM = Path("/dev/shm")
RAM_NEEDED = 1 << 30  # bytes free: a container's small /dev/shm (64 MiB by default) is not used


def ram_disk() -> bool:
    try:
        return os.access(RAM, os.W_OK) and shutil.disk_usage(RAM).free >= RAM_NEEDED
    except OSError:
        return False


@contextmanager
def in_ram(fallback: Path, name: str) -> Iterator[Path]:
    """A fresh directory in RAM, removed afterwards; ``fallback`` (on disk) where there is no RAM disk."""
    if not ram_disk():
        yield fallback
        return
    directory = Path(tempfile.mkdtemp(prefix=f"focbot-{name}-", dir=RAM))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def tmp_path(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """This test's directory, in RAM; copied to pytest's ``tmp_path`` (``ram/``) when the test failed."""
    failed_before = request.session.testsfailed
    with in_ram(tmp_path, "test") as directory:
        yield directory
        if directory != tmp_path and request.session.testsfailed > failed_before:
            shutil.copytree(directory, tmp_path / "ram", dirs_exist_ok=True, symlinks=True)


@contextmanager
def homeserver(directory: Path) -> Iterator[Synapse]:
    with in_ram(directory, "synapse") as place:
        server = Synapse(place / "synapse")
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    with homeserver(tmp_path_factory.mktemp("synapse")) as server:
        yield server


@pytest.fixture(scope="module")
def module_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    with homeserver(tmp_path_factory.mktemp("synapse-module")) as server:
        yield server


@pytest.fixture
def killable_synapse(module_synapse: Synapse) -> Synapse:
    """A homeserver apart from the session's, for tests that kill and restart it: one a module (each test
    registers its own users), running at each test's start."""
    module_synapse.start()
    return module_synapse
