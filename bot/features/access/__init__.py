"""Signing in to the web dashboard: one-time links, and platform identities matched to members."""
