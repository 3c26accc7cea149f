"""The audit trail: append-only events, each holding the hash of the one before it."""
