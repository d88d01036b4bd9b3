"""The AI mentor's rows: the workspace switch, members' opt-outs, ask counts, summaries."""
