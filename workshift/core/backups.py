"""Backups of the whole database, consistent while the server and workers keep running.

SQLite: the online backup API copies a consistent snapshot page by page (readers
and writers carry on). PostgreSQL: `pg_dump --format=custom` reads one snapshot
in a repeatable-read transaction; `pg_restore --clean` puts it back.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{Path(command[0]).name} failed: {last}")


def database_backup(*, target: Path, alias: str = "default") -> Path:
    """Write a consistent snapshot of the database to `target` (written whole, then renamed)."""
    vendor = _vendor(alias)
    target = target.resolve()
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    connection = connections[alias]
    try:
        if vendor == "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(partial)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        else:
            args, env = _pg_env(connection.settings_dict)
            _run(
                [
                    _tool("pg_dump"),
                    *args,
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(partial),
                    str(connection.settings_dict["NAME"]),
                ],
                env,
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    target.chmod(0o600)  # the backup holds personal data
    return target


def database_restore(*, source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup in `source`.

    Stop the server and workers first: what they write during a restore is lost.
    """
    vendor = _vendor(alias)
    try:
        with source.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror or exc}") from None
    kind = "sqlite" if head == SQLITE_MAGIC else "postgresql" if head[:5] == PGDUMP_MAGIC else ""
    if not kind:
        raise BackupError(f"{source} is not a Workshift backup (neither SQLite nor pg_dump)")
    if kind != vendor:
        raise BackupError(
            f"{source} is a {kind} backup but the database (DATABASE_URL) is {vendor}; "
            "restore it into a database of the same kind"
        )
    connection = connections[alias]
    if vendor == "sqlite":
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            check = origin.execute("PRAGMA integrity_check").fetchone()
            if not check or check[0] != "ok":
                raise BackupError(f"{source} is damaged: {check[0] if check else 'no answer'}")
            connection.ensure_connection()
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    connection.close()
    args, env = _pg_env(connection.settings_dict)
    _run(
        [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            str(connection.settings_dict["NAME"]),
            str(source),
        ],
        env,
    )
