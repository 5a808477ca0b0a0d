# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""Playbooks: versions pinned per pilot, steps ticked from the pilot's data or by hand, exports."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from django.urls import reverse

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)


def _titles(pilot, role: str, user) -> list[str]:
    from workshift.leadership.selectors import playbook_view

    return [r.step.title for r in playbook_view(pilot=pilot, role=role, user=user).rows]


def test_a_published_edit_reaches_new_pilots_while_a_running_one_keeps_its_version(
    pilot, users
) -> None:
    from workshift.leadership import services
    from workshift.pilots.models import Pilot

    # given: the running pilot started on version 1
    assert pilot.playbook.playbook.number == 1
    # when: the lead rewords a coach step, retires one, adds one, moves one, and publishes
    services.playbook_step_update(key="coach-metrics", title="Learn the frontline metrics by heart")
    services.playbook_step_retire(key="coach-story")
    services.playbook_step_add(
        role="coach",
        stage="act",
        title="Pair up with another coach",
        purpose="Two coaches see more than one.",
        minutes=30,
        link="coaches",
    )
    services.playbook_step_move(key="coach-obstacle", offset=-2)
    version = services.playbook_publish(user=users["lead"], note="Coaches learn the metrics first.")
    assert version.number == 2
    # then: a new pilot gets version 2, the running pilot keeps version 1
    fresh = Pilot.objects.create(name="Second pilot")
    assert fresh.playbook.playbook.number == 2
    pilot.refresh_from_db()
    assert pilot.playbook.playbook.number == 1
    new_titles = _titles(fresh, "coach", users["coach"])
    old_titles = _titles(pilot, "coach", users["coach"])
    assert "Learn the frontline metrics by heart" in new_titles
    assert "Know the frontline metrics" in old_titles
    assert "Share a story of change" in old_titles and "Share a story of change" not in new_titles
    assert "Pair up with another coach" in new_titles
    act = [
        t
        for t in new_titles
        if t
        in ("Help the group commit to a shared outcome", "Answer the first obstacle raised to you")
    ]
    assert act == [
        "Answer the first obstacle raised to you",
        "Help the group commit to a shared outcome",
    ]
    # and when the lead moves the running pilot on, it follows version 2
    services.pilot_playbook_move_on(pilot=pilot)
    assert _titles(pilot, "coach", users["coach"]) == new_titles


def test_a_step_ticks_itself_from_the_pilots_data(pilot, users, org) -> None:
    from workshift.leadership.selectors import playbook_view
    from workshift.pilots.models import Champion

    def state(key: str):
        rows = playbook_view(pilot=pilot, role="champion", user=users["champion"]).rows
        return next(r.state for r in rows if r.step.key == key)

    assert not state("champion-commit").done
    Champion.objects.create(
        pilot=pilot, person=org["people"]["champion"], committed_on=dt.date.today()
    )
    assert state("champion-commit").done and state("champion-commit").source == "data"
    assert not state("champion-vision").done


def test_a_hand_tick_follows_the_step_across_versions(client_for, pilot, users) -> None:
    from workshift.leadership import services
    from workshift.leadership.models import StepTick

    client = client_for("champion")
    url = reverse("leadership:playbook_tick", args=[pilot.pk])
    assert client.post(url, {"key": "champion-dashboard", "role": "champion"}).status_code == 302
    assert StepTick.objects.filter(pilot=pilot, key="champion-dashboard").exists()
    services.playbook_step_update(key="champion-dashboard", title="Read the dashboard on Mondays")
    services.playbook_publish(user=users["lead"], note="Mondays.")
    # the lead moves the pilot on; a member may not
    assert (
        client_for("member")
        .post(reverse("leadership:playbook_move_on", args=[pilot.pk]))
        .status_code
        == 403
    )
    assert (
        client_for("lead").post(reverse("leadership:playbook_move_on", args=[pilot.pk])).status_code
        == 302
    )
    page = client.get(
        reverse("leadership:playbook", args=[pilot.pk]) + "?role=champion"
    ).content.decode()
    assert "Read the dashboard on Mondays" in page
    assert "ticked by hand" in page


