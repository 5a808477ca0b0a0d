"""Uploads that are not what their name says, or too large: refused with a message, nothing written."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.people.conftest import csv_bytes
from workshift.cli import main
from workshift.core.models import AuditEntry
from workshift.people.models import ImportJob, Person

HEADER = ["employee_id", "first_name", "last_name", "unit_code"]
GOOD_ROWS = [["N1", "Zoë", "Nowak", "CC-COL"], ["N2", "Ana", "Lima", "CC-COL"]]


def _upload(client: Any, data: bytes, name: str) -> Any:
    return client.post(
        reverse("people:import"), {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )


def _zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet unpacks from about 100 KB to 100 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * 1_000_000
            for _ in range(100):
                member.write(block)
    return buffer.getvalue()


def _refused(response: Any, *fragments: str) -> None:
    assert response.status_code == 200  # the form again, with the message at the file field
    errors = response.context["form"].errors["file"]
    for fragment in fragments:
        assert any(fragment in e for e in errors), errors


@pytest.fixture
def nothing_written(org: Any) -> Any:
    before = (Person.objects.count(), ImportJob.objects.count(), AuditEntry.objects.count())
    yield
    assert (Person.objects.count(), ImportJob.objects.count(), AuditEntry.objects.count()) == before


def test_an_xlsx_that_is_a_text_file_is_refused(client_for: Any, nothing_written: Any) -> None:
    response = _upload(client_for("lead"), csv_bytes(GOOD_ROWS, HEADER), "people.xlsx")
    _refused(response, "named .xlsx but is not an Excel workbook (it is text)")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client_for: Any, nothing_written: Any) -> None:
    bomb = _zip_bomb()
    assert len(bomb) < 1_000_000
    response = _upload(client_for("lead"), bomb, "people.xlsx")
    _refused(response, "refused as a zip bomb", "xl/worksheets/sheet1.xml")


def test_an_xlsx_that_unpacks_past_the_bound_is_refused(
    client_for: Any, nothing_written: Any, settings: Any
) -> None:
    # given a bound lower than what this honest-looking (ratio-wise) archive unpacks to
    settings.XLSX_MAX_UNPACKED_BYTES = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/sharedStrings.xml", os.urandom(1_500_000))
    response = _upload(client_for("lead"), buffer.getvalue(), "people.xlsx")
    _refused(response, "would unpack to 1.5 MB, more than 1.0 MB")


def test_non_utf8_bytes_in_a_utf8_csv_are_refused_with_the_line(
    client_for: Any, nothing_written: Any
) -> None:
    # given a UTF-8 file (Zoë) with one Latin-1 byte pasted into its third line
    data = csv_bytes(GOOD_ROWS, HEADER).replace(b"Lima", b"Lim\xe1")
    response = _upload(client_for("lead"), data, "people.csv")
    _refused(response, "Line 3 holds bytes that are not UTF-8 (0xE1)", "CSV UTF-8")


def test_a_binary_file_named_csv_is_refused(client_for: Any, nothing_written: Any) -> None:
    data = b"employee_id,first_name\n" + bytes(range(256)) * 8
    response = _upload(client_for("lead"), data, "people.csv")
    errors = response.context["form"].errors["file"]
    assert any("not" in e and "CSV" in e for e in errors), errors


def test_a_file_over_the_size_limit_is_refused_without_being_kept(
    client_for: Any, nothing_written: Any, settings: Any
) -> None:
    # given a limit of 1 MB (the same code path as the default 50 MB against a 200 MB file)
    settings.UPLOAD_MAX_BYTES = 1_000_000
    data = b"employee_id,first_name,last_name,unit_code\n" + b"N9,Big,File,CC-COL\n" * 160_000
    assert len(data) > 3_000_000
    response = _upload(client_for("lead"), data, "people.csv")
    _refused(response, "The file is 3.0 MB; at most 1.0 MB can be uploaded at once")
    # and the upload handler kept none of it: the form saw a stand-in with the size only
    from workshift.core.uploads import OversizedUpload

    upload = response.wsgi_request.FILES["file"]
    assert isinstance(upload, OversizedUpload)
    assert upload.size == len(data)


def test_the_api_refuses_an_oversized_upload_with_the_error_body(
    client: Any, users: Any, nothing_written: Any, settings: Any
) -> None:
    from workshift.accounts.services import api_token_create

    settings.UPLOAD_MAX_BYTES = 1_000_000
    token = api_token_create(user=users["lead"], name="test")
    data = b"employee_id,first_name,last_name,unit_code\n" + b"N9,Big,File,CC-COL\n" * 160_000
    response = client.post(
        "/api/people/import",
        {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv")},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "file_too_large"
    assert "at most 1.0 MB" in body["message"]
    assert body["errors"][0]["field"] == "file"


def test_the_cli_refuses_an_oversized_file_before_reading_it(
    org: Any, tmp_path: Path, settings: Any, capsys: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 1_000_000
    path = tmp_path / "people.csv"
    path.write_bytes(
        b"employee_id,first_name,last_name,unit_code\n" + b"N9,Big,File,CC-COL\n" * 160_000
    )
    before = Person.objects.count()
    assert main(["import", "people", str(path)]) == 1
    assert "at most 1.0 MB" in capsys.readouterr().err
    assert Person.objects.count() == before


def test_a_windows_1252_export_is_still_read(client_for: Any, org: Any) -> None:
    # an HR system's "CSV" from Excel on Windows: no UTF-8 anywhere, one byte per letter
    data = "employee_id,first_name,last_name,unit_code\nN1,Zoë,Nowak,CC-COL\n".encode("cp1252")
    response = _upload(client_for("lead"), data, "people.csv")
    assert response.status_code == 302
    assert ImportJob.objects.count() == 1
