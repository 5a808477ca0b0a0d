"""`workshift import people FILE` and `workshift export people FILE`."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

MAPPING_HELP = (
    "map a file column to a people field, e.g. EmployeeNumber=employee_id or Department=attribute:department "
    "(repeatable; 'Column=' ignores a column). Fields: employee_id, first_name, last_name, email, unit_code, "
    "unit_name, manager_employee_id, job_title, location, start_date, skills, attributes, attribute:<name>"
)


def _parse_mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        if "=" not in pair:
            raise argparse.ArgumentTypeError(f"--mapping {pair!r}: write it as Column=field")
        column, target = pair.split("=", 1)
        if target.startswith("attributes."):
            target = "attribute:" + target[len("attributes.") :]
        mapping[column.strip()] = "" if target.strip() == "ignore" else target.strip()
    return mapping


def cmd_import_people(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from workshift.people.imports import PeopleFileError, people_import
    from workshift.people.tables import read_table

    console = Console(stderr=True)
    path = Path(args.file)
    if not path.is_file():
        console.print(f"error: no file at {path}")
        return 2
    try:
        mapping = _parse_mapping(args.mapping or [])
    except argparse.ArgumentTypeError as exc:
        console.print(f"error: {exc}")
        return 2
    from workshift.core.uploads import UploadRefused, upload_size_check

    try:
        upload_size_check(size=path.stat().st_size)
    except UploadRefused as exc:
        console.print(f"error: {path.name}: {exc}")
        return 1
    data = path.read_bytes()
    try:
        table = read_table(data=data, filename=path.name)
    except PeopleFileError as exc:
        console.print(f"error: {path.name}: {exc}")
        return 1
    unknown = sorted(set(mapping) - set(table.header))
    if unknown:
        console.print(
            f"error: --mapping names columns the file does not have: {', '.join(unknown)}"
        )
        return 2

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=not console.is_terminal,
    ) as bar:
        checking = bar.add_task("Checking rows", total=len(table.rows))
        writing = bar.add_task("Saving people", total=None, visible=False)

        def progress(phase: str, done: int, total: int) -> None:
            if phase == "checking":
                bar.update(checking, completed=done, total=total)
            else:
                bar.update(writing, completed=done, total=total, visible=True)

        outcome = people_import(
            data=data,
            filename=path.name,
            mapping=mapping,
            dry_run=args.dry_run,
            progress=progress,
            table=table,
        )

    mapped = ", ".join(
        f"{column}->{target}" for column, target in outcome.mapping.items() if target
    )
    print(f"Columns: {mapped}")
    for warning in outcome.warnings:
        print(f"note: {warning}")
    if outcome.errors:
        for error in outcome.errors:
            print(str(error), file=sys.stderr)
        count = len(outcome.errors)
        print(
            f"{count} problem{'s' if count != 1 else ''} in {path.name}; nothing was saved. Fix the rows and import again.",
            file=sys.stderr,
        )
        return 1
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {outcome.total} rows from {path.name}: {outcome.created} created, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged, {outcome.units_created} new units."
    )
    if args.dry_run:
        print("Dry run: nothing was saved.")
    return 0


def cmd_export_people(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from workshift.core.spreadsheet import cell_neutralised
    from workshift.people.exports import PEOPLE_COLUMNS, person_row
    from workshift.people.models import Person

    path = Path(args.file)
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_COLUMNS)
        people = Person.objects.select_related("unit", "manager").order_by("employee_id")
        for person in people.iterator(chunk_size=2000):
            writer.writerow([cell_neutralised(v) for v in person_row(person)])
            count += 1
    print(f"Exported {count} people to {path}")
    return 0


def _person(identifier: str) -> Any:
    from workshift.people.models import Person

    person = Person.objects.filter(employee_id=identifier).first()
    if person is None and identifier.isdigit():
        person = Person.objects.filter(pk=int(identifier)).first()
    if person is None:
        print(f"error: no person with number or employee id {identifier!r}", file=sys.stderr)
    return person


def cmd_person_export(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    import json

    from workshift.people.privacy import person_export

    person = _person(args.id)
    if person is None:
        return 2
    text = json.dumps(person_export(person=person), indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        Path(args.output).chmod(0o600)
        print(f"Wrote everything stored about person #{person.pk} to {args.output}")
    else:
        print(text)
    return 0


def cmd_person_erase(args: argparse.Namespace) -> int:
    from workshift.core.setup import setup_django

    setup_django()
    from workshift.people.privacy import person_erase

    person = _person(args.id)
    if person is None:
        return 2
    if not args.yes:
        answer = input(f"Erase {person.full_name} ({person.employee_id}) everywhere? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was erased.")
            return 1
    changed = person_erase(person=person)
    print(
        f"Erased person #{person.pk}; the name was removed from: {', '.join(sorted(changed)) or 'nothing else'}"
    )
    return 0


def register(subparsers: Any) -> None:
    person = subparsers.add_parser("person", help="personal data of one person: export or erase")
    person_sub = person.add_subparsers(dest="person_what", required=True)
    export_one = person_sub.add_parser(
        "export", help="print (or write) everything stored about one person as JSON"
    )
    export_one.add_argument("id", help="the person's number or employee id")
    export_one.add_argument("--output", "-o", help="write to this file (owner-only) instead")
    export_one.set_defaults(handler=cmd_person_export)
    erase = person_sub.add_parser(
        "erase",
        help="remove or pseudonymise one person everywhere (pulse answers stay, anonymous)",
    )
    erase.add_argument("id", help="the person's number or employee id")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=cmd_person_erase)

    importer = subparsers.add_parser("import", help="import records from a file")
    import_sub = importer.add_subparsers(dest="import_what", required=True)
    people = import_sub.add_parser(
        "people",
        help="import people from a CSV or XLSX file (upsert by employee id, all or nothing)",
        description="Import people from a CSV or XLSX file. Rows are matched on employee id: new people are "
        "created, known people updated. One bad row and nothing is saved; every bad row is listed.",
    )
    people.add_argument("file", help="a .csv or .xlsx file with a header row")
    people.add_argument(
        "--dry-run", action="store_true", help="check the file and report, save nothing"
    )
    people.add_argument("--mapping", action="append", metavar="COLUMN=FIELD", help=MAPPING_HELP)
    people.set_defaults(handler=cmd_import_people)

    exporter = subparsers.add_parser("export", help="export records to a file")
    export_sub = exporter.add_subparsers(dest="export_what", required=True)
    export_people = export_sub.add_parser(
        "people", help="export every person to CSV (the import format)"
    )
    export_people.add_argument("file", help="the .csv file to write")
    export_people.set_defaults(handler=cmd_export_people)
