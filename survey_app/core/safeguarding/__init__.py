"""Individual and organisational alerts (the manual's 4.7): kept apart from the survey."""
