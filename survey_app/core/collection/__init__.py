"""Collecting answers: one resident's session."""