def test_a_step_with_a_check_cannot_be_ticked_by_hand_when_unknown(client_for, pilot) -> None:
    response = client_for("lead").post(
        reverse("leadership:playbook_tick", args=[pilot.pk]), {"key": "no-such-step"}
    )
    assert response.status_code == 302
    from workshift.leadership.models import StepTick

    assert not StepTick.objects.exists()


def test_only_leads_and_administrators_edit_the_default_playbooks(client_for) -> None:
    from workshift.leadership.models import PlaybookVersion

    url = reverse("leadership:playbooks")
    assert client_for("lead").get(url).status_code == 200
    assert client_for("champion").get(url).status_code == 200
    assert client_for("coach").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    edit = reverse("leadership:step_action", args=["coach-story", "retire"])
    assert client_for("champion").post(edit).status_code == 403
    assert not PlaybookVersion.objects.filter(number__isnull=True).exists()
    assert client_for("lead").post(edit).status_code == 302
    assert PlaybookVersion.objects.get(number__isnull=True).steps.get(key="coach-story").retired
    # a bad step is refused next to its field, nothing written
    bad = client_for("lead").post(
        reverse("leadership:step_add"),
        {
            "role": "coach",
            "stage": "act",
            "title": "",
            "purpose": "x",
            "minutes": "0",
            "link": "nowhere",
        },
    )
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "This field is required." in text and "Select a valid choice." in text
    # publishing needs a note, of at most 300 characters, kept in its field when refused
    silent = client_for("lead").post(reverse("leadership:publish"), {"note": ""})
    assert silent.status_code == 422
    assert "Say in a sentence what changed in this version." in silent.content.decode()
    long_note = "Coaches pair up. " * 30
    too_long = client_for("lead").post(reverse("leadership:publish"), {"note": long_note})
    assert too_long.status_code == 422
    assert "At most 300 characters (it has 509)." in too_long.content.decode()
    assert long_note.strip() in too_long.content.decode()
    assert PlaybookVersion.objects.filter(number__isnull=False).count() == 1


def test_a_playbook_exports_as_a_one_page_html_and_pdf(client_for, pilot, tmp_path) -> None:
    client = client_for("coach")
    html = client.get(reverse("leadership:playbook_export", args=[pilot.pk, "html"]))
    assert html.status_code == 200
    assert "Complete your shift to coach" in html.content.decode()
    pdf = client.get(reverse("leadership:playbook_export", args=[pilot.pk, "pdf"]) + "?role=lead")
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "playbook.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Assess the catalyst" in text
    pages = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.MULTILINE), "one page"
    assert (
        client_for("outsider")
        .get(reverse("leadership:playbook_export", args=[pilot.pk, "pdf"]))
        .status_code
        == 404
    )


def test_the_cli_exports_a_playbook(pilot, tmp_path, capsys) -> None:
    from workshift.cli import main

    html, pdf = tmp_path / "p.html", tmp_path / "p.pdf"
    code = main(
        [
            "playbook",
            "export",
            str(pilot.pk),
            "--role",
            "coach",
            "--html",
            str(html),
            "--pdf",
            str(pdf),
        ]
    )
    assert code == 0
    assert "Know the frontline metrics" in html.read_text()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["playbook", "export", "no such pilot", "--pdf", str(pdf)]) == 2
    assert "no pilot 'no such pilot'" in capsys.readouterr().err


def test_every_starter_step_links_to_a_real_page_and_names_a_known_check() -> None:
    from workshift.leadership.checks import CHECKS
    from workshift.leadership.links import LINKS, link_url
    from workshift.leadership.starter import STARTER_STEPS

    keys = [row[0] for row in STARTER_STEPS]
    assert len(keys) == len(set(keys))
    for key, _role, _stage, _title, _purpose, _minutes, link, check in STARTER_STEPS:
        assert link in LINKS, key
        assert not check or check in CHECKS, key
        assert link_url(key=link, pilot_id=1, workgroup_id=2).startswith("/"), key
        assert link_url(key=link, pilot_id=1, workgroup_id=None).startswith("/"), key
