"""The readings CSV a workgroup downloads is safe to open, and uploads back to the same notes."""

from __future__ import annotations

import csv
import io
from typing import Any

from workshift.core.spreadsheet import FORMULA_TRIGGERS


def test_readings_export_neutralises_notes_and_imports_back(
    client_for: Any, groups: dict[str, Any], metrics: dict[str, Any], baseline_readings: list[Any]
) -> None:
    from workshift.impact.models import MetricReading
    from workshift.impact.services import readings_import

    # given readings whose notes a spreadsheet would run
    notes = ['=HYPERLINK("http://x","y")', "+cmd", "-5", "@x"]
    for reading, note in zip(baseline_readings, notes, strict=False):
        MetricReading.objects.filter(pk=reading.pk).update(note=note)
    # when the lead downloads them
    response = client_for("lead").get(f"/impact/workgroups/{groups['a'].pk}/readings/?format=csv")
    assert response.status_code == 200
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    # then no cell starts a formula
    assert any("HYPERLINK" in cell for row in rows for cell in row)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    # and uploading the file to a fresh workgroup gives back the same notes
    MetricReading.objects.filter(workgroup=groups["b"]).delete()
    count = readings_import(workgroup=groups["b"], user=None, text=text)
    assert count == len(baseline_readings)
    imported = set(
        MetricReading.objects.filter(workgroup=groups["b"]).values_list("note", flat=True)
    )
    assert set(notes) <= imported
