"""`workshift playbook export PILOT [--role ROLE] --pdf FILE / --html FILE`: a one-page checklist."""

from __future__ import annotations

import argparse
from typing import Any

ROLES = ("lead", "champion", "coach", "member", "manager")


def cmd_playbook_export(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from workshift.leadership.exports import playbook_html, playbook_pdf
    from workshift.leadership.selectors import playbook_view
    from workshift.pilots.document_command import document_command

    return document_command(
        args=args,
        render_html=lambda pilot: playbook_html(
            pilot=pilot, view=playbook_view(pilot=pilot, role=args.role, user=None)
        ),
        render_pdf=lambda html: playbook_pdf(html=html),
    )


def register(subparsers: Any) -> None:
    playbook = subparsers.add_parser("playbook", help="work with a pilot's playbooks")
    sub = playbook.add_subparsers(dest="playbook_command", required=True)
    export = sub.add_parser(
        "export", help="write one role's playbook as a one-page PDF and/or HTML"
    )
    export.add_argument("pilot", help="the pilot's number or exact name")
    export.add_argument(
        "--role", choices=ROLES, default="lead", help="whose playbook (default: lead)"
    )
    export.add_argument("--pdf", metavar="FILE", help="write the checklist as PDF to FILE")
    export.add_argument("--html", metavar="FILE", help="write the checklist as HTML to FILE")
    export.set_defaults(handler=cmd_playbook_export)
