"""Storage: the only layer that speaks SQL (SQLAlchemy 2 on SQLite)."""
