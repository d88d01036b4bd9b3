"""Pure rules over rows: plans, team summaries, fields, the chart, CSV, the mentor's grounding."""
