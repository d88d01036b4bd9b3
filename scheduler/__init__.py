"""Scheduler: arrives with its issue; kept so the package layout matches DESIGN.md."""
