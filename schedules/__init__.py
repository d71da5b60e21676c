"""Recurrence, fair rotation and reminder timing. Every function takes `now` as a parameter."""
