"""Checks every uploaded file passes before anything reads it as data.

A file must be what its name says, within a fixed memory bound:
- its size is at most settings.UPLOAD_MAX_BYTES (the upload handler below stops
  keeping bytes past the limit, so a 200 MB upload never sits in memory or on disk);
- a CSV is text (UTF-8, or Windows-1252 where a caller allows it), not binary;
- an XLSX is a zip archive whose members unpack to a bounded size and ratio,
  checked from the archive's directory before openpyxl unpacks anything.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# an XLSX member may unpack to at most this many times its packed size (real sheets: < 30)
XLSX_MAX_RATIO = 200
XLSX_MAX_MEMBERS = 2_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


class UploadRefused(ValueError):
    """A file that is not what its name says, or too large; the message says how to fix it."""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size < 10_000_000 else f"{size // 1_000_000} MB"


def upload_size_check(*, size: int) -> None:
    limit: int = settings.UPLOAD_MAX_BYTES
    if size > limit:
        raise UploadRefused(
            f"The file is {_megabytes(size)}; at most {_megabytes(limit)} can be uploaded at once "
            "(WORKSHIFT_UPLOAD_MAX_MB). Split it into smaller files."
        )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def csv_text_decoded(*, data: bytes, allow_windows_1252: bool = True) -> str:
    """The text of a CSV file, or UploadRefused when it is not text in one encoding."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        mixed = _UTF8_MULTIBYTE.search(data) is not None
        if not allow_windows_1252 or mixed:
            raise UploadRefused(
                f"Line {_line_of(data, exc.start)} holds bytes that are not UTF-8 "
                f"(0x{data[exc.start]:02X}); save the file as “CSV UTF-8” and upload it again."
            ) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as again:
            raise UploadRefused(
                f"Line {_line_of(data, again.start)} holds bytes that are neither UTF-8 nor "
                "Windows-1252 text; this is not a CSV file. Save it as “CSV UTF-8”."
            ) from None
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise UploadRefused(
            f"Line {line} holds a binary control character (0x{ord(control.group()):02X}); "
            "this is not a CSV text file. Save it as “CSV UTF-8” or as .xlsx."
        )
    return text


def xlsx_archive_check(*, data: bytes) -> None:
    """Refuse what is not an XLSX archive, or would unpack beyond the memory bound, before opening it."""
    if data[:4] != b"PK\x03\x04":
        looks = "text" if not _CONTROL.search(data[:2048].decode("latin-1")) else "something else"
        raise UploadRefused(
            f"The file is named .xlsx but is not an Excel workbook (it is {looks}); "
            "open it in Excel and save it as .xlsx, or upload it as .csv."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UploadRefused(
            "The Excel file cannot be opened: its zip directory is damaged; save it again as .xlsx."
        ) from None
    if len(members) > XLSX_MAX_MEMBERS:
        raise UploadRefused(
            f"The Excel file holds {len(members)} parts, more than {XLSX_MAX_MEMBERS}; "
            "this is not a plain workbook."
        )
    limit: int = settings.XLSX_MAX_UNPACKED_BYTES
    total = 0
    for member in members:
        packed = max(member.compress_size, 1)
        if member.file_size > 1_000_000 and member.file_size / packed > XLSX_MAX_RATIO:
            raise UploadRefused(
                f"The Excel file's part {member.filename} would unpack to {_megabytes(member.file_size)} "
                f"from {_megabytes(member.compress_size)} (more than {XLSX_MAX_RATIO} times): "
                "refused as a zip bomb."
            )
        total += member.file_size
    if total > limit:
        raise UploadRefused(
            f"The Excel file would unpack to {_megabytes(total)}, more than {_megabytes(limit)} "
            "(WORKSHIFT_XLSX_MAX_UNPACKED_MB); save the sheet as CSV or split it."
        )


class OversizedUpload(UploadedFile):  # type: ignore[type-arg]
    """Stands in for an upload that went past the limit: its size is known, its bytes were dropped."""

    def __init__(self, *, name: str, size: int, content_type: str | None) -> None:
        super().__init__(
            file=io.BytesIO(b""), name=name, content_type=content_type, size=size, charset=None
        )


class UploadSizeLimitHandler(FileUploadHandler):
    """First of the upload handlers: passes bytes on until the size limit, then only counts them.

    The form or endpoint then sees an OversizedUpload with the real size and refuses it with
    a message, while the bytes past the limit were never kept in memory or on disk.
    """

    received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:  # type: ignore[type-arg]
        if self.received > settings.UPLOAD_MAX_BYTES:
            return OversizedUpload(
                name=self.file_name or "upload", size=self.received, content_type=self.content_type
            )
        return None
