"""Start Django outside a web server: for the `workshift` command and each app's commands."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workshift.settings")
    import django

    django.setup()
