"""The Slack adapter's own table (the outbox: replies Slack would not take yet) and its migration: registered
on the one `Base.metadata` and a link of the one Alembic chain, in this package so that the core never sees
it. `storage.migrate` finds it through the ``focbot.schema`` entry point. (0023_outbox_due, which moved the
outbox's retries onto the core's ``due_work`` table, touches both and stays in storage.)"""

from pathlib import Path

from bot.adapters.slack.storage import models as models

MIGRATIONS = Path(__file__).parent / "migrations"
