"""Seed data: the Program of Action 2023 and the FOC directory, as YAML, loaded idempotently."""
