"""The shared body of commands that write a pilot's document (`report`, `playbook export`).

The pilot is named by number or exact name; the document is written as HTML, PDF or both.
Django must be set up before `document_command` is called.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from workshift.pilots.models import Pilot


def _pilot_named(value: str) -> Pilot | None:
    pilot = Pilot.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if pilot is None:
        matches = list(Pilot.objects.filter(name__iexact=value)[:2])
        pilot = matches[0] if len(matches) == 1 else None
    return pilot


def document_command(
    *,
    args: argparse.Namespace,
    render_html: Callable[[Pilot], str],
    render_pdf: Callable[[str], bytes],
) -> int:
    """Write `args.pilot`'s document to `args.html` and/or `args.pdf`; 2 with one line on bad input."""
    pilot = _pilot_named(str(args.pilot))
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
    html = render_html(pilot)
    if args.html:
        Path(args.html).write_text(html, encoding="utf-8")
        print(f"Wrote {args.html}")
    if args.pdf:
        Path(args.pdf).write_bytes(render_pdf(html))
        print(f"Wrote {args.pdf}")
    return 0
