"""The names of the check-in kinds of due work and the scope of one check-in's rows (the keys every
check-in module shares: the delivery makes the rows, the service tells the engine what changed)."""

ROUND_KIND = "checkin_round"
DM_KIND = "checkin_dm"
REMINDER_KIND = "checkin_reminder"
DIGEST_KIND = "checkin_digest"
KINDS = (ROUND_KIND, DM_KIND, REMINDER_KIND, DIGEST_KIND)


def scope_of(checkin_id: int) -> str:
    """The scope of one check-in's rows: every key of its rows starts with it and ``:``."""
    return f"checkin{checkin_id}"
