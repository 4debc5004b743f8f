"""Counting: tallies per question and standard, comparisons, triangulation, ratings."""
