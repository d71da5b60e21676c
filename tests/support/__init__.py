"""Test support: real databases, an injectable clock, and console dialogues with the real dispatcher."""
