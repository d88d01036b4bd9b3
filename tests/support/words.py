"""Words people type at the bot, for the property tests that throw command-like text at it."""

from __future__ import annotations

# The explore commands and the topics they take.
EXPLORE_WORDS = ("explore", "help", "paths", "skills", "stages", "growth", "industries", "ml")
