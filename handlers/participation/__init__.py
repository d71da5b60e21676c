"""`participation`: how each member country took part over a window, quiet members first (1B.4)."""

from handlers.participation.command import COMMANDS, PARTICIPATION

__all__ = ["COMMANDS", "PARTICIPATION"]
