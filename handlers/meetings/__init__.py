"""Meetings: recurring calls with fair rotation, reminders, minutes templates, invites and RSVPs.

``commands`` holds the `meeting` command table and its read-only views; ``spec`` what `meeting new` asks
for, typed (the schedule read once, in words by ``worded`` or exact); ``changes`` the admin edits
(skip, move, cancel, ics); ``input`` reads options (participants, places, reminders); ``plan`` the fair
rotation command; ``views`` what listings show; ``rsvp`` who is coming; ``firings`` what a series owes
(due-work rows) and ``delivery`` the due-work kind that sends reminders and minutes exactly once.
"""
