"""Recurring check-ins: a DM to each participant at their own local time, answers, the digest by country."""
