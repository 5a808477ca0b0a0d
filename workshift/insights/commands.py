"""`workshift report PILOT --pdf FILE [--html FILE]`: write a pilot report for a leadership team."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_report(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from django.utils import timezone

    from workshift.insights.reports import render_report_html, render_report_pdf
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
    html = render_report_html(pilot=pilot, as_of=timezone.localdate())
    if args.html:
        Path(args.html).write_text(html, encoding="utf-8")
        print(f"Wrote {args.html}")
    if args.pdf:
        Path(args.pdf).write_bytes(render_report_pdf(html=html))
        print(f"Wrote {args.pdf}")
    return 0


def cmd_pulse_prune(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from django.conf import settings

    from workshift.insights.services import pulse_text_prune

    days = args.days if args.days is not None else settings.PULSE_TEXT_RETENTION_DAYS
    if days <= 0:
        print("Pulse comments are kept (WORKSHIFT_PULSE_TEXT_RETENTION_DAYS is 0).")
        return 0
    cleared = pulse_text_prune(older_than_days=days)
    print(f"Cleared the comments of {cleared} pulse answers older than {days} days.")
    return 0


def register(subparsers: Any) -> None:
    prune = subparsers.add_parser(
        "prune-pulse-text",
        help="clear pulse comments older than the retention (WORKSHIFT_PULSE_TEXT_RETENTION_DAYS)",
    )
    prune.add_argument("--days", type=int, default=None, help="override the retention in days")
    prune.set_defaults(handler=cmd_pulse_prune)

    report = subparsers.add_parser(
        "report", help="write a pilot report (PDF and/or HTML) for a leadership team"
    )
    report.add_argument("pilot", help="the pilot's number or exact name")
    report.add_argument("--pdf", metavar="FILE", help="write the report as PDF to FILE")
    report.add_argument("--html", metavar="FILE", help="write the report as HTML to FILE")
    report.set_defaults(handler=cmd_report)
