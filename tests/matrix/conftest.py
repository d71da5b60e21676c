"""A Synapse for the whole session (relaxed rate limits), stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.matrix.synapse import Synapse


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    server = Synapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def private_synapse(tmp_path: Path) -> Iterator[Synapse]:
    """A homeserver of this test's own, for tests that kill it or need its real rate limits."""
    server = Synapse(tmp_path / "synapse")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def limited_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """A homeserver with Synapse's real default rate limits (per user: each test registers its own)."""
    server = Synapse(tmp_path_factory.mktemp("synapse-limited"), real_rate_limits=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()
