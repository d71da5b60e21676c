"""Repositories: every query the bot makes lives here, one module a concept."""
