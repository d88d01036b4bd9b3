"""Storage: SQLModel tables, the async engine, repositories and Alembic migrations.

Repositories here are the only place that writes queries.
"""
