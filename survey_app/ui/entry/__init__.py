"""Typing in paper forms: `survey-app entry`."""
