"""Passphrases and keys."""
