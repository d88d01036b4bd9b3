"""The AI mentor: `ask`, `progress review`, `admin ai` and the opt-out `mydata ai`."""
