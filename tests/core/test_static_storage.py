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


def test_a_server_start_copies_the_static_files_only_when_they_changed(tmp_path) -> None:
    from workshift.cli import _collect_static

    static = tmp_path / "static"
    static.mkdir()
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "workshift.core.static_storage.StaticStorage"},
    }
    with override_settings(STATIC_ROOT=static, STORAGES=storages, DATA_DIR=tmp_path):
        _collect_static()
        manifest = static / "staticfiles.json"
        first = manifest.stat().st_mtime_ns
        _collect_static()  # nothing changed: nothing copied
        assert manifest.stat().st_mtime_ns == first
        (static / ".sources").write_text("sources as they were before a release")
        _collect_static()
        assert manifest.stat().st_mtime_ns != first
