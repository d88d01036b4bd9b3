"""The contract adapters speak: commands, replies, ports (the model port lives in mentor)."""
