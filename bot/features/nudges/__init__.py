"""Weekly nudges: the nudges commands, what a nudge says, and the blocker alert."""
