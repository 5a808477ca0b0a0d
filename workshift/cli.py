"""The `workshift` command.

Core commands live here; each app may add its own in `<app>/commands.py`
with a `register(subparsers)` function that sets `handler` on its parsers.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workshift.core.setup import setup_django

APP_COMMANDS = [
    "workshift.core.commands",
    "workshift.people.commands",
    "workshift.conditions.commands",
    "workshift.impact.commands",
    "workshift.leadership.commands",
    "workshift.insights.commands",
]


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _print_logins(host: str, port: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from workshift.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

    table = Table(
        title=f"Workshift demo on http://{host}:{port}/  (password for every login: {DEMO_PASSWORD})"
    )
    table.add_column("Role")
    table.add_column("Login")
    for role, username in DEMO_LOGINS:
        table.add_row(role.replace("lead", "program lead"), username)
    Console().print(table)


def _demo_mail_count() -> int:
    """How many e-mails the demo has written to its mail folder (file-based backend only)."""
    from django.conf import settings

    if not settings.EMAIL_BACKEND.endswith(".filebased.EmailBackend"):
        return 0
    # the file-based backend ends every message with a line of 79 dashes
    separator = b"\n" + b"-" * 79 + b"\n"
    return sum(
        path.read_bytes().count(separator) for path in Path(settings.EMAIL_FILE_PATH).glob("*.log")
    )


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("WORKSHIFT_DEMO", "1")
    setup_django()
    from django.conf import settings
    from rich.console import Console

    from workshift.demo import demo_is_loaded, demo_load

    console = Console()
    console.print("Preparing the database...")
    _migrate()
    _collect_static()
    if demo_is_loaded():
        console.print("The demo organization is already loaded; keeping it.")
    else:
        mail_before = _demo_mail_count()
        with console.status("Loading the demo organization...") as status:
            demo_load(
                progress=lambda step: status.update(f"Loading the demo organization: {step}...")
            )
        console.print("Demo organization loaded.")
        mailed = _demo_mail_count() - mail_before
        if mailed:
            console.print(
                f"{mailed:,} demo e-mails written to {settings.EMAIL_FILE_PATH}", soft_wrap=True
            )
    if args.scale:
        from workshift.demo_scale import demo_scale

        with console.status("Growing the demo organization...") as status:
            added = demo_scale(
                people=args.scale,
                progress=lambda step: status.update(f"Growing the demo organization: {step}..."),
            )
        console.print(
            "Demo organization at scale: "
            + ", ".join(f"{n:,} {what}" for what, n in added.items() if n)
        )
    if args.no_serve:
        _print_logins(args.host, args.port)
        return 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "workshift.cli", "worker"], env=os.environ.copy()
    )
    try:
        _print_logins(args.host, args.port)
        return _serve(args.host, args.port, args.threads)
    finally:
        worker.terminate()


def _static_sources_stamp() -> str:
    """Every static source file's path, size and time, as one digest: unchanged, nothing to copy."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _collect_static() -> None:
    """Copy the static files under their hashed names for the server to serve, when they changed
    since the last copy; one process at a time, as several servers may start on one data folder."""
    import fcntl

    from django.conf import settings
    from django.core.management import call_command

    stamp_file = Path(settings.STATIC_ROOT) / ".sources"
    with open(settings.DATA_DIR / ".collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = _static_sources_stamp()
        if stamp_file.exists() and stamp_file.read_text() == stamp:
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp_file.write_text(stamp)


def _serve(host: str, port: int, threads: int) -> int:
    from waitress import serve

    from workshift.wsgi import application

    serve(application, host=host, port=port, threads=threads, ident="workshift")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    if args.migrate:
        _migrate()
    _collect_static()
    print(f"Serving Workshift on http://{args.host}:{args.port}/", flush=True)
    return _serve(args.host, args.port, args.threads)


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django()
    from workshift.core.workers import worker_run

    worker_run(batch=args.batch, worker_id=args.id or None)
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    setup_django()
    import getpass

    from workshift.accounts.services import user_create

    password = args.password or getpass.getpass("Password: ")
    user = user_create(username=args.username, password=password, role=args.role, email=args.email)
    print(f"Created {user.username} ({user.get_role_display()})")
    return 0


def cmd_createtoken(args: argparse.Namespace) -> int:
    setup_django()
    from workshift.accounts.models import User
    from workshift.accounts.services import api_token_create

    user = User.objects.filter(username=args.username).first()
    if user is None:
        print(f"error: no user named {args.username!r}", file=sys.stderr)
        return 2
    print(api_token_create(user=user, name=args.name))
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["workshift manage", *args.rest])
    return 0


