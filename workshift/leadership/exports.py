"""A role's playbook as a one-page HTML checklist, also printed to PDF."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from workshift.pilots.models import Pilot


def playbook_html(*, pilot: Pilot, view: Any, base_url: str = "") -> str:
    return render_to_string(
        "leadership/playbook_export.html",
        {
            "pilot": pilot,
            "view": view,
            "base_url": base_url.rstrip("/"),
            "today": timezone.localdate(),
        },
    )


def playbook_pdf(*, html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
