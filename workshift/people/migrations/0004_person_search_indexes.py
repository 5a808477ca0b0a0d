"""Trigram indexes for finding people by part of a name on PostgreSQL (SQLite scans; it is small)."""

from django.db import migrations

from workshift.core.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0003_import_job_preview")]

    operations = [
        postgres_indexes(
            table="people_person",
            columns=["first_name", "last_name", "email", "job_title", "employee_id"],
            suffix="trgm",
            definition="USING gin (UPPER({column}) gin_trgm_ops)",
        )
    ]
