"""Formula injection: every CSV the product writes neutralises formula cells, and our import undoes it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshift.core.spreadsheet import FORMULA_TRIGGERS, cell_neutralised, cell_restored

DANGEROUS = {
    "first_name": '=HYPERLINK("http://x","y")',
    "last_name": "+cmd",
    "job_title": "-5",
    "location": "@x",
}


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+cmd", "-5", "@x", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    assert cell_neutralised(text) == "'" + text
    assert cell_restored(cell_neutralised(text)) == text


def test_plain_text_numbers_and_none_are_written_as_they_are() -> None:
    assert cell_neutralised("Collections") == "Collections"
    assert cell_neutralised("it's -5") == "it's -5"
    assert cell_neutralised(-5) == -5
    assert cell_neutralised(None) == ""


@given(
    st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " "]), max_size=8)
)
def test_any_text_comes_back_unchanged_and_never_starts_a_formula(text: str) -> None:
    written = cell_neutralised(text)
    assert not written.startswith(FORMULA_TRIGGERS)
    assert cell_restored(written) == text


def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_the_people_export_imports_back_to_the_original_text(
    org: dict[str, Any], tmp_path: Path
) -> None:
    from workshift.cli import main
    from workshift.people.imports import people_import
    from workshift.people.models import Person

    # given a person whose fields a spreadsheet would run as formulas
    max_ = org["people"]["member"]
    Person.objects.filter(pk=max_.pk).update(**DANGEROUS)
    # when people are exported with the CLI
    target = tmp_path / "people.csv"
    assert main(["export", "people", str(target)]) == 0
    rows = _csv_cells(target.read_text(encoding="utf-8"))
    header, row = rows[0], next(r for r in rows if r[0] == max_.employee_id)
    # then no cell of the file starts a formula
    for cells in rows:
        for cell in cells:
            assert not cell.startswith(FORMULA_TRIGGERS), cell
    assert row[header.index("first_name")] == """'=HYPERLINK("http://x","y")"""
    assert row[header.index("last_name")] == "'+cmd"
    # and importing the export changes nobody: the text comes back exactly
    before = {
        p.pk: (p.first_name, p.last_name, p.job_title, p.location) for p in Person.objects.all()
    }
    outcome = people_import(data=target.read_bytes(), filename="people.csv")
    assert not outcome.errors, outcome.errors
    assert outcome.updated == 0 and outcome.created == 0
    after = {
        p.pk: (p.first_name, p.last_name, p.job_title, p.location) for p in Person.objects.all()
    }
    assert after == before
    assert after[max_.pk] == tuple(DANGEROUS.values())


@pytest.mark.django_db
def test_the_people_export_as_xlsx_text_comes_back_too(org: dict[str, Any]) -> None:
    """A spreadsheet that opened our CSV and saved it as .xlsx keeps the quote in the text; the import removes it."""
    from openpyxl import Workbook

    from workshift.people.exports import PEOPLE_COLUMNS, person_row
    from workshift.people.imports import people_import
    from workshift.people.models import Person

    max_ = org["people"]["member"]
    Person.objects.filter(pk=max_.pk).update(**DANGEROUS)
    book = Workbook()
    sheet = book.active
    sheet.append(PEOPLE_COLUMNS)
    for person in Person.objects.select_related("unit", "manager"):
        sheet.append([cell_neutralised(v) for v in person_row(person)])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = people_import(data=buffer.getvalue(), filename="people.xlsx")
    assert not outcome.errors, outcome.errors
    assert outcome.updated == 0
    max_.refresh_from_db()
    assert (max_.first_name, max_.last_name, max_.job_title, max_.location) == tuple(
        DANGEROUS.values()
    )


@pytest.mark.django_db
def test_the_people_and_audit_log_pages_export_neutralised_csv(
    org: dict[str, Any], users: Any
) -> None:
    from django.test import Client

    from workshift.people.models import Person

    person = Person.objects.get(pk=org["people"]["member"].pk)
    person.first_name, person.last_name = DANGEROUS["first_name"], DANGEROUS["last_name"]
    person.save()  # audited: the audit log now holds the name
    client = Client()
    client.force_login(users["administrator"])
    for url in ("/people/?format=csv", "/core/audit/?format=csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "HYPERLINK" in text, url
        for cells in _csv_cells(text):
            for cell in cells:
                assert not cell.startswith(FORMULA_TRIGGERS), (url, cell)
