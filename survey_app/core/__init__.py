"""The domain: nothing in this package imports Textual, so it is testable without a terminal."""
