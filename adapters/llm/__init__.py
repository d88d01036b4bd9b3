"""The OpenAI-compatible model client behind the core's model port (bot/core/mentor.py)."""
