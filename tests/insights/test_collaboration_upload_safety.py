"""The collaboration upload refuses files that are too large or not UTF-8 CSV text."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from workshift.insights.models import CollaborationCount


def _upload(client: Any, data: bytes) -> Any:
    return client.post(
        "/insights/collaboration/",
        {"file": SimpleUploadedFile("counts.csv", data, content_type="text/csv")},
    )


def test_non_utf8_and_oversized_collaboration_files_are_refused(
    client_for: Any, org: Any, settings: Any
) -> None:
    client = client_for("lead")
    latin = "person,other_person,count,period\nT0001,T0002,3,2026-01\n# Zoë\n".encode("cp1252")
    response = _upload(client, latin)
    assert "Line 3 holds bytes that are not UTF-8" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 1_000
    big = b"person,other_person,count,period\n" + b"T0001,T0002,3,2026-01\n" * 100
    response = _upload(client, big)
    assert "at most" in response.content.decode()
    assert CollaborationCount.objects.count() == 0
