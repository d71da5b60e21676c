"""The knowledge: answers about the FOC Program of Action, its members, chairs, task forces and statements.

``program`` holds the `goal`/`objective`/`activity` commands and the one rule for an overdue activity;
``directory`` the `member`, `chair`, `taskforce`, `network` and `statement` lookups; ``ask`` the `ask`
command (a direct answer first, else the closest records); ``answers`` the direct answers: a question
becomes a logical form over a typed model of the knowledge, executed and worded with its sources.
"""