def cmd_engine_group(args: argparse.Namespace) -> int:
    from workshift.engine.grouping_cli import main as group_main

    argv = ["--instance", args.instance, "--seconds", str(args.seconds), "--seed", str(args.seed)]
    if args.json:
        argv.append("--json")
    return int(group_main(argv) or 0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workshift", description="Run a redefining-work pilot.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="load the demo organization and serve it")
    demo.add_argument(
        "--no-serve", action="store_true", help="load the data and print the logins, then stop"
    )
    demo.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="PEOPLE",
        help="grow the organization to this many people (e.g. 100000) with pilots, readings and "
        "collaboration counts in proportion",
    )
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--threads", type=int, default=8)
    demo.set_defaults(handler=cmd_demo)

    serve = sub.add_parser("serve", help="serve the web application")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--migrate", action="store_true", help="apply database migrations first")
    serve.set_defaults(handler=cmd_serve)

    worker = sub.add_parser("worker", help="run background tasks (imports, groupings, reports)")
    worker.add_argument("--batch", action="store_true", help="stop when the queue is empty")
    worker.add_argument("--id", default="", help="a name for this worker, unique among workers")
    worker.set_defaults(handler=cmd_worker)

    createuser = sub.add_parser("createuser", help="create a login")
    createuser.add_argument("username")
    createuser.add_argument(
        "--role", default="member", help="administrator, lead, champion, coach, member or manager"
    )
    createuser.add_argument("--email", default="")
    createuser.add_argument("--password", default="", help="prompted for when left out")
    createuser.set_defaults(handler=cmd_createuser)

    token = sub.add_parser("createtoken", help="create an API token for a user and print it")
    token.add_argument("username")
    token.add_argument("--name", default="cli")
    token.set_defaults(handler=cmd_createtoken)

    manage = sub.add_parser("manage", help="run a Django management command (migrate, shell, ...)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)

    engine = sub.add_parser("engine", help="run the computation engine directly")
    engine_sub = engine.add_subparsers(dest="engine_command", required=True)
    group = engine_sub.add_parser("group", help="solve an MDGPLIB grouping instance")
    group.add_argument("--instance", required=True)
    group.add_argument("--seconds", type=float, default=3.0)
    group.add_argument("--seed", type=int, default=0)
    group.add_argument("--json", action="store_true")
    group.set_defaults(handler=cmd_engine_group)

    for name in APP_COMMANDS:  # a missing module is an error, never a silently missing command
        importlib.import_module(name).register(sub)
    return parser


def configuration_error_line(exc: BaseException) -> str:
    """A configuration error as the one line the command prints."""
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"workshift: configuration error: {text}"


def main(argv: Sequence[str] | None = None) -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshift.settings")
    from django.core.exceptions import ImproperlyConfigured

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ImproperlyConfigured as exc:
        print(configuration_error_line(exc), file=sys.stderr)
        return 2
    except Exception as exc:
        from django.db.utils import OperationalError, ProgrammingError

        if not isinstance(exc, (OperationalError, ProgrammingError)):
            raise
        # an unreachable database or one without tables: say so in one line
        print(
            configuration_error_line(exc)
            + " (check DATABASE_URL; a new database needs `workshift manage migrate`)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
