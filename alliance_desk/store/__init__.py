"""Storage: SQLAlchemy models, the database file and its safety, and one module of queries
per capability.

Everything here hands back plain `core` values; no live ORM object leaves a session.
"""
