"""Teams: rosters, the people a command names, what managers see, and blocker alert settings."""
