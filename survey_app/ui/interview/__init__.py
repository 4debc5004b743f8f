"""The facilitated interview: an inspector reads the survey to a resident."""
