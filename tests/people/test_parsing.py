"""The pure part of the import: reading files, guessing the mapping, checking rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from tests.people.conftest import csv_bytes
from workshift.people.parsing import (
    PeopleFileError,
    check_rows,
    guess_mapping,
    manager_layers,
    split_skills,
)
from workshift.people.tables import read_table


def _check(data: bytes, mapping=None, existing=(), units=None):
    table = read_table(data=data, filename="people.csv")
    return check_rows(
        table=table,
        mapping=mapping or guess_mapping(header=table.header),
        existing_employee_ids=set(existing),
        existing_units=units or {},
    )


def test_it_guesses_the_mapping_from_common_hr_headers() -> None:
    header = [
        "EmployeeNumber",
        "First Name",
        "Surname",
        "E-mail",
        "Department",
        "Manager ID",
        "JobRole",
        "Hire Date",
        "Age",
    ]
    assert guess_mapping(header=header) == {
        "EmployeeNumber": "employee_id",
        "First Name": "first_name",
        "Surname": "last_name",
        "E-mail": "email",
        "Department": "unit_name",
        "Manager ID": "manager_employee_id",
        "JobRole": "job_title",
        "Hire Date": "start_date",
        "Age": "",
    }


def test_it_maps_each_field_once_when_two_headers_look_alike() -> None:
    mapping = guess_mapping(header=["Title", "Job Title"])
    assert sorted(mapping.values()) == ["", "job_title"]


def test_it_splits_skills_on_semicolons_first_then_commas() -> None:
    assert split_skills("sql; python ;sql") == ["sql", "python"]
    assert split_skills("sql, python") == ["sql", "python"]
    assert split_skills("Lean, Six Sigma; sql") == ["Lean, Six Sigma", "sql"]
    assert split_skills("") == []


def test_it_names_row_column_and_reason_for_every_bad_row() -> None:
    data = csv_bytes(
        [
            ["E1", "Ann", "Lee", "ann@example.com", "", "", "", "", "2020-01-01", "", ""],
            ["E2", "Bo", "Kim", "x@", "", "", "", "", "01/02/2020", "", "[1]"],
            ["", "Cy", "Ng", "", "", "", "", "", "", "", ""],
            ["E1", "", "Ng", "", "", "E9", "", "", "", "", ""],
        ]
    )
    checked = _check(data)
    assert [str(e) for e in checked.errors] == [
        "row 3, column email: 'x@' is not a valid e-mail address",
        "row 3, column start_date: '01/02/2020' is not a date; write it as YYYY-MM-DD",
        'row 3, column attributes: is not a JSON object like {"discipline": "sales"}',
        "row 4, column employee_id: is empty; every person needs an employee id",
        "row 5, column employee_id: 'E1' is also on row 2; each person once",
        "row 5, column first_name: is empty; write the person's first name",
    ]
    assert checked.records == []


def test_it_counts_rows_as_the_spreadsheet_does_even_after_blank_lines() -> None:
    data = b"employee_id,first_name,last_name,email\nE1,Ann,Lee,a@example.com\n,,,\nE2,Bo,Kim,bad\n"
    checked = _check(data)
    assert [(e.row, e.column) for e in checked.errors] == [(4, "email")]


def test_it_accepts_managers_listed_later_in_the_file_or_already_known() -> None:
    header = ["employee_id", "first_name", "last_name", "manager_employee_id"]
    data = csv_bytes(
        [["E1", "A", "A", "E2"], ["E2", "B", "B", "K1"], ["E3", "C", "C", "E404"]], header
    )
    checked = _check(data, existing={"K1"})
    assert [str(e) for e in checked.errors] == [
        "row 4, column manager_employee_id: no person with employee id 'E404' in this file or in Workshift"
    ]


def test_it_rejects_a_chain_of_managers_that_loops() -> None:
    header = ["employee_id", "first_name", "last_name", "manager_employee_id"]
    data = csv_bytes(
        [
            ["E1", "A", "A", "E2"],
            ["E2", "B", "B", "E3"],
            ["E3", "C", "C", "E1"],
            ["E4", "D", "D", "E4"],
        ],
        header,
    )
    messages = [e.message for e in _check(data).errors]
    assert "a person cannot be their own manager" in messages
    assert any(m.startswith("the chain of managers loops: ") for m in messages)


def test_it_orders_new_people_so_managers_come_first() -> None:
    header = ["employee_id", "first_name", "last_name", "manager_employee_id"]
    data = csv_bytes(
        [
            ["E4", "D", "D", "E3"],
            ["E3", "C", "C", "E1"],
            ["E2", "B", "B", "E1"],
            ["E1", "A", "A", ""],
        ],
        header,
    )
    checked = _check(data)
    layers = manager_layers(records=checked.records, new_ids={"E1", "E2", "E3", "E4"})
    assert [sorted(r.employee_id for r in layer) for layer in layers] == [
        ["E1"],
        ["E2", "E3"],
        ["E4"],
    ]


def test_it_creates_units_from_codes_or_names_it_does_not_know() -> None:
    header = ["employee_id", "first_name", "last_name", "Department"]
    data = csv_bytes(
        [
            ["E1", "A", "A", "Research & Development"],
            ["E2", "B", "B", "sales"],
            ["E3", "C", "C", "Sales"],
        ],
        header,
    )
    checked = _check(data, units={"SAL": "Sales"})
    assert checked.new_units == {"RESEARCH-DEVELOPMENT": "Research & Development"}
    assert [r.unit_code for r in checked.records] == ["RESEARCH-DEVELOPMENT", "SAL", "SAL"]


def test_it_keeps_extra_columns_as_typed_attributes() -> None:
    header = ["employee_id", "first_name", "last_name", "Age", "Languages"]
    data = csv_bytes(
        [["E1", "A", "A", "41", "English; Polish"], ["E2", "B", "B", "", "English"]], header
    )
    mapping = {
        **guess_mapping(header=header),
        "Age": "attribute:age",
        "Languages": "attribute:languages",
    }
    checked = _check(data, mapping=mapping)
    assert checked.records[0].attribute_updates == {"age": 41, "languages": "English; Polish"}
    assert checked.records[1].attribute_updates == {"age": None, "languages": "English"}


def test_it_refuses_a_mapping_without_employee_id() -> None:
    data = csv_bytes([["A", "B"]], ["first_name", "last_name"])
    checked = _check(data)
    assert [e.message for e in checked.errors] == [
        "No column is mapped to Employee id; every person needs one to be matched on re-import."
    ]


def test_it_reads_xlsx_with_dates_and_numbers() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["EmployeeNumber", "First Name", "Last Name", "Start Date"])
    sheet.append([1001, "Ann", "Lee", dt.datetime(2021, 3, 4)])
    sheet.append([None, None, None, None])
    sheet.append([1002.0, "Bo", "Kim", None])
    out = io.BytesIO()
    book.save(out)
    table = read_table(data=out.getvalue(), filename="people.xlsx")
    assert table.rows == [(2, ["1001", "Ann", "Lee", "2021-03-04"]), (4, ["1002", "Bo", "Kim", ""])]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "empty"),
        (b"PK\x03\x04broken", "a.xlsx", "cannot be opened"),
        (b"a,a\n1,2\n", "a.csv", "Two columns are both called 'a'"),
        (b"x", "a.xls", "Old .xls files"),
    ],
)
def test_it_explains_files_it_cannot_read(data: bytes, name: str, message: str) -> None:
    with pytest.raises(PeopleFileError, match=message):
        read_table(data=data, filename=name)
