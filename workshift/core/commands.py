"""`workshift backup FILE` and `workshift restore FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_backup(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from workshift.core.backups import BackupError, database_backup

    try:
        path = database_backup(target=Path(args.file))
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Backed up the database to {path} ({path.stat().st_size:,} bytes)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from workshift.core.backups import BackupError, database_restore

    source = Path(args.file)
    if not source.is_file():
        print(f"error: no file at {source}", file=sys.stderr)
        return 2
    if not args.yes:
        answer = input(f"Replace everything in the database with {source}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was restored.")
            return 1
    try:
        database_restore(source=source)
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Restored the database from {source}")
    return 0


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="write a consistent backup of the database to FILE (safe while the server runs)",
    )
    backup.add_argument("file", help="the backup file to write (SQLite copy or pg_dump archive)")
    backup.set_defaults(handler=cmd_backup)
    restore = subparsers.add_parser(
        "restore",
        help="replace the database with a backup (stop the server and workers first)",
    )
    restore.add_argument("file", help="a file written by `workshift backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=cmd_restore)
