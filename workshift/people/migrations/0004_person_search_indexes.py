"""Trigram indexes for finding people by part of a name on PostgreSQL (SQLite scans; it is small)."""

from django.db import migrations

COLUMNS = ["first_name", "last_name", "email", "job_title", "employee_id"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS people_person_{column}_trgm "
            f"ON people_person USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS people_person_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_import_job_preview")]

    operations = [migrations.RunPython(create, drop)]
