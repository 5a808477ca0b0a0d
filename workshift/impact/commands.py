"""`workshift digest` and `workshift remind`: run them from cron (or enqueue them with --queue)."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_digest(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    if args.queue:
        from workshift.impact.tasks import digest_task

        print(f"Queued the weekly digest (task {digest_task.enqueue().id}).")
        return 0
    from workshift.impact.notifications import digest_send

    print(f"Sent the weekly digest to {digest_send()} people.")
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    if args.queue:
        from workshift.impact.tasks import reminders_task

        print(f"Queued the reminders (task {reminders_task.enqueue().id}).")
        return 0
    from workshift.impact.notifications import reminders_send

    print(f"Sent {reminders_send()} reminders (overdue obstacles, missed reflections).")
    return 0


def register(subparsers: Any) -> None:
    digest = subparsers.add_parser(
        "digest", help="e-mail the weekly digest to everyone who wants it"
    )
    digest.add_argument(
        "--queue", action="store_true", help="hand it to the worker instead of sending now"
    )
    digest.set_defaults(handler=cmd_digest)
    remind = subparsers.add_parser(
        "remind", help="send reminders: overdue obstacles and missed reflections"
    )
    remind.add_argument(
        "--queue", action="store_true", help="hand it to the worker instead of sending now"
    )
    remind.set_defaults(handler=cmd_remind)
