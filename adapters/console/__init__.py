"""The terminal chat: for local use, demos and tests."""
