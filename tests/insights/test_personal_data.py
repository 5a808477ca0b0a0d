"""Personal data: export everything about one person; erase them everywhere (CLI and admin pages)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from workshift.cli import main

NAME_PARTS = ("zebedee", "quixotica", "zq-7781", "zeb.quix", "zquix")


@pytest.fixture
def zebedee(org: dict[str, Any], users: dict[str, Any], pilot: Any, crew: dict[str, Any]) -> Any:
    """Max renamed to a name found nowhere else, with records in every phase."""
    from workshift.conditions.models import Application, VolunteerCall
    from workshift.impact.models import Obstacle, Reflection
    from workshift.insights.models import PulseResponse, Story, StoryPerson
    from workshift.insights.services import pulse_round_create
    from workshift.people.models import ImportJob

    person = org["people"]["member"]
    person.employee_id, person.first_name, person.last_name = "ZQ-7781", "Zebedee", "Quixotica"
    person.email = "zeb.quix@example.com"
    person.save()  # audited: the audit log now holds the name
    user = users["member"]
    user.username, user.email = "zquix", "zeb.quix@example.com"
    user.save()
    today = dt.date.today()
    north = crew["north"]
    pulse = pulse_round_create(pilot=pilot, opens_on=today - dt.timedelta(days=3), closes_on=today)
    PulseResponse.objects.create(
        round=pulse, person=person, questing=4, connecting=4, impact=3, safety=5, workload=2,
        balance=3, comment="Zebedee here: too many calls",
    )  # fmt: skip
    for specialist in crew["specialists"][:5]:
        PulseResponse.objects.create(
            round=pulse, person=specialist, questing=3, connecting=3, impact=3, safety=3,
            workload=3, balance=3,
        )  # fmt: skip
    private = Story.objects.create(
        pilot=pilot, author=person, title="Zebedee's first week", before="b", what_happened="w",
        after="a", author_consents=False,
    )  # fmt: skip
    shared = Story.objects.create(
        pilot=pilot, author=person, title="Promises kept", before="Quixotica saw a pattern",
        what_happened="w", after="a", author_consents=True,
    )  # fmt: skip
    about = Story.objects.create(
        pilot=pilot, author=org["people"]["coach"], title="A coach's story", before="b",
        what_happened="Zebedee Quixotica called back", after="a", author_consents=True,
    )  # fmt: skip
    StoryPerson.objects.create(story=about, person=person, consent=None)
    call = VolunteerCall.objects.create(
        pilot=pilot, title="Join us", message="m", deadline=today, token="tok-zq"
    )
    Application.objects.create(
        call=call, person=person, why="I am Zebedee", problem="p", availability="Mondays"
    )
    Reflection.objects.create(
        workgroup=north, author=user, happened="Zebedee Quixotica tried the script"
    )
    Obstacle.objects.create(
        workgroup=north, title="Access", description="zeb.quix@example.com has no access",
        kind="access", raised_by=user, due_date=today,
    )  # fmt: skip
    ImportJob.objects.create(
        created_by=users["lead"], file=b"employee_id,first_name\nZQ-7781,Zebedee\n",
        file_name="hr.csv", status="done",
    )  # fmt: skip
    return {"person": person, "user": user, "private": private, "shared": shared, "about": about}


def _database_dump() -> str:
    """Every row of every table as text (binary columns decoded), lower-cased."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "replace")
                    parts.append(str(value))
    return "\n".join(parts).lower()


def test_the_export_holds_everything_stored_about_the_person_and_is_audited(
    zebedee: Any, tmp_path: Path
) -> None:
    from workshift.core.models import AuditEntry

    target = tmp_path / "person.json"
    assert main(["person", "export", "ZQ-7781", "--output", str(target)]) == 0
    data = json.loads(target.read_text())
    assert data["person"]["first_name"] == "Zebedee"
    assert data["login"]["username"] == "zquix"
    assert "password" not in data["login"]
    records = data["records"]
    for label in (
        "insights.PulseResponse",
        "insights.Story",
        "insights.StoryPerson",
        "conditions.Application",
        "conditions.WorkgroupMember",
        "impact.Reflection",
        "impact.Obstacle",
        "pilots.PilotMember",
    ):
        assert label in records, label
    assert records["insights.PulseResponse"][0]["comment"] == "Zebedee here: too many calls"
    assert data["audit_entries_about_them"]
    assert AuditEntry.objects.filter(action="export", object_id=str(zebedee["person"].pk)).exists()


