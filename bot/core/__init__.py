"""The contract adapters speak: command, reply, markup, errors, ports, clock, the model port."""
