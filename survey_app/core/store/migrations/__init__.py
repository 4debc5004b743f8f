"""The lead's store's schema, one numbered SQL file per step, applied in order."""
