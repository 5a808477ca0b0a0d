"""A program lead imports people: upload, see the bad row, fix the file, confirm, find the person."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.people.conftest import csv_bytes

HEADER = [
    "EmployeeNumber",
    "First Name",
    "Last Name",
    "E-mail",
    "Department",
    "Manager ID",
    "Job Title",
    "Discipline",
]


def _rows(*, broken: bool) -> list[list[str]]:
    rows = [
        [
            "N100",
            "Priya",
            "Raman",
            "priya.raman@example.com",
            "Collections",
            "",
            "Collections Supervisor",
            "collections",
        ],
        [
            "N101",
            "Tomas",
            "Novak",
            "tomas.novak@example.com",
            "Collections",
            "N100",
            "Collections Specialist",
            "collections",
        ],
        [
            "N102",
            "Ines",
            "Moreau",
            "ines.moreau@example",
            "Collections",
            "N100",
            "Collections Specialist",
            "quality",
        ],
        [
            "N103",
            "Kofi",
            "Mensah",
            "kofi.mensah@example.com",
            "Risk Analytics",
            "N100",
            "Risk Analyst",
            "risk",
        ],
    ]
    if not broken:
        rows[2][3] = "ines.moreau@example.com"
    return rows


def test_a_lead_imports_people_fixes_a_bad_row_and_finds_the_person(
    page, live_server, login, shot, users, tmp_path
) -> None:
    broken = tmp_path / "people.csv"
    broken.write_bytes(csv_bytes(_rows(broken=True), HEADER))
    fixed = tmp_path / "people-fixed.csv"
    fixed.write_bytes(csv_bytes(_rows(broken=False), HEADER))

    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/people/")
    page.get_by_role("link", name="Import people").click()
    shot("people-import-upload")
    page.set_input_files("#id_file", str(broken))
    page.get_by_role("button", name="Upload and check").click()

    # the preview names the bad row as the spreadsheet shows it, with its column and the reason
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "4" in errors.inner_text() and "E-mail" in errors.inner_text()
    assert "'ines.moreau@example' is not a valid e-mail address" in errors.inner_text()
    assert page.get_by_role("button", name="Import 4 rows").count() == 0
    # the lead keeps the discipline column as an attribute for diverse workgroups
    page.select_option("select[name=col_7]", "attribute")
    page.get_by_role("button", name="Apply the mapping and check again").click()
    shot("people-import-preview-error")

    page.set_input_files("#reupload input[type=file]", str(fixed))
    page.get_by_role("button", name="Upload and check again").click()
    page.locator("#import-check").get_by_text("All 4 rows are ready").wait_for()
    assert "4 new people" in page.locator("#import-check").inner_text()
    assert page.locator("select[name=col_7]").input_value() == "attribute"
    shot("people-import-preview-ready")
    page.get_by_role("button", name="Import 4 rows").click()

    page.locator("#import-result").get_by_text("Imported 4 rows").wait_for()
    shot("people-import-result")
    page.get_by_role("link", name="See the people").click()
    page.fill("#q", "Moreau")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Ines Moreau").click()
    assert page.locator("h1").inner_text() == "Ines Moreau"
    assert "quality" in page.locator("main").inner_text()
    shot("people-import-person")


def test_a_large_import_shows_progress_and_then_its_result(
    page, live_server, login, shot, users, tmp_path, settings
) -> None:
    from tests.people.conftest import people_rows
    from workshift.cli import main

    settings.IMPORT_BACKGROUND_ROWS = 10
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes(people_rows(40)))
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/people/import/")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Upload and check").click()
    assert "imported in the background" in page.locator("#import-check").inner_text()
    page.get_by_role("button", name="Import 40 rows").click()
    page.locator("#import-progress").get_by_text("Waiting for a worker").wait_for()
    shot("people-import-queued")
    # a worker picks the import up; the polling page moves on to the result by itself
    assert main(["worker", "--batch"]) == 0
    page.locator("#import-result").get_by_text("Imported 40 rows").wait_for(timeout=10_000)
    assert "40" in page.locator("#import-result").inner_text()
