"""In-chat surveys: definitions, answer parsing, results, charts, CSV export and the service adapters call.

The pure parts (`definitions`, `answers`, `results`, `charts`, `export`) take values and return values; the
`service` holds the rules that touch storage (who may answer, one response per person, anonymity, deadlines,
reminders); `commands` is the chat command `survey`.
"""
