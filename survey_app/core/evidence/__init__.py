"""What the lead sees and publishes: evidence, breakdowns, key findings, exports, quote review."""
