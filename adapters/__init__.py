"""Platform adapters: each turns platform events into Commands and Replies into messages."""
