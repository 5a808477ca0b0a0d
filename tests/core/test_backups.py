"""`workshift backup` and `workshift restore`: a round trip gives back every row of every table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from workshift.cli import main


def _every_table() -> dict[str, list[str]]:
    """Each table's rows, as sorted text, so that two snapshots compare exactly."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(repr(row) for row in cursor.fetchall())
    return snapshot


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_row_for_row(
    pilot: Any, org: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    from workshift.people.models import OrgUnit, Person

    # given a database with an organization, people, logins, a pilot and their audit trail
    before = _every_table()
    assert len(before["people_person"]) == 11
    backup = tmp_path / "workshift.backup"
    # when it is backed up
    assert main(["backup", str(backup)]) == 0
    assert backup.stat().st_mode & 0o077 == 0
    # and then changed: people deleted and renamed, a unit added
    Person.objects.filter(employee_id__startswith="C").delete()
    Person.objects.filter(pk=org["people"]["member"].pk).update(first_name="Changed")
    OrgUnit.objects.create(code="NEW", name="New unit", kind="team")
    assert _every_table() != before
    # when the backup is restored
    assert main(["restore", "--yes", str(backup)]) == 0
    # then every table holds exactly the rows it held at the backup
    assert _every_table() == before
    assert "Restored the database" in capsys.readouterr().out


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path, capsys: Any) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    assert main(["restore", "--yes", str(bogus)]) == 1
    assert "is not a Workshift backup" in capsys.readouterr().err


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_kind_of_database(
    tmp_path: Path, capsys: Any
) -> None:
    other = tmp_path / "other.backup"
    other.write_bytes(
        b"PGDMP\x01\x0e" if connection.vendor == "sqlite" else b"SQLite format 3\x00" + b"\0" * 84
    )
    assert main(["restore", "--yes", str(other)]) == 1
    assert "restore it into a database of the same kind" in capsys.readouterr().err
