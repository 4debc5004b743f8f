"""The lead's store: inspections, responses, quotes, the lead's records, counting and releases."""
