"""The readings upload refuses files that are not UTF-8 CSV text, or too large, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workshift.impact.models import MetricReading

GOOD = "metric,date,value,note\nPromise kept rate,2026-01-05,71,Zoë called back\n"


def _upload(client: Any, workgroup_id: int, data: bytes, name: str = "r.csv") -> Any:
    return client.post(
        reverse("impact:reading_upload", args=[workgroup_id]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (GOOD.encode("cp1252"), "r.csv", "Line 2 holds bytes that are not UTF-8 (0xEB)"),
        (b"metric,date\n\x00\x01\x02\x03binary", "r.csv", "binary control character"),
        (b"PK\x03\x04 a workbook", "r.xlsx", "save the sheet as “CSV UTF-8”"),
    ],
)
def test_a_file_that_is_not_utf8_csv_text_is_refused(
    client_for: Any, groups: Any, metrics: Any, data: bytes, name: str, message: str
) -> None:
    response = _upload(client_for("member"), groups["a"].pk, data, name)
    assert message in response.content.decode()
    assert MetricReading.objects.count() == 0


def test_a_readings_file_over_the_limit_is_refused(
    client_for: Any, groups: Any, metrics: Any, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 100_000
    data = GOOD.encode() + b"Promise kept rate,2026-01-05,71,x\n" * 5_000
    response = _upload(client_for("member"), groups["a"].pk, data)
    assert "at most 0.1 MB can be uploaded at once" in response.content.decode()
    assert MetricReading.objects.count() == 0


def test_a_good_utf8_file_still_imports(client_for: Any, groups: Any, metrics: Any) -> None:
    response = _upload(client_for("member"), groups["a"].pk, GOOD.encode())
    assert response.status_code == 302
    assert MetricReading.objects.get().note == "Zoë called back"
