"""Production static files: every file the templates name is collected under a hashed name."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2] / "workshift"
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def _named_in_templates() -> set[str]:
    names = set()
    for template in ROOT.rglob("templates/**/*.html"):
        names.update(STATIC_TAG.findall(template.read_text()))
    return names


def test_every_static_file_a_template_names_is_collected_under_a_hashed_name(tmp_path) -> None:
    """Also: the vendored files' source-map comments, whose maps are not shipped, do not stop
    the collection (Django's own manifest storage fails on them)."""
    named = _named_in_templates()
    assert "workshift/workshift.js" in named  # the scan finds the templates' references
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "workshift.core.static_storage.StaticStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    missing = sorted(named - manifest.keys())
    assert missing == []
    for name in named:
        hashed = manifest[name]
        assert re.search(r"\.[0-9a-f]{12}\.", hashed), hashed
        assert (tmp_path / hashed).exists()
