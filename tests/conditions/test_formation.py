"""Forming workgroups and cells: runs, the engine's messages, live rescoring, confirmation and conflicts."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from workshift.conditions import enqueue, services
from workshift.conditions.models import Cell, Formation, FormationRun, Workgroup, WorkgroupMember
from workshift.conditions.services import formation as formation_services
from workshift.core.concurrency import EditConflict
from workshift.engine.grouping import random_assignment, score_assignment


def _form_data(settings, **overrides):
    data = {
        "people": [str(p) for p in settings.people],
        "groups": settings.groups,
        "min_size": settings.min_size,
        "max_size": settings.max_size,
        "seconds": 0.3,
        **{f"w_{k}": w for k, w in settings.weights.items()},
    }
    data.update(overrides)
    return data


def _proposed(run, moves=None):
    proposed = dict(zip(run.result["people"], run.result["assignment"], strict=True))
    proposed.update(moves or {})
    return proposed


def test_the_formation_page_suggests_balanced_groups_from_the_selected_volunteers(
    client_for, pilot, volunteers
) -> None:
    response = client_for("lead").get(
        reverse("conditions:formation", args=[pilot.pk, "workgroups"])
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["everyone"] is True and form.initial["people"] == []
    assert b"Everyone selected in the volunteer call (24 people)" in response.content
    assert (form.initial["groups"], form.initial["min_size"], form.initial["max_size"]) == (4, 6, 6)
    assert b"one is no proof" in response.content


def test_it_forms_workgroups_through_a_background_run(
    client_for, pilot, volunteers, workgroup_settings, immediate_tasks
) -> None:
    # when the lead starts a run with the suggested settings
    response = client_for("lead").post(
        reverse("conditions:formation", args=[pilot.pk, "workgroups"]),
        _form_data(workgroup_settings),
    )
    # then the run is stored with its settings and result, and the page shows the groups
    run = FormationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "conditions:run", args=[pilot.pk, run.pk]
    )
    assert run.status == "done" and run.progress == 1.0
    assert sorted(np.bincount(run.result["assignment"]).tolist()) == [6, 6, 6, 6]
    page = client_for("lead").get(response["Location"])
    assert page.status_code == 200
    assert b"diversity score" in page.content and page.content.count(b'draggable="true"') == 24


def test_it_shows_the_engines_message_and_keeps_the_settings_when_sizes_cannot_be_met(
    client_for, pilot, volunteers, workgroup_settings, immediate_tasks, engine_message
) -> None:
    # given 20 volunteers asked into 4 groups of at least 6
    data = _form_data(
        workgroup_settings,
        people=[str(p) for p in workgroup_settings.people[:20]],
        min_size=6,
        max_size=8,
        together=f"{volunteers['people'][0].employee_id}, {volunteers['people'][1].employee_id}",
    )
    response = client_for("lead").post(
        reverse("conditions:formation", args=[pilot.pk, "workgroups"]), data
    )
    # then nothing runs, the engine's words are shown and the lead's input is kept
    assert response.status_code == 400
    assert FormationRun.objects.count() == 0
    assert response.context["engine_error"] == engine_message(
        n=20, groups=4, min_size=6, max_size=8
    )
    assert "20 people" in response.context["engine_error"]
    assert b"These settings cannot be met" in response.content
    form = response.context["form"]
    assert form["min_size"].value() == "6" and form["max_size"].value() == "8"
    assert len(form["people"].value()) == 20
    assert volunteers["people"][0].employee_id in form["together"].value()


def test_a_failed_run_keeps_its_settings_for_the_next_attempt(
    client_for, pilot, volunteers, workgroup_settings, users
) -> None:
    # given a run that failed in the worker (the group count was changed after the check)
    run = FormationRun.objects.create(
        pilot=pilot,
        kind="workgroups",
        settings=workgroup_settings.replace(groups=9, text={"names": "A\nB"}).to_json(),
        status="queued",
    )
    services.formation_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "cannot fill" in run.error
    # when the lead goes back to the settings
    response = client_for("lead").get(
        reverse("conditions:formation", args=[pilot.pk, "workgroups"]) + f"?from_run={run.pk}"
    )
    assert response.context["engine_error"] == run.error
    assert response.context["form"]["groups"].value() == 9
    assert response.context["form"]["names"].value() == "A\nB"


def test_it_refuses_malformed_constraints_at_the_field(
    client_for, pilot, volunteers, workgroup_settings
) -> None:
    data = _form_data(workgroup_settings, apart="E-NOBODY, V0001", locked="V0001 = 9")
    response = client_for("lead").post(
        reverse("conditions:formation", args=[pilot.pk, "workgroups"]), data
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "E-NOBODY is not among the chosen people" in errors["apart"][0]
    assert "group number must be 1 to 4" in errors["locked"][0]


def test_moving_one_person_changes_the_score_live(client_for, pilot, done_run) -> None:
    # given a formed run; when one person is moved to another group (and one back, keeping sizes)
    a, b = (
        done_run.result["people"][0],
        next(
            p
            for p, g in zip(done_run.result["people"], done_run.result["assignment"], strict=True)
            if g != done_run.result["assignment"][0]
        ),
    )
    ga, gb = (
        done_run.result["assignment"][0],
        dict(zip(done_run.result["people"], done_run.result["assignment"], strict=True))[b],
    )
    post = {f"p_{pid}": g for pid, g in _proposed(done_run, {a: gb, b: ga}).items()}
    response = client_for("lead").post(
        reverse("conditions:run_rescore", args=[pilot.pk, done_run.pk]), post
    )
    # then the endpoint answers with the new score, computed by the engine
    assert response.status_code == 200
    problem = services.formation_problem(
        pilot=pilot, kind="workgroups", settings=done_run.formation_settings
    )
    expected = score_assignment(
        assignment=[_proposed(done_run, {a: gb, b: ga})[p] for p in done_run.result["people"]],
        attributes=problem.attributes,
    )
    assert response.context["score"] == pytest.approx(expected)
    assert expected != pytest.approx(done_run.result["score"])


def test_rescoring_warns_when_a_move_breaks_the_size_rules(client_for, pilot, done_run) -> None:
    post = {f"p_{pid}": 0 for pid in done_run.result["people"]}
    response = client_for("lead").post(
        reverse("conditions:run_rescore", args=[pilot.pk, done_run.pk]), post
    )
    assert b"has 24 people (allowed 3-15)" in response.content


def test_confirming_saves_workgroups_and_members(client_for, pilot, done_run, users) -> None:
    post = {f"p_{pid}": g for pid, g in _proposed(done_run).items()}
    response = client_for("lead").post(
        reverse("conditions:run_confirm", args=[pilot.pk, done_run.pk]),
        {**post, "expected_version": 1},
    )
    assert response.status_code == 302
    groups = list(Workgroup.objects.filter(pilot=pilot))
    assert len(groups) == 4 and WorkgroupMember.objects.filter(workgroup__pilot=pilot).count() == 24
    formation = Formation.objects.get(pilot=pilot, kind="workgroups")
    assert formation.version == 2 and formation.confirmed_by == users["lead"]


def test_the_second_of_two_people_confirming_different_versions_is_told_and_nothing_is_overwritten(
    client_for, pilot, done_run
) -> None:
    # given the lead and the champion both opened the same proposal (version 1)
    people, assignment = done_run.result["people"], done_run.result["assignment"]
    other = next(i for i, g in enumerate(assignment) if g != assignment[0])
    lead_version = {f"p_{pid}": g for pid, g in _proposed(done_run).items()}
    champion_version = {
        f"p_{pid}": g
        for pid, g in _proposed(
            done_run, {people[0]: assignment[other], people[other]: assignment[0]}
        ).items()
    }
    url = reverse("conditions:run_confirm", args=[pilot.pk, done_run.pk])
    # when the lead confirms first, then the champion
    assert client_for("lead").post(url, {**lead_version, "expected_version": 1}).status_code == 302
    saved = set(WorkgroupMember.objects.values_list("workgroup__name", "person_id"))
    response = client_for("champion").post(url, {**champion_version, "expected_version": 1})
    # then the champion is told, keeps their edit on screen, and the lead's version stands
    assert response.status_code == 409
    assert b"confirmed another version" in response.content
    assert set(WorkgroupMember.objects.values_list("workgroup__name", "person_id")) == saved
    assert Formation.objects.get(pilot=pilot, kind="workgroups").version == 2
    assert f'id="p_{people[0]}"'.encode() in response.content
    board = response.context["columns"]
    assert any(
        people[0] in [p.pk for p in col["people"]] and col["index"] == assignment[other]
        for col in board
    )


def test_the_service_refuses_a_stale_confirmation(pilot, done_run, users) -> None:
    services.formation_confirm(
        run=done_run, proposed=_proposed(done_run), expected_version=1, user=users["lead"]
    )
    with pytest.raises(EditConflict):
        services.formation_confirm(
            run=done_run, proposed=_proposed(done_run), expected_version=1, user=users["champion"]
        )


def test_reconfirming_updates_the_same_workgroups(pilot, done_run, users) -> None:
    services.formation_confirm(
        run=done_run, proposed=_proposed(done_run), expected_version=1, user=users["lead"]
    )
    ids = set(Workgroup.objects.values_list("pk", flat=True))
    people, assignment = done_run.result["people"], done_run.result["assignment"]
    other = next(i for i, g in enumerate(assignment) if g != assignment[0])
    services.formation_confirm(
        run=done_run,
        proposed=_proposed(done_run, {people[0]: assignment[other], people[other]: assignment[0]}),
        expected_version=2,
        user=users["lead"],
    )
    assert set(Workgroup.objects.values_list("pk", flat=True)) == ids
    assert (
        WorkgroupMember.objects.get(person_id=people[0]).workgroup_id
        == Formation.objects.get(kind="workgroups").group_ids[assignment[other]]
    )


def test_formed_groups_beat_a_random_split_by_a_clear_margin(
    pilot, volunteers, workgroup_settings
) -> None:
    # given the demo-like pool and the suggested settings
    problem = services.formation_problem(
        pilot=pilot, kind="workgroups", settings=workgroup_settings
    )
    found = formation_services._engine_form(problem=problem, seconds=0.5, seed=1, progress=None)
    # when compared with 100 random feasible splits
    randoms = [
        score_assignment(
            assignment=random_assignment(groups=problem.bounds, n=24, seed=s),
            attributes=problem.attributes,
        )
        for s in range(100)
    ]
    # then the formed groups score well above their mean, and above every one of them
    mean, std = float(np.mean(randoms)), float(np.std(randoms))
    assert found.objective > mean + 3 * std
    assert found.objective >= 1.05 * mean
    assert found.objective >= max(randoms)


def test_cells_spread_the_members_of_each_workgroup(
    pilot, done_run, users, immediate_tasks
) -> None:
    services.formation_confirm(
        run=done_run, proposed=_proposed(done_run), expected_version=1, user=users["lead"]
    )
    members = formation_services._people_in_order(
        sorted(WorkgroupMember.objects.values_list("person_id", flat=True))
    )
    settings = services.formation_defaults(kind="cells", people=members).replace(
        groups=3, min_size=8, max_size=8, seconds=0.3
    )
    run = services.formation_start(
        pilot=pilot,
        kind="cells",
        settings=settings,
        user=users["lead"],
        enqueue=enqueue.formation_run,
    )
    assert run.status == "done"
    services.formation_confirm(
        run=run, proposed=_proposed(run), expected_version=1, user=users["lead"]
    )
    assert Cell.objects.filter(pilot=pilot).count() == 3
    wg_of = dict(WorkgroupMember.objects.values_list("person_id", "workgroup_id"))
    for cell in Cell.objects.all():
        counts = {}
        for pid in cell.memberships.values_list("person_id", flat=True):
            counts[wg_of[pid]] = counts.get(wg_of[pid], 0) + 1
        assert max(counts.values()) <= 2  # 6 per workgroup over 3 cells


def test_a_team_can_be_repurposed_as_a_workgroup(client_for, pilot, org) -> None:
    response = client_for("lead").post(
        reverse("conditions:formation_team", args=[pilot.pk]), {"unit": org["units"]["CC-COL"].pk}
    )
    assert response.status_code == 302
    group = Workgroup.objects.get(pilot=pilot)
    assert group.name == "Collections" and group.memberships.count() >= 5


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_formation(
    pilot, volunteers, workgroup_settings, users, settings
) -> None:
    # given the database task backend
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    run = services.formation_start(
        pilot=pilot,
        kind="workgroups",
        settings=workgroup_settings,
        user=users["lead"],
        enqueue=enqueue.formation_run,
    )
    assert run.status == "queued"
    # when a worker processes the queue
    call_command("db_worker", batch=True, stdout=io.StringIO(), stderr=io.StringIO())
    # then the run is done and its result stored
    run.refresh_from_db()
    assert run.status == "done"
    assert len(run.result["assignment"]) == 24 and run.result["random_mean"] > 0


def test_the_cli_forms_groups_with_a_progress_bar_and_prints_them(
    pilot, volunteers, capsys
) -> None:
    from workshift.cli import main

    code = main(["form-groups", pilot.name, "--seconds", "0.3"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Workgroup 1 (6)" in out and "random split" in out
    assert FormationRun.objects.get().status == "done"


def test_the_cli_names_an_unknown_pilot(db, capsys) -> None:
    from workshift.cli import main

    assert main(["form-groups", "No such pilot"]) == 2
    assert "No pilot" in capsys.readouterr().out


def test_the_page_polls_a_queued_run_and_refreshes_when_it_is_done(
    client_for, pilot, workgroup_settings, users
) -> None:
    # given a queued run (no worker yet)
    run = FormationRun.objects.create(
        pilot=pilot, kind="workgroups", settings=workgroup_settings.to_json(), status="queued"
    )
    client = client_for("lead")
    page = client.get(reverse("conditions:run", args=[pilot.pk, run.pk]))
    status_url = reverse("conditions:run_status", args=[pilot.pk, run.pk])
    assert (
        f'hx-get="{status_url}"'.encode() in page.content
        and b'hx-trigger="every 1s"' in page.content
    )
    assert "HX-Refresh" not in client.get(status_url).headers
    # when a worker runs it
    FormationRun.objects.filter(pk=run.pk).update(status="running", progress=0.4)
    assert b"40%" in client.get(status_url).content
    services.formation_execute(run_id=run.pk)
    # then the next poll tells the page to reload and show the groups
    assert client.get(status_url).headers["HX-Refresh"] == "true"
    assert client_for("member").get(status_url).status_code == 403


def test_a_run_that_fails_on_an_unexpected_error_is_marked_failed_and_stops_polling(
    client_for, pilot, workgroup_settings
) -> None:
    # given a stored run whose settings make the engine itself refuse with a plain error
    # (no group at all: not an InfeasibleGrouping, which the settings check would name)
    run = FormationRun.objects.create(
        pilot=pilot,
        kind="workgroups",
        settings=workgroup_settings.replace(groups=0).to_json(),
        status="queued",
    )
    # when the worker executes it
    services.formation_execute(run_id=run.pk)
    # then the run is failed with a message naming the error, and nothing else is stored
    run.refresh_from_db()
    assert run.status == "failed" and run.result == {}
    assert "unexpected error" in run.error and "at least one group is needed" in run.error
    # and its page shows the message and no longer polls; the status poll tells it to reload
    client = client_for("lead")
    page = client.get(reverse("conditions:run", args=[pilot.pk, run.pk]))
    assert page.status_code == 200
    assert b"at least one group is needed" in page.content
    assert b'hx-trigger="every 1s"' not in page.content
    status = client.get(reverse("conditions:run_status", args=[pilot.pk, run.pk]))
    assert status.headers["HX-Refresh"] == "true"
