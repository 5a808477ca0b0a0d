"""Indexes that only PostgreSQL has (trigram, pattern operators), as a migration operation.

SQLite has no such index types and needs none at its size; the operation does nothing there.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def postgres_indexes(*, table: str, columns: list[str], suffix: str, definition: str) -> Any:
    """A RunPython that creates `{table}_{column}_{suffix}` for each column, and drops them back.

    `definition` is the index body with `{column}` in it, e.g.
    "USING gin (UPPER({column}) gin_trgm_ops)".
    """

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        if "gin_trgm_ops" in definition:
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            body = definition.format(column=column)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_{suffix} ON {table} {body}"
            )

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_{suffix}")

    return migrations.RunPython(create, drop)
