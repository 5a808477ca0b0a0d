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


WRITER = """
from pathlib import Path
from django.db import transaction
from workshift.core.models import AuditEntry
stop = Path({stop!r})
n = 0
while not stop.exists():
    with transaction.atomic():  # two rows per transaction: a consistent copy has an even count
        AuditEntry.objects.create(action="create", model="tests.pair", object_id=str(n), object_repr="a")
        AuditEntry.objects.create(action="create", model="tests.pair", object_id=str(n), object_repr="b")
    n += 1
print(n)
"""


@pytest.mark.slow
def test_a_sqlite_backup_taken_while_another_process_writes_is_consistent(tmp_path: Path) -> None:
    import sqlite3
    import subprocess

    from tests.core.cli_env import PRODUCTION_KEY, WORKSHIFT, production_env, run_workshift

    # given a SQLite database that another process keeps writing to
    env = production_env(tmp_path / "data", SECRET_KEY=PRODUCTION_KEY)
    assert run_workshift("manage", "migrate", "-v", "0", env=env).returncode == 0
    stop = tmp_path / "stop"
    code = WRITER.format(stop=str(stop))
    writer = subprocess.Popen(
        [WORKSHIFT, "manage", "shell", "--no-imports", "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        database = tmp_path / "data" / "workshift.sqlite3"
        deadline = 0
        while deadline < 600:  # wait until the writer is under way
            with sqlite3.connect(database) as live:
                if live.execute("SELECT count(*) FROM core_auditentry").fetchone()[0] > 20:
                    break
            deadline += 1
            __import__("time").sleep(0.5)
        # when backups are taken while it writes
        copies = []
        for number in range(3):
            target = tmp_path / f"copy-{number}.sqlite3"
            result = run_workshift("backup", str(target), env=env)
            assert result.returncode == 0, result.stderr
            copies.append(target)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    # then each copy is whole: it passes SQLite's integrity check and holds only whole transactions
    counts = []
    for copy in copies:
        with sqlite3.connect(copy) as snapshot:
            assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            count = snapshot.execute(
                "SELECT count(*) FROM core_auditentry WHERE model = 'tests.pair'"
            ).fetchone()[0]
        assert count % 2 == 0, count
        counts.append(count)
    assert counts[0] > 0 and counts == sorted(counts)
    # and the writer was still writing after the last copy was taken
    assert counts[-1] < 2 * int(out.strip())
