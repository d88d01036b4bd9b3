"""Browsing the career catalog, and help generated from the registry."""
