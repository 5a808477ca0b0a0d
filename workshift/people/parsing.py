"""Mapping and checking the rows of a people file (read by `people.tables`), with no database in sight.

The import service (`workshift.people.imports`) hands this module the file's
bytes, a column mapping and what the database already knows (employee ids,
unit codes and names); it gets back clean records, and every bad row with its
row number as a spreadsheet shows it (the header is row 1), its column and the
reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# target field -> (label, maximum length or None)
FIELDS: dict[str, tuple[str, int | None]] = {
    "employee_id": ("Employee id", 40),
    "first_name": ("First name", 100),
    "last_name": ("Last name", 100),
    "email": ("E-mail", 254),
    "unit_code": ("Unit code", 40),
    "unit_name": ("Unit name", 200),
    "manager_employee_id": ("Manager's employee id", 40),
    "job_title": ("Job title", 200),
    "location": ("Location", 200),
    "start_date": ("Start date", None),
    "skills": ("Skills (separated by ; or ,)", None),
    "attributes": ("Attributes (a JSON object)", None),
}
ATTRIBUTE_PREFIX = "attribute:"
IGNORE = ""
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "job_title",
    "location",
    "start_date",
    "skills",
)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employeeid",
        "employeenumber",
        "employeeno",
        "employeenr",
        "empid",
        "empno",
        "staffid",
        "staffnumber",
        "staffno",
        "personnelnumber",
        "workerid",
        "personid",
        "employee",
        "id",
    ),
    "first_name": ("firstname", "givenname", "forename", "first", "preferredname"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "email": ("email", "emailaddress", "mail", "workemail", "businessemail"),
    "unit_code": (
        "unitcode",
        "departmentcode",
        "deptcode",
        "orgunitcode",
        "teamcode",
        "costcenter",
        "costcentre",
    ),
    "unit_name": (
        "unit",
        "unitname",
        "department",
        "dept",
        "departmentname",
        "team",
        "teamname",
        "orgunit",
        "organizationalunit",
        "division",
    ),
    "manager_employee_id": (
        "manageremployeeid",
        "manageremployeenumber",
        "managerid",
        "manager",
        "supervisorid",
        "supervisor",
        "reportsto",
        "linemanager",
        "linemanagerid",
    ),
    "job_title": ("jobtitle", "title", "jobrole", "position", "role", "jobname"),
    "location": ("location", "office", "site", "city", "worklocation"),
    "start_date": (
        "startdate",
        "hiredate",
        "dateofhire",
        "joindate",
        "joined",
        "startedon",
        "dateofjoining",
    ),
    "skills": ("skills", "skill", "competencies", "competences", "skillset"),
    "attributes": ("attributes",),
}
_GUESS = {alias: target for target, aliases in _SYNONYMS.items() for alias in aliases}
_EMAIL = re.compile(r"^[^@\s]+@([^@\s.]+\.)+[^@\s.]+$|^[^@\s]+@localhost$")
_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,15})$")
_DECIMAL = re.compile(r"^-?(0|[1-9]\d{0,15})\.\d{1,8}$")


class PeopleFileError(Exception):
    """The file cannot be read at all (wrong type, no header, bad encoding)."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as in the file, cells)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return (
            f"row {self.row}, column {self.column}: {self.message}"
            if self.column
            else f"row {self.row}: {self.message}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PersonRecord:
    """One good row: the values of the mapped fields only."""

    row: int
    employee_id: str
    values: dict[str, Any] = field(default_factory=dict)  # person fields that were mapped
    unit_code: str | None = None  # None: no unit column mapped; "" : no unit
    manager_employee_id: str | None = None  # None: no manager column mapped; "": no manager
    attributes: dict[str, Any] | None = None  # the whole dict (attributes column) or None
    attribute_updates: dict[str, Any] = field(
        default_factory=dict
    )  # attribute:<name> columns; None removes


@dataclass
class CheckedFile:
    records: list[PersonRecord]
    errors: list[RowError]
    new_units: dict[str, str]  # code -> name of units to create
    warnings: list[str]
    total: int

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def attribute_name(header: str) -> str:
    """A column header as an attribute key: 'Tenure Band' -> 'tenure_band'."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", header.strip())
    return "_".join(w.lower() for w in words) or "attribute"


def guess_mapping(*, header: list[str]) -> dict[str, str]:
    """A first mapping from the header names; each target field is used once at most."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for name in header:
        target = _GUESS.get(normalize_header(name), IGNORE)
        if target and target in taken:
            target = IGNORE
        taken.add(target)
        mapping[name] = target
    return mapping


