"""`workshift import people` and `workshift export people`: all or nothing, upsert, round trip."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from openpyxl import Workbook

from tests.people.conftest import csv_bytes, people_checksum, people_rows
from tests.shared_data import require_data
from workshift.cli import main
from workshift.core.models import AuditEntry
from workshift.people.models import OrgUnit, Person

IBM_SAMPLE = (
    Path(os.environ.get("WORKSHIFT_SHARED_DATA", "/work/shared/data")) / "hr" / "ibm-hr-sample.csv"
)


def test_one_bad_row_among_a_thousand_fails_names_it_and_writes_nothing(
    org, write_file, capsys
) -> None:
    # given 1,000 good rows with one bad e-mail address at row 418 of the file (the header is row 1)
    rows = people_rows(1000)
    rows[416][3] = "x@"
    path = write_file("people.csv", csv_bytes(rows))
    before = people_checksum()
    audit_before = AuditEntry.objects.count()
    # when
    code = main(["import", "people", str(path)])
    # then
    err = capsys.readouterr().err
    assert code == 1
    assert "row 418, column email: 'x@' is not a valid e-mail address" in err
    assert "nothing was saved" in err
    assert people_checksum() == before
    assert AuditEntry.objects.count() == audit_before


def test_the_fixed_file_imports_all_thousand_rows_with_units_and_managers(
    org, write_file, capsys
) -> None:
    rows = people_rows(1000)
    path = write_file("people.csv", csv_bytes(rows))
    people_before = Person.objects.count()
    code = main(["import", "people", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "1000 created, 0 updated" in out
    assert Person.objects.count() == people_before + 1000
    assert OrgUnit.objects.filter(code="NEW-TEAM").exists()
    report = Person.objects.select_related("manager", "unit").get(employee_id="P00009")
    assert report.manager.employee_id == "P00002" and report.unit.code == "NEW-TEAM"
    assert report.skills == ["excel", "sql"] and report.attributes["discipline"] == "collections"
    entry = AuditEntry.objects.get(object_id="import")
    assert entry.changes["created"] == 1000 and entry.changes["file"] == "people.csv"


def test_a_re_import_updates_people_and_never_duplicates_them(org, write_file, capsys) -> None:
    rows = people_rows(50)
    main(["import", "people", str(write_file("first.csv", csv_bytes(rows)))])
    for row in rows:
        row[6] = "Senior Specialist"
    rows[0][1] = "Renamed"
    code = main(["import", "people", str(write_file("second.csv", csv_bytes(rows)))])
    out = capsys.readouterr().out
    assert code == 0
    assert "0 created, 50 updated" in out
    assert Person.objects.filter(employee_id__startswith="P").count() == 50
    person = Person.objects.get(employee_id=rows[0][0])
    assert (person.first_name, person.job_title, person.version) == (
        "Renamed",
        "Senior Specialist",
        2,
    )


def test_a_re_import_leaves_unmapped_fields_alone(org, write_file) -> None:
    member = org["people"]["member"]
    header = ["employee_id", "job_title", "Shift"]
    main(
        [
            "import",
            "people",
            str(
                write_file(
                    "titles.csv", csv_bytes([[member.employee_id, "Team Lead", "evening"]], header)
                )
            ),
            "--mapping",
            "Shift=attribute:shift",
        ]
    )
    member.refresh_from_db()
    assert member.job_title == "Team Lead"
    assert (member.first_name, member.email, member.unit_id, member.manager_id) == (
        "Max",
        "max@example.com",
        org["units"]["CC-COL"].pk,
        org["people"]["coach"].pk,
    )
    assert member.attributes == {"discipline": "collections", "shift": "evening"}


def test_export_then_import_changes_nothing(org, write_file, capsys) -> None:
    main(["import", "people", str(write_file("people.csv", csv_bytes(people_rows(30))))])
    Person.objects.filter(employee_id="P00003").update(
        skills=["Lean, Six Sigma", "sql"],
        attributes={"age": 41, "languages": "English; Polish"},
        email="",
    )
    exported = write_file("export.csv", b"")
    assert main(["export", "people", str(exported)]) == 0
    before = people_checksum()
    capsys.readouterr()
    code = main(["import", "people", str(exported)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"0 created, 0 updated, {Person.objects.count()} unchanged, 0 new units" in out
    assert people_checksum() == before
    with exported.open(newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 1 + Person.objects.count()


def test_a_dry_run_reports_and_writes_nothing(org, write_file, capsys) -> None:
    before = people_checksum()
    code = main(
        ["import", "people", str(write_file("people.csv", csv_bytes(people_rows(20)))), "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Would import 20 rows" in out and "Dry run" in out
    assert people_checksum() == before


def test_it_imports_an_xlsx_file(org, write_file, capsys) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Employee ID",
            "First Name",
            "Last Name",
            "Email",
            "Unit Code",
            "Start Date",
            "Skills",
            "Discipline",
        ]
    )
    sheet.append(
        ["X1", "Ana", "Silva", "ana@example.com", "CC-COL", None, "coaching, sql", "collections"]
    )
    sheet.append(["X2", "Ben", "Okafor", "ben@example.com", "FIN", None, "", "finance"])
    out = io.BytesIO()
    book.save(out)
    code = main(
        [
            "import",
            "people",
            str(write_file("people.xlsx", out.getvalue())),
            "--mapping",
            "Discipline=attribute:discipline",
        ]
    )
    assert code == 0, capsys.readouterr()
    ana = Person.objects.get(employee_id="X1")
    assert ana.unit == org["units"]["CC-COL"] and ana.skills == ["coaching", "sql"]
    assert ana.attributes == {"discipline": "collections"}


def test_it_refuses_unknown_mapping_columns_and_fields(org, write_file, capsys) -> None:
    path = write_file("people.csv", csv_bytes(people_rows(3)))
    assert main(["import", "people", str(path), "--mapping", "Nope=employee_id"]) == 2
    assert "Nope" in capsys.readouterr().err
    assert main(["import", "people", str(path), "--mapping", "job_title=salary"]) == 1
    assert "'salary' is not a people field" in capsys.readouterr().err


def test_it_imports_the_ibm_hr_sample_with_a_mapping(org, capsys) -> None:
    require_data(IBM_SAMPLE, what="the IBM HR sample", hint="see /work/shared/data/hr/README.md")
    # given the real export: no names, no e-mail; EmployeeNumber, Department and JobRole are guessed
    mapping = [
        "--mapping",
        "EducationField=attribute:discipline",
        "--mapping",
        "Gender=attribute:gender",
        "--mapping",
        "YearsAtCompany=attribute:tenure_years",
        "--mapping",
        "BusinessTravel=attribute:travel",
    ]
    code = main(["import", "people", str(IBM_SAMPLE), *mapping])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "1470 created" in captured.out
    assert "No column holds names" in captured.out
    rd = OrgUnit.objects.get(name="Research & Development")
    assert Person.objects.filter(unit=rd).count() == 961
    person = Person.objects.get(employee_id="2")
    assert person.job_title == "Research Scientist" and person.full_name == "Employee 2"
    assert person.attributes == {
        "discipline": "Life Sciences",
        "gender": "Male",
        "tenure_years": 10,
        "travel": "Travel_Frequently",
    }
    # and importing it again changes nothing
    assert main(["import", "people", str(IBM_SAMPLE), *mapping]) == 0
    assert "0 created, 0 updated, 1470 unchanged" in capsys.readouterr().out
