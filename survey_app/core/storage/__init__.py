"""Databases: one SQLite file on one connection, its schema migrated forward, checked at
every open."""
