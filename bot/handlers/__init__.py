"""Command handlers: each takes a Request and returns a Reply."""
