"""Everything a lead, coach or member does on a page can be done through the API.

`PAGE_ACTIONS` lists every page that handles POST (found from the methods each page
allows) and the API routes that do the same, through the same forms and services.
A page action without a route, or a route that does not exist, fails the test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import api_routes, url_names

PAGE_ACTIONS: dict[str, list[str]] = {
    # Leadership: playbooks, decision rights and the decision log, surges
    "leadership:playbook_tick": ["POST /api/pilots/{pilot_id}/playbook/steps/{key}/tick"],
    "leadership:playbook_move_on": ["POST /api/pilots/{pilot_id}/playbook/move-on"],
    "leadership:step_add": ["POST /api/playbooks/draft/steps"],
    "leadership:step_edit": ["PUT /api/playbooks/draft/steps/{key}"],
    "leadership:step_action": [
        "POST /api/playbooks/draft/steps/{key}/move",
        "POST /api/playbooks/draft/steps/{key}/retire",
    ],
    "leadership:publish": ["POST /api/playbooks/draft/publish"],
    "leadership:discard": ["DELETE /api/playbooks/draft"],
    "leadership:rights_seed": ["POST /api/pilots/{pilot_id}/rights/seed"],
    "leadership:kind_new": ["POST /api/pilots/{pilot_id}/rights"],
    "leadership:right_edit": ["PUT /api/pilots/{pilot_id}/rights/{kind_id}"],
    "leadership:workgroup_right_edit": ["PUT /api/workgroups/{workgroup_id}/rights/{kind_id}"],
    "leadership:decisions": ["POST /api/workgroups/{workgroup_id}/decisions"],
    "leadership:surge_new": ["POST /api/pilots/{pilot_id}/surges"],
    "leadership:surge": ["POST /api/surges/{surge_id}/exceptions"],
    # Recognize
    "pilots:create": ["POST /api/pilots"],
    "pilots:edit": ["PATCH /api/pilots/{pilot_id}", "POST /api/pilots/{pilot_id}/status"],
    "pilots:members": ["POST /api/pilots/{pilot_id}/members"],
    "pilots:member_remove": ["DELETE /api/pilots/{pilot_id}/members/{member_id}"],
    "pilots:catalyst": ["PUT /api/pilots/{pilot_id}/catalyst"],
    "pilots:champion": ["PUT /api/pilots/{pilot_id}/champion"],
    "pilots:catalyst_proceed": ["POST /api/pilots/{pilot_id}/catalyst/proceed"],
    "pilots:champion_acknowledge": ["POST /api/pilots/{pilot_id}/champion/acknowledgements"],
    "pilots:candidate_create": ["POST /api/pilots/{pilot_id}/candidates"],
    "pilots:candidate_edit": ["PUT /api/pilots/{pilot_id}/candidates/{candidate_id}"],
    "pilots:candidate_delete": ["DELETE /api/pilots/{pilot_id}/candidates/{candidate_id}"],
    "pilots:candidate_choose": ["POST /api/pilots/{pilot_id}/candidates/{candidate_id}/choose"],
    "pilots:weights": ["PUT /api/pilots/{pilot_id}/weights"],
    "pilots:metric_create": ["POST /api/pilots/{pilot_id}/metrics"],
    "pilots:metric_edit": ["PUT /api/pilots/{pilot_id}/metrics/{metric_id}"],
    "pilots:metric_delete": ["DELETE /api/pilots/{pilot_id}/metrics/{metric_id}"],
    # Create the conditions
    "conditions:capacity": [
        "POST /api/pilots/{pilot_id}/capacity/participants",
        "POST /api/pilots/{pilot_id}/capacity/tasks",
        "PUT /api/pilots/{pilot_id}/capacity/receivers/{person_id}",
    ],
    "conditions:capacity_exception": [
        "POST /api/pilots/{pilot_id}/capacity/participants/{participant_id}/exception"
    ],
    "conditions:capacity_task_delete": ["DELETE /api/pilots/{pilot_id}/capacity/tasks/{task_id}"],
    "conditions:coach": [
        "PUT /api/pilots/{pilot_id}/coaches/{coach_id}/checklist",
        "POST /api/pilots/{pilot_id}/coaches/{coach_id}/log",
    ],
    "conditions:call": ["PUT /api/pilots/{pilot_id}/call"],
    "conditions:apply": ["POST /api/calls/{token}/applications"],
    "conditions:application_decide": [
        "POST /api/pilots/{pilot_id}/applications/{application_id}/decision"
    ],
    "conditions:formation": ["POST /api/pilots/{pilot_id}/formations"],
    "conditions:formation_team": ["POST /api/pilots/{pilot_id}/workgroups"],
    "conditions:run_rescore": ["POST /api/pilots/{pilot_id}/formation-runs/{run_id}/score"],
    "conditions:run_confirm": ["POST /api/pilots/{pilot_id}/formation-runs/{run_id}/confirm"],
    "conditions:expectations": ["PUT /api/pilots/{pilot_id}/expectations"],
    "conditions:acknowledge": [
        "POST /api/pilots/{pilot_id}/expectations/{expectations_id}/acknowledge"
    ],
    "conditions:communities": ["POST /api/pilots/{pilot_id}/communities"],
    # Act for impact
    "impact:pilot_capture": ["POST /api/pilots/{pilot_id}/opportunities"],
    "impact:practice_catalog": ["POST /api/pilots/{pilot_id}/practices"],
    "impact:practice_edit": ["PUT /api/practices/{practice_id}"],
    "impact:charter": ["PUT /api/workgroups/{workgroup_id}/charter"],
    "impact:practices": ["POST /api/workgroups/{workgroup_id}/practices"],
    "impact:adopted_practice": [
        "PUT /api/adopted-practices/{adopted_id}",
        "POST /api/adopted-practices/{adopted_id}/uses",
    ],
    "impact:opportunities": ["POST /api/workgroups/{workgroup_id}/opportunities"],
    "impact:opportunity": ["POST /api/opportunities/{opportunity_id}/evaluation"],
    "impact:opportunity_spin_off": ["POST /api/opportunities/{opportunity_id}/spin-offs"],
    "impact:spin_off_decide": ["POST /api/spin-offs/{proposal_id}/decision"],
    "impact:slice_new": ["POST /api/workgroups/{workgroup_id}/slices"],
    "impact:slice": ["PUT /api/slices/{slice_id}"],
    "impact:slice_stage": ["POST /api/slices/{slice_id}/stage"],
    "impact:reflection_new": ["POST /api/workgroups/{workgroup_id}/reflections"],
    "impact:obstacles": ["POST /api/workgroups/{workgroup_id}/obstacles"],
    "impact:obstacle_escalate": ["POST /api/obstacles/{obstacle_id}/escalate"],
    "impact:obstacle_answer": ["POST /api/obstacles/{obstacle_id}/answer"],
    "impact:readings": ["POST /api/workgroups/{workgroup_id}/readings"],
    "impact:reading_upload": ["POST /api/workgroups/{workgroup_id}/readings/import"],
    "impact:notification_read": [
        "POST /api/notifications/{notification_id}/read",
        "POST /api/notifications/read",
    ],
    "impact:notification_preferences": ["PUT /api/notifications/preferences"],
    # Results and insights
    "insights:pulse": ["POST /api/pilots/{pilot_id}/pulse"],
    "insights:pulse_round": ["POST /api/pulse/{round_id}/answers"],
    "insights:pulse_round_next": ["POST /api/pulse/{round_id}/next"],
    "insights:stories": ["POST /api/pilots/{pilot_id}/stories"],
    "insights:story": ["POST /api/stories/{story_id}/consent"],
    "insights:collaboration": ["POST /api/collaboration"],
    "insights:connections_refresh": ["POST /api/pilots/{pilot_id}/connections/refresh"],
    "insights:reports": ["POST /api/pilots/{pilot_id}/reports"],
    # People: the API imports a file in one call (mapping guessed, `dry_run` to check first)
    "people:import": ["POST /api/people/import"],
    "people:import_mapping": ["POST /api/people/import"],
    "people:import_reupload": ["POST /api/people/import"],
    "people:import_confirm": ["POST /api/people/import"],
    # an administrator's act, also `workshift person erase`
    "people:person_erase": ["POST /api/people/{person_id}/erase"],
}

# Page actions that are not part of running a pilot, with the reason.
NOT_PILOT_WORK = {
    "login": "signing in: the API takes a token instead (workshift createtoken)",
    "logout": "signing out of a browser session",
    "password_change": "an account's password, not a pilot's record",
    "password_reset": "an account's password, not a pilot's record",
    "password_reset_confirm": "an account's password, not a pilot's record",
}


# Page actions the API does not offer yet: the gap, stated, so that it is closed on purpose
# ({url name: reason}). A page action missing from every table fails the test below.
NOT_YET_IN_API: dict[str, str] = {}


def page_actions() -> set[str]:
    """The URL names whose view accepts POST, read from the methods each page allows."""
    client = Client()
    found = set()
    for name, pattern in url_names().items():
        kwargs = {
            key: "x" if key in ("token", "kind", "uidb64", "rest") else 1
            for key in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
            for key in [next(k for k in key if k)]
        }
        response = client.generic("TRACE", reverse(name, kwargs=kwargs))
        if response.status_code == 405 and "POST" in response.get("Allow", ""):
            found.add(name)
    return found


@pytest.mark.django_db
def test_every_page_action_has_an_api_route_that_does_it() -> None:
    # given the pages that change something
    actions = page_actions()
    assert actions >= {"pilots:create", "impact:slice_stage", "conditions:call"}
    # then each is listed with its routes (or is not pilot work, with the reason)
    assert actions - set(NOT_PILOT_WORK) - set(NOT_YET_IN_API) == set(PAGE_ACTIONS)
    assert not set(NOT_YET_IN_API) & set(PAGE_ACTIONS)
    # and every listed route exists in the API
    routes = set(api_routes())
    missing = [
        f"{name}: {route}"
        for name, listed in PAGE_ACTIONS.items()
        for route in listed
        if route not in routes
    ]
    assert missing == []


def test_every_page_of_ours_declares_the_methods_it_answers(db: Any) -> None:
    """Our pages refuse a method they do not handle, so `page_actions` sees every action.

    (Django's own password views and the API's JSON 404 are left out.)
    """
    client = Client()
    unchecked = []
    for name, pattern in url_names().items():
        if name.startswith("password_") or name == "api_not_found":
            continue
        kwargs = {
            key: "x" if key in ("token", "kind", "uidb64", "rest") else 1
            for key in re.findall(r"<(?:\w+:)?(\w+)>", pattern)
        }
        if client.generic("TRACE", reverse(name, kwargs=kwargs)).status_code != 405:
            unchecked.append(name)
    assert unchecked == []
