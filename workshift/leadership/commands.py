"""`workshift playbook export PILOT [--role ROLE] --pdf FILE / --html FILE`: a one-page checklist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROLES = ("lead", "champion", "coach", "member", "manager")


def cmd_playbook_export(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from workshift.leadership.exports import playbook_html, playbook_pdf
    from workshift.leadership.selectors import playbook_view
    from workshift.pilots.models import Pilot

    pilot = None
    if str(args.pilot).isdigit():
        pilot = Pilot.objects.filter(pk=int(args.pilot)).first()
    if pilot is None:
        matches = list(Pilot.objects.filter(name__iexact=args.pilot)[:2])
        pilot = matches[0] if len(matches) == 1 else None
    if pilot is None:
        known = ", ".join(f"{p.pk}: {p.name}" for p in Pilot.objects.order_by("pk")[:20]) or "none"
        print(
            f"error: no pilot {args.pilot!r} (give its number or exact name; pilots: {known})",
            file=sys.stderr,
        )
        return 2
    if not args.pdf and not args.html:
        print("error: give --pdf FILE and/or --html FILE", file=sys.stderr)
        return 2
    view = playbook_view(pilot=pilot, role=args.role, user=None)
    html = playbook_html(pilot=pilot, view=view)
    if args.html:
        Path(args.html).write_text(html, encoding="utf-8")
        print(f"Wrote {args.html}")
    if args.pdf:
        Path(args.pdf).write_bytes(playbook_pdf(html=html))
        print(f"Wrote {args.pdf}")
    return 0


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
