"""The audit log: what happened and the day, hash-chained."""
