"""Tests of the Matrix adapter against a real Synapse homeserver."""
