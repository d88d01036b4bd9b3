"""Time and the due index: weeks, the nudge calendar, the schedule index, kinds, workspaces."""
