"""The Matrix adapter's own tables (sync token, direct rooms, cross-signing, polls, reaction actions) and
their migrations: registered on the one `Base.metadata` and links of the one Alembic chain, in this package
so that the core never sees them. `storage.migrate` finds it through the ``focbot.schema`` entry point."""

from pathlib import Path

from bot.adapters.matrix.storage import models as models

MIGRATIONS = Path(__file__).parent / "migrations"
