"""Choosing whom to group and their coaches, and the people in a story, by typing part of a name."""

from __future__ import annotations

from tests.browser.conftest import pick_person
from tests.conftest import PASSWORD


def test_a_lead_forms_workgroups_of_some_volunteers_with_coaches_in_order(
    page, live_server, login, shot, pilot, org, volunteers, immediate_tasks
) -> None:
    from workshift.conditions.models import FormationRun
    from workshift.people.models import Person

    sam = Person.objects.create(
        employee_id="S0001",
        first_name="Sam",
        last_name="Super",
        unit=org["units"]["CC-COL"],
        job_title="Team Supervisor",
    )
    login("lena", PASSWORD)
    page.goto(f"{live_server.url}/conditions/pilots/{pilot.pk}/form/workgroups/")
    # everyone selected is the default, and nobody is listed
    assert page.is_checked("#id_everyone") and page.locator("#id_people").is_hidden()
    # when the lead unticks it and picks six of the volunteers
    page.uncheck("#id_everyone")
    assert page.locator("#id_people").is_visible()
    chosen = volunteers["selected"][1:7]
    for person in chosen:
        pick_person(page, "people", person.employee_id, person.full_name)
    # an applicant who was not selected is not offered
    box = page.locator("#id_people")
    with page.expect_response(lambda r: "/people/?" in r.url and "q=" in r.url):
        box.type(volunteers["people"][30].employee_id, delay=30)
    page.wait_for_selector("#id_people_options:has-text('Nobody matches')")
    box.fill("")
    # two groups of three, Sam coaching the first and Cora the second
    page.fill("#id_groups", "2")
    page.fill("#id_min_size", "3")
    page.fill("#id_max_size", "3")
    pick_person(page, "coaches", "sup", "Sam Super")
    pick_person(page, "coaches", "cora", "Cora Coach")
    page.fill("#id_seconds", "0.5")
    shot("formation-pickers")
    page.get_by_role("button", name="Form workgroups").click()
    page.wait_for_selector("#score-value")
    # then the run groups those six, with the coaches in the order chosen
    assert page.locator(".ws-drop").count() == 2 and page.locator(".ws-person").count() == 6
    settings = FormationRun.objects.get().formation_settings
    assert settings.people == tuple(sorted(p.pk for p in chosen))
    assert settings.coaches == (sam.pk, org["people"]["coach"].pk)


def test_a_member_names_a_colleague_in_a_story(page, live_server, login, shot, pilot, org) -> None:
    from workshift.conditions.models import Workgroup, WorkgroupMember
    from workshift.insights.models import Story

    north = Workgroup.objects.create(pilot=pilot, name="North", coach=org["people"]["coach"])
    for person in [org["people"]["member"], *org["colleagues"]]:
        WorkgroupMember.objects.create(workgroup=north, person=person)
    login("max", PASSWORD)
    page.goto(f"{live_server.url}/insights/pilots/{pilot.pk}/stories/")
    page.fill("#id_title", "Kept a customer")
    page.fill("#id_before", "Three calls a week about the same debt.")
    page.fill("#id_what_happened", "We agreed a plan on the first call.")
    page.fill("#id_after", "One call, and the customer stayed.")
    pick_person(page, "involved", "colleague2", "Colleague2 Collections")
    page.check("#id_author_consents")
    shot("story-picker")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the story").click()
    story = Story.objects.get()
    assert [i.person for i in story.involved.all()] == [org["colleagues"][2]]
