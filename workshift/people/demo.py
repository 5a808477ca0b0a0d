"""Demo people: about 2,000 people of Harbor & Pine Financial, a regional financial services firm."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workshift.people.models import OrgUnit, Person

FIRST = """Amelia Noah Olivia Liam Sofia Mateo Aisha Omar Mei Wei Priya Arjun Fatima Yusuf Elena Luca Chloe Ethan
Grace Daniel Hana Kenji Zara Ibrahim Lucia Diego Nora Samuel Ava Lucas Maya Leo Ines Tomas Leila Karim Sara David
Emma Jonas Ana Pedro Julia Marco Nadia Ali Rosa Felix Clara Hugo Irene Victor Lena Oscar Mira Jamal Alice Ben Chiara
Raj Anika Kofi Ama Tariq Yara Sven Freya Ewa Piotr Marta Rui Joana Dmitri Olga Tunde Ngozi Carmen Pablo Lin Jun""".split()
LAST = """Smith Garcia Chen Patel Okafor Nguyen Kowalski Rossi Silva Kim Haddad Johansson Murphy Dubois Schmidt Novak
Santos Ahmed Tanaka Williams Brown Martin Lopez Ivanova Mensah Costa Fischer Jensen Hughes Ali Sato Moreau Romero
Khan Reyes Park Andersen Weber Cohen Bianchi Mazur Oliveira Kaur Takahashi Walsh Clarke Diaz Petrov Osei Yilmaz
Horvat Larsen Brennan Singh Farouk Laurent Moreno Baker Wright Ortiz""".split()
LANGUAGES = [
    "English",
    "Spanish",
    "Polish",
    "Mandarin",
    "Arabic",
    "Hindi",
    "Portuguese",
    "French",
    "Tagalog",
    "Vietnamese",
]
LOCATIONS = ["Harbor City", "Pine Falls", "Eastbrook", "Westmere", "North Quay", "Riverside"]

# A unit: "code | name | kind | parent" ("-" for none); under it, indented, its roles:
# "job title | count | discipline | skills, comma-separated".
ORG_TABLE = """
HPF | Harbor & Pine Financial | company | -
    Chief Executive Officer | 1 | leadership | strategy
    Chief Operating Officer | 1 | leadership | operations, strategy
    Chief Financial Officer | 1 | leadership | finance, strategy
RB | Retail Banking | business_unit | HPF
    Head of Retail Banking | 1 | leadership | sales, strategy
CC | Contact Center | business_unit | HPF
    Director, Contact Center | 1 | leadership | operations, coaching
CC-COL | Collections and Recovery | team | CC
    Collections Supervisor | 6 | collections | coaching, collections, negotiation
    Collections Specialist | 110 | collections | collections, negotiation, empathy
    Quality Analyst | 6 | quality | quality assurance, call review
CC-CARE | Customer Care | team | CC
    Customer Care Supervisor | 8 | customer care | coaching, customer care
    Customer Care Agent | 220 | customer care | customer care, complaints, empathy
    Workforce Planner | 5 | planning | forecasting, scheduling, excel
CC-DIG | Digital Support | team | CC
    Digital Support Lead | 3 | digital | coaching, chat support
    Digital Support Agent | 45 | digital | chat support, mobile app, troubleshooting
FIN | Finance | function | HPF
    Finance Director | 1 | leadership | finance, controls
FIN-AR | Accounts Receivable | team | FIN
    AR Supervisor | 4 | accounting | coaching, reconciliation
    AR Specialist | 70 | accounting | reconciliation, invoicing, excel
FIN-FPA | FP&A | team | FIN
    FP&A Manager | 2 | analytics | forecasting, modeling
    Financial Analyst | 28 | analytics | forecasting, modeling, sql, excel
IT | Information Technology | function | HPF
    Chief Information Officer | 1 | leadership | architecture, strategy
IT-APP | Application Development | team | IT
    Engineering Manager | 5 | engineering | coaching, python, architecture
    Software Engineer | 90 | engineering | python, java, sql, automation
IT-DATA | Data and Analytics | team | IT
    Data Manager | 2 | data | sql, coaching
    Data Analyst | 35 | data | sql, python, dashboards, statistics
IT-OPS | IT Operations | team | IT
    IT Operations Manager | 3 | engineering | coaching, infrastructure
    Systems Administrator | 55 | engineering | infrastructure, automation, security
HR | People and Culture | function | HPF
    Chief People Officer | 1 | leadership | change management, strategy
    Transformation Lead | 2 | hr | change management, facilitation, coaching
    HR Business Partner | 18 | hr | employee relations, facilitation
    Learning Specialist | 12 | hr | training, facilitation
OPS | Loan Operations | business_unit | HPF
    Head of Loan Operations | 1 | leadership | operations
OPS-SVC | Loan Servicing | team | OPS
    Servicing Supervisor | 8 | operations | coaching, loan servicing
    Servicing Specialist | 190 | operations | loan servicing, documentation, excel
OPS-CARD | Card Services | team | OPS
    Card Services Supervisor | 4 | operations | coaching, cards
    Card Services Specialist | 140 | operations | cards, disputes, fraud checks
HR-PAY | Payroll and Benefits | team | HR
    Payroll Specialist | 20 | hr | payroll, excel
RISK | Risk and Compliance | function | HPF
    Chief Risk Officer | 1 | leadership | risk, controls
    Compliance Officer | 40 | risk | compliance, controls, audit
    Risk Analyst | 30 | risk | statistics, risk, sql
