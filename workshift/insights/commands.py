"""`workshift report PILOT --pdf FILE [--html FILE]`: write a pilot report for a leadership team."""

from __future__ import annotations

import argparse
from typing import Any


def cmd_report(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from django.utils import timezone

    from workshift.insights.reports import render_report_html, render_report_pdf
    from workshift.pilots.document_command import document_command

    return document_command(
        args=args,
        render_html=lambda pilot: render_report_html(pilot=pilot, as_of=timezone.localdate()),
        render_pdf=lambda html: render_report_pdf(html=html),
    )


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