def mapping_problems(*, header: list[str], mapping: Mapping[str, str]) -> list[str]:
    """What is wrong with a mapping as a whole (before any row is read)."""
    problems = []
    targets = [mapping.get(name, IGNORE) for name in header]
    unknown = [t for t in targets if t and t not in FIELDS and not t.startswith(ATTRIBUTE_PREFIX)]
    for target in unknown:
        problems.append(
            f"'{target}' is not a people field; choose one of {', '.join(FIELDS)} or attribute:<name>."
        )
    for target in sorted({t for t in targets if t and targets.count(t) > 1}):
        columns = [h for h in header if mapping.get(h) == target]
        problems.append(
            f"{', '.join(columns)} are all mapped to {_label(target)}; map one column to it."
        )
    if "employee_id" not in targets:
        problems.append(
            "No column is mapped to Employee id; every person needs one to be matched on re-import."
        )
    for target in targets:
        if target.startswith(ATTRIBUTE_PREFIX) and not target[len(ATTRIBUTE_PREFIX) :].strip():
            problems.append("An attribute column needs a name, e.g. attribute:discipline.")
    return problems


def mapping_warnings(*, header: list[str], mapping: Mapping[str, str]) -> list[str]:
    targets = {mapping.get(name, IGNORE) for name in header}
    warnings = []
    if "first_name" not in targets and "last_name" not in targets:
        warnings.append(
            "No column holds names: new people are shown by their employee id until names are imported."
        )
    return warnings


def _label(target: str) -> str:
    if target.startswith(ATTRIBUTE_PREFIX):
        return f"attribute {target[len(ATTRIBUTE_PREFIX) :]}"
    return FIELDS[target][0]


# --- checking rows ---------------------------------------------------------------------------


def split_skills(text: str) -> list[str]:
    """'a; b' or 'a, b' -> ['a', 'b']; ';' wins when both appear, so skills may contain commas."""
    parts = text.split(";") if ";" in text else text.split(",")
    skills: list[str] = []
    for part in parts:
        skill = part.strip()
        if skill and skill not in skills:
            skills.append(skill)
    return skills


def attribute_value(text: str) -> Any:
    """A cell as an attribute value: whole numbers and decimals become numbers, the rest stays text."""
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return float(text)
    return text


def parse_date(text: str) -> dt.date:
    if len(text) == 10 and text[4] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def unit_code_for(name: str, taken: Iterable[str]) -> str:
    """A unit code made from a unit name: 'Research & Development' -> 'RESEARCH-DEVELOPMENT'."""
    base = "-".join(re.findall(r"[A-Z0-9]+", name.upper()))[:36] or "UNIT"
    taken_set = set(taken)
    code, n = base, 1
    while code in taken_set:
        n += 1
        code = f"{base}-{n}"
    return code