def test_after_erase_the_name_is_nowhere_in_the_database_and_the_counts_hold(
    zebedee: Any,
) -> None:
    from workshift.conditions.models import WorkgroupMember
    from workshift.core.models import AuditEntry
    from workshift.insights.models import PulseResponse, Story
    from workshift.people.models import Person

    person = zebedee["person"]
    assert all(part in _database_dump() for part in NAME_PARTS)
    audit_before = AuditEntry.objects.filter(model="people.Person", object_id=str(person.pk))
    events_before = sorted(audit_before.values_list("action", "at"))
    # when the person is erased from the command line
    assert main(["person", "erase", "ZQ-7781", "--yes"]) == 0
    # then the name, e-mail, employee id and login appear nowhere
    dump = _database_dump()
    for part in NAME_PARTS:
        assert part not in dump, part
    # their pulse answer still counts, without its comment
    answers = PulseResponse.objects.filter(round__pilot=zebedee["private"].pilot)
    assert answers.count() == 6
    assert answers.get(person=person).comment == ""
    # their group membership still counts, as an erased person
    assert WorkgroupMember.objects.filter(person=person).exists()
    assert Person.objects.get(pk=person.pk).first_name == "Erased"
    # stories without their consent are gone; the one they shared stays, without the name
    assert not Story.objects.filter(pk=zebedee["private"].pk).exists()
    assert not Story.objects.filter(pk=zebedee["about"].pk).exists()
    shared = Story.objects.get(pk=zebedee["shared"].pk)
    assert shared.author is None and "[erased]" in shared.before
    # the audit log keeps the events, not the name, and records the erasure
    events_after = sorted(
        AuditEntry.objects.filter(model="people.Person", object_id=str(person.pk))
        .exclude(action="erase")
        .values_list("action", "at")
    )
    assert events_after == events_before
    assert AuditEntry.objects.filter(action="erase", object_id=str(person.pk)).exists()
    # and the login is closed
    zebedee["user"].refresh_from_db()
    assert not zebedee["user"].is_active and not zebedee["user"].has_usable_password()


def test_only_an_administrator_exports_or_erases_from_the_person_page(
    zebedee: Any, client_for: Any
) -> None:
    from workshift.people.models import Person

    pk = zebedee["person"].pk
    for role in ("lead", "champion", "manager", "member", "outsider"):
        client = client_for(role)
        assert client.get(f"/people/{pk}/personal-data/").status_code in (403, 404), role
        assert client.post(f"/people/{pk}/erase/", {"confirm": "ZQ-7781"}).status_code in (403, 404)
    assert client_for("anonymous").get(f"/people/{pk}/erase/").status_code == 302
    admin = client_for("administrator")
    page = admin.get(f"/people/{pk}/").content.decode()
    assert "Download personal data (JSON)" in page and "Erase this person" in page
    download = admin.get(f"/people/{pk}/personal-data/")
    assert download.status_code == 200
    assert download.json()["person"]["employee_id"] == "ZQ-7781"
    # a wrong confirmation erases nothing and says what to type
    wrong = admin.post(f"/people/{pk}/erase/", {"confirm": "nope"})
    assert wrong.status_code == 422
    assert "Type the employee id ZQ-7781 to confirm." in wrong.content.decode()
    assert Person.objects.get(pk=pk).first_name == "Zebedee"
    done = admin.post(f"/people/{pk}/erase/", {"confirm": "ZQ-7781"})
    assert done.status_code == 302
    assert Person.objects.get(pk=pk).first_name == "Erased"


def test_pulse_comments_older_than_the_retention_are_cleared(zebedee: Any, settings: Any) -> None:
    from django.utils import timezone

    from workshift.insights.models import PulseResponse

    answer = PulseResponse.objects.get(person=zebedee["person"])
    PulseResponse.objects.filter(pk=answer.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=400)
    )
    fresh = PulseResponse.objects.exclude(pk=answer.pk).first()
    PulseResponse.objects.filter(pk=fresh.pk).update(comment="recent")
    settings.PULSE_TEXT_RETENTION_DAYS = 365
    assert main(["prune-pulse-text"]) == 0
    answer.refresh_from_db()
    fresh.refresh_from_db()
    assert answer.comment == "" and answer.questing == 4  # the scores stay
    assert fresh.comment == "recent"
