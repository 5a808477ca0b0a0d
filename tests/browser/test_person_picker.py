"""Picking one person out of 100,000 by typing part of a name, with the keyboard only."""

from __future__ import annotations

from tests.browser.conftest import pick_person
from tests.conftest import PASSWORD

CROWD = 100_000
BATCH = 5_000


def _hundred_thousand_people(unit) -> None:
    from workshift.people.models import Person

    first = ["Ana", "Ben", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal"]
    last = ["Stone", "Rivers", "Hill", "Marsh", "Field", "Brook", "Wood", "Lake"]
    for start in range(0, CROWD, BATCH):
        Person.objects.bulk_create(
            [
                Person(
                    employee_id=f"X{i:06d}",
                    first_name=first[i % 8],
                    last_name=f"{last[(i // 8) % 8]}{i % 997}",
                    unit=unit,
                )
                for i in range(start, start + BATCH)
            ]
        )
    one = Person.objects.get(employee_id="X054321")
    one.first_name, one.last_name = "Philippa", "Quennell-Vasquez"
    one.save()


def test_a_lead_picks_one_person_out_of_100000_by_typing_part_of_a_name(
    page, live_server, login, shot, users, org, pilot
) -> None:
    from workshift.people.models import Person
    from workshift.pilots.models import Champion

    # given an organization of more than 100,000 people
    _hundred_thousand_people(org["units"]["FIN"])
    assert Person.objects.count() > CROWD
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/champion/")
    # the page holds no list of people
    assert page.locator("#id_person option").count() == 0
    # when the lead types part of her surname and chooses her with the keyboard
    pick_person(page, "person", "quenn", "Philippa Quennell-Vasquez")
    shot("person-picker-chosen")
    page.check("#id_is_c_level")
    page.fill("#id_vision", "Frontline specialists get time to learn and keep their jobs.")
    with page.expect_navigation():
        page.click("form.ws-form button[type=submit]")
    # then she is the pilot's champion
    assert Champion.objects.get(pilot=pilot).person.employee_id == "X054321"
    assert "Philippa Quennell-Vasquez" in page.content()