def check_rows(
    *,
    table: Table,
    mapping: Mapping[str, str],
    existing_employee_ids: set[str],
    existing_units: Mapping[str, str],
    progress: Callable[[int, int], None] | None = None,
) -> CheckedFile:
    """Check every row; return the good records, or every bad row when there is one.

    `existing_units` maps unit code -> unit name of the units already known.
    """
    header = table.header
    total = len(table.rows)
    problems = mapping_problems(header=header, mapping=mapping)
    if problems:
        return CheckedFile(
            records=[],
            errors=[RowError(1, "", p) for p in problems],
            new_units={},
            warnings=[],
            total=total,
        )

    # (position, header, target, length limit or 0, attribute key or ""), people fields before attributes
    columns: list[tuple[int, str, str, int, str]] = sorted(
        (
            (
                i,
                name,
                target,
                (FIELDS.get(target) or ("", 0))[1] or 0,
                target[len(ATTRIBUTE_PREFIX) :].strip()
                if target.startswith(ATTRIBUTE_PREFIX)
                else "",
            )
            for i, name in enumerate(header)
            if (target := mapping.get(name, IGNORE))
        ),
        key=lambda c: bool(c[4]),
    )
    column_of = {target: name for _i, name, target, _limit, _key in columns}
    unit_by_name = {name.casefold(): code for code, name in existing_units.items()}
    known_codes = set(existing_units)
    new_units: dict[str, str] = {}
    records: list[PersonRecord] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    width = len(header)
    step = max(1000, total // 100)

    for index, (number, cells) in enumerate(table.rows):
        if progress is not None and index % step == 0:
            progress(index, total)
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        row_errors: list[RowError] = []
        record = PersonRecord(row=number, employee_id="")
        unit_code_cell: str | None = None
        unit_name_cell: str | None = None
        for i, name, target, limit, key in columns:
            text = cells[i]
            if key:
                record.attribute_updates[key] = attribute_value(text) if text else None
                continue
            if limit and len(text) > limit:
                row_errors.append(
                    RowError(number, name, f"is {len(text)} characters long; at most {limit} fit")
                )
                continue
            if target == "employee_id":
                if not text:
                    row_errors.append(
                        RowError(number, name, "is empty; every person needs an employee id")
                    )
                elif text in first_row_of:
                    row_errors.append(
                        RowError(
                            number,
                            name,
                            f"'{text}' is also on row {first_row_of[text]}; each person once",
                        )
                    )
                else:
                    first_row_of[text] = number
                record.employee_id = text
            elif target in ("first_name", "last_name"):
                if not text:
                    row_errors.append(
                        RowError(
                            number,
                            name,
                            f"is empty; write the person's {FIELDS[target][0].lower()}",
                        )
                    )
                record.values[target] = text
            elif target == "email":
                if text and not _EMAIL.match(text):
                    row_errors.append(
                        RowError(number, name, f"'{text}' is not a valid e-mail address")
                    )
                record.values["email"] = text.lower() if text else ""
            elif target == "start_date":
                if text:
                    try:
                        record.values["start_date"] = parse_date(text)
                    except ValueError:
                        row_errors.append(
                            RowError(
                                number, name, f"'{text}' is not a date; write it as YYYY-MM-DD"
                            )
                        )
                else:
                    record.values["start_date"] = None
            elif target == "skills":
                record.values["skills"] = split_skills(text)
            elif target == "attributes":
                if not text:
                    record.attributes = {}
                    continue
                try:
                    parsed = json.loads(text)
                except ValueError:
                    parsed = None
                if not isinstance(parsed, dict):
                    row_errors.append(
                        RowError(number, name, 'is not a JSON object like {"discipline": "sales"}')
                    )
                else:
                    record.attributes = parsed
            elif target == "unit_code":
                unit_code_cell = text
            elif target == "unit_name":
                unit_name_cell = text
            elif target == "manager_employee_id":
                record.manager_employee_id = text
            else:  # job_title, location
                record.values[target] = text

        if unit_code_cell is not None or unit_name_cell is not None:
            record.unit_code = _resolve_unit(
                code=unit_code_cell,
                name=unit_name_cell,
                known_codes=known_codes,
                unit_by_name=unit_by_name,
                new_units=new_units,
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            records.append(record)

    if progress is not None:
        progress(total, total)
    errors.extend(
        _manager_errors(
            records=records,
            column=column_of.get("manager_employee_id", ""),
            file_ids=set(first_row_of),
            existing=existing_employee_ids,
        )
    )
    if errors:
        records = []
        position = {name: i for i, name in enumerate(header)}
        errors.sort(key=lambda e: (e.row, position.get(e.column, -1)))
    return CheckedFile(
        records=records,
        errors=errors,
        new_units=new_units,
        warnings=mapping_warnings(header=header, mapping=mapping),
        total=total,
    )


def _resolve_unit(
    *,
    code: str | None,
    name: str | None,
    known_codes: set[str],
    unit_by_name: dict[str, str],
    new_units: dict[str, str],
) -> str:
    if code:
        if code not in known_codes and code not in new_units:
            new_units[code] = name or code
            unit_by_name.setdefault((name or code).casefold(), code)
        return code
    if name:
        found = unit_by_name.get(name.casefold())
        if found is None:
            found = unit_code_for(name, known_codes | set(new_units))
            new_units[found] = name
            unit_by_name[name.casefold()] = found
        return found
    return ""


def _manager_errors(
    *, records: list[PersonRecord], column: str, file_ids: set[str], existing: set[str]
) -> list[RowError]:
    """Managers must exist in the file or in Workshift, and a chain of managers in the file must not loop."""
    errors: list[RowError] = []
    manager_of: dict[str, str] = {}
    row_of: dict[str, int] = {}
    for record in records:
        boss = record.manager_employee_id
        if not boss:
            continue
        if boss == record.employee_id:
            errors.append(RowError(record.row, column, "a person cannot be their own manager"))
        elif boss not in file_ids and boss not in existing:
            errors.append(
                RowError(
                    record.row,
                    column,
                    f"no person with employee id '{boss}' in this file or in Workshift",
                )
            )
        else:
            manager_of[record.employee_id] = boss
            row_of[record.employee_id] = record.row
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in manager_of:
        path: list[str] = []
        current: str | None = start
        while current is not None and current in manager_of and state.get(current) != 2:
            if state.get(current) == 1:
                loop = path[path.index(current) :] + [current]
                errors.append(
                    RowError(
                        row_of[current], column, "the chain of managers loops: " + " -> ".join(loop)
                    )
                )
                break
            state[current] = 1
            path.append(current)
            current = manager_of.get(current)
        for eid in path:
            state[eid] = 2
    return errors


def manager_layers(*, records: list[PersonRecord], new_ids: set[str]) -> list[list[PersonRecord]]:
    """New people in layers so that each new person's manager is saved in an earlier layer."""
    by_id = {r.employee_id: r for r in records if r.employee_id in new_ids}
    depth: dict[str, int] = {}
    for eid in by_id:
        chain: list[str] = []
        current = eid
        while current in by_id and current not in depth and current not in chain:
            chain.append(current)
            boss = by_id[current].manager_employee_id
            if not boss or boss not in by_id:
                break
            current = boss
        base = depth.get(current, -1) if current not in chain else -1
        for offset, item in enumerate(reversed(chain)):
            depth[item] = base + 1 + offset
    layers: list[list[PersonRecord]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for eid, record in by_id.items():
        layers[depth[eid]].append(record)
    return layers
