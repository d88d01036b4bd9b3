"""Pure rules over rows: planning, learning, summaries, and the grounding of model answers."""