"""


def _org(
    table: str,
) -> list[tuple[str, str, str, str | None, list[tuple[str, int, str, list[str]]]]]:
    units: list[tuple[str, str, str, str | None, list[tuple[str, int, str, list[str]]]]] = []
    for line in table.strip("\n").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if line.startswith(" "):
            title, count, discipline, skills = cells
            units[-1][4].append((title, int(count), discipline, skills.split(", ")))
        else:
            code, name, kind, parent = cells
            units.append((code, name, kind, None if parent == "-" else parent, []))
    return units


ORG = _org(ORG_TABLE)
REGIONS = [
    ("RB-N", "Retail North"),
    ("RB-S", "Retail South"),
    ("RB-E", "Retail East"),
    ("RB-W", "Retail West"),
]
BRANCH_STAFF = [
    ("Branch Manager", 1, "branch", ["coaching", "sales"]),
    ("Personal Banker", 14, "branch", ["sales", "lending", "customer care"]),
    ("Teller", 11, "branch", ["cash handling", "customer care"]),
    ("Mortgage Advisor", 4, "branch", ["lending", "mortgages"]),
]


def _tenure_band(start: dt.date, today: dt.date) -> str:
    years = (today - start).days / 365.25
    return (
        "<2 years"
        if years < 2
        else "2-5 years"
        if years < 5
        else "5-10 years"
        if years < 10
        else "10+ years"
    )


def load(*, ctx: Any) -> None:
    rng, today = ctx.rng, ctx.today
    structure = list(ORG)
    for code, name in REGIONS:
        structure.append(
            (
                code,
                name,
                "region",
                "RB",
                [("Regional Director", 1, "leadership", ["sales", "coaching"])],
            )
        )
        for b in range(1, 7):
            town = rng.choice(LOCATIONS)
            structure.append(
                (f"{code}-{b:02d}", f"{town} Branch {code[-1]}{b}", "branch", code, BRANCH_STAFF)
            )
    units: dict[str, OrgUnit] = {}
    for code, name, kind, parent, _ in structure:
        units[code] = OrgUnit.objects.create(
            code=code, name=name, kind=kind, parent=units.get(parent) if parent else None
        )

    people: list[Person] = []
    heads: dict[str, Person] = {}
    counter = 1000
    for code, _name, _kind, _parent, roles in structure:
        location = rng.choice(LOCATIONS)
        for title, count, discipline, skills in roles:
            for _ in range(count):
                counter += 1
                first, last = rng.choice(FIRST), rng.choice(LAST)
                start = today - dt.timedelta(days=rng.randint(60, 365 * 22))
                langs = ["English"] + ([rng.choice(LANGUAGES[1:])] if rng.random() < 0.35 else [])
                extra = rng.sample(
                    [
                        "excel",
                        "sql",
                        "python",
                        "facilitation",
                        "design thinking",
                        "lean",
                        "negotiation",
                        "coaching",
                        "data visualization",
                        "customer research",
                    ],
                    k=rng.randint(0, 2),
                )
                person = Person(
                    employee_id=f"E{counter:05d}",
                    first_name=first,
                    last_name=last,
                    email=f"{first}.{last}.{counter}@harborpine.example".lower(),
                    unit=units[code],
                    job_title=title,
                    location=location,
                    start_date=start,
                    skills=sorted(set(skills) | set(extra)),
                    attributes={
                        "discipline": discipline,
                        "tenure_band": _tenure_band(start, today),
                        "languages": "; ".join(langs),
                        "shift": rng.choice(["day", "day", "evening", "flex"])
                        if code.startswith("CC")
                        else "day",
                    },
                )
                people.append(person)
                if code not in heads:
                    heads[code] = person
    Person.objects.bulk_create(people, batch_size=1000)
    # managers: the first person of a unit heads it; others report to their unit's head,
    # heads report to the head of the parent unit.
    parent_of = {code: parent for code, _n, _k, parent, _r in structure}
    by_unit: dict[str, list[Person]] = {}
    for person in people:
        by_unit.setdefault(person.unit.code, []).append(person)  # type: ignore[union-attr]
    for code, members in by_unit.items():
        head = heads[code]
        supervisors = [
            p
            for p in members
            if "Supervisor" in p.job_title or "Lead" in p.job_title or "Manager" in p.job_title
        ]
        for person in members:
            if person is head:
                up = parent_of[code]
                person.manager = heads.get(up) if up else None
            elif supervisors and person not in supervisors and code not in ("HPF",):
                person.manager = supervisors[int(person.employee_id[1:]) % len(supervisors)]
            else:
                person.manager = head
    Person.objects.bulk_update(people, ["manager"], batch_size=1000)
    for code, unit in units.items():
        unit.head = heads.get(code)
    OrgUnit.objects.bulk_update(list(units.values()), ["head"])

    def first_with(title: str) -> Person:
        return next(p for p in people if p.job_title == title)

    collections = by_unit["CC-COL"]
    ctx.data["units"] = units
    ctx.data["people"] = people
    ctx.data["cast"] = {
        "administrator": first_with("Systems Administrator"),
        "lead": first_with("Transformation Lead"),
        "champion": first_with("Chief Operating Officer"),
        "coach": first_with("Collections Supervisor"),
        "member": next(p for p in collections if p.job_title == "Collections Specialist"),
        "manager": first_with("Director, Contact Center"),
    }
