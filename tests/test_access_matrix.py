"""Every page (URL name) and every API route, for every role, answers as the README's roles say.

One table decides: `KINDS` says, per kind of record and action, what each role gets;
`ROUTES` files every route under one kind. A route missing from `ROUTES` fails the
first test, so a new route cannot ship without a decision. Reads must answer 200;
changes ("acts") must get past the access check (any answer but 401/403/404/405, a
redirect to the login page or a server error), each in a transaction rolled back after it.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("administrator", "lead", "champion", "coach", "member", "manager", "outsider", "anonymous")

OK = 200  # reads it
ACT = "acts"  # gets past the access check
F = 403  # sees the record but may not do this
N = 404  # as if it did not exist
L = "login"  # pages: redirect to the login page; API: 401
R = "redirect"  # pages: a redirect elsewhere than the login page

# kind: (administrator, lead, champion, coach, member, manager, outsider, anonymous)
KINDS: dict[str, tuple[Any, ...]] = {
    "public page": (OK, OK, OK, OK, OK, OK, OK, OK),
    "login page": (R, R, R, R, R, R, R, OK),
    "no such route": (N, N, N, N, N, N, N, N),
    "sign out": (L, L, L, L, L, L, L, L),
    "signed-in page": (OK, OK, OK, OK, OK, OK, OK, L),
    "own record": (ACT, ACT, ACT, ACT, ACT, ACT, ACT, L),
    "new pilot": (OK, OK, OK, F, F, F, F, L),
    "new pilot: act": (ACT, ACT, ACT, F, F, F, F, L),
    "people directory": (OK, OK, OK, F, F, OK, F, L),
    "people import": (OK, OK, F, F, F, F, F, L),
    "people import: act": (ACT, ACT, F, F, F, F, F, L),
    "collaboration import": (OK, OK, F, F, F, F, F, L),
    "collaboration import: act": (ACT, ACT, F, F, F, F, F, L),
    "audit log": (OK, F, F, F, F, F, F, L),
    "shared practice: edit": (OK, OK, F, F, F, F, F, L),
    "shared practice: change": (ACT, ACT, F, F, F, F, F, L),
    "pilot": (OK, OK, OK, OK, OK, OK, N, L),
    "pilot: act": (ACT, ACT, ACT, F, F, F, N, L),
    "pilot: lead page": (OK, OK, OK, F, F, F, N, L),
    "pilot assessment": (OK, OK, OK, OK, F, OK, N, L),
    "pilot: anyone in it acts": (ACT, ACT, ACT, ACT, ACT, ACT, N, L),
    "story consent": (F, F, F, ACT, ACT, N, N, L),
    "coach checklists": (OK, OK, OK, R, N, N, N, L),
    "coach checklist": (OK, OK, OK, OK, N, N, N, L),
    "coach checklist: act": (ACT, ACT, ACT, ACT, N, N, N, L),
    "workgroup": (OK, OK, OK, OK, OK, OK, N, L),
    "workgroup: act": (ACT, ACT, ACT, ACT, ACT, F, N, L),
    "workgroup: form to act": (OK, OK, OK, OK, OK, F, N, L),
    "workgroup: coach acts": (ACT, ACT, ACT, ACT, F, F, N, L),
    "expectations: acknowledged by those they bind": (N, N, N, ACT, ACT, N, N, L),
    "unshared story": (OK, OK, OK, OK, OK, N, N, L),
    "volunteer link": (OK, OK, OK, OK, OK, OK, OK, OK),
    "volunteer link: apply": (ACT, ACT, ACT, ACT, ACT, ACT, ACT, L),
    "person's personal data": (OK, F, F, F, F, F, F, L),
    "person's personal data: act": (ACT, F, F, F, F, F, F, L),
    "default playbooks": (OK, OK, OK, N, N, N, N, L),
    "default playbooks: edit": (OK, OK, F, N, N, N, N, L),
    "default playbooks: change": (ACT, ACT, F, N, N, N, N, L),
    "workgroup rights: edit": (OK, OK, OK, F, F, F, N, L),
    "workgroup rights: change": (ACT, ACT, ACT, F, F, F, N, L),
    "surge": (OK, OK, OK, N, N, OK, N, L),
    "surge: act": (ACT, ACT, ACT, N, N, F, N, L),
}

PAGES = {
    # accounts
    "login": "login page",
    "logout": "sign out",
    "password_reset": "public page",
    "password_reset_done": "public page",
    "password_reset_confirm": "public page",
    "password_reset_complete": "public page",
    "password_change": "signed-in page",
    "password_change_done": "signed-in page",
    "home": "signed-in page",
    "core:audit": "audit log",
    # people
    "people:list": "people directory",
    "people:person": "people directory",
    "people:units": "people directory",
    "people:search": "people directory",
    "people:unit": "people directory",
    "people:import": "people import",
    "people:import_job": "people import",
    "people:import_mapping": "people import: act",
    "people:import_reupload": "people import: act",
    "people:import_confirm": "people import: act",
    "people:import_progress": "people import",
    "people:person_personal_data": "person's personal data",
    "people:person_erase": "person's personal data",
    # pilots (Recognize)
    "pilots:list": "signed-in page",
    "pilots:create": "new pilot",
    "pilots:vega_script": "public page",
    "pilots:detail": "pilot",
    "pilots:metrics": "pilot",
    "pilots:edit": "pilot: lead page",
    "pilots:members": "pilot assessment",
    "pilots:member_remove": "pilot: act",
    "pilots:catalyst": "pilot assessment",
    "pilots:champion": "pilot assessment",
    "pilots:catalyst_proceed": "pilot: act",
    "pilots:champion_acknowledge": "pilot: act",
    "pilots:metric_parent_field": "pilot: lead page",
    "pilots:candidates": "pilot assessment",
    "pilots:candidate_create": "pilot: lead page",
    "pilots:weights": "pilot: lead page",
    "pilots:candidate_edit": "pilot: lead page",
    "pilots:candidate_delete": "pilot: act",
    "pilots:candidate_choose": "pilot: act",
    "pilots:metric_create": "pilot: lead page",
    "pilots:metric_edit": "pilot: lead page",
    "pilots:metric_delete": "pilot: act",
    # conditions (Create)
    "conditions:overview": "pilot",
    "conditions:communities": "pilot",
    "conditions:coaches": "coach checklists",
    "conditions:coach": "coach checklist",
    "conditions:capacity": "pilot: lead page",
    "conditions:capacity_exception": "pilot: act",
    "conditions:capacity_task_delete": "pilot: act",
    "conditions:call": "pilot: lead page",
    "conditions:application_decide": "pilot: act",
    "conditions:apply": "volunteer link",
    "conditions:formation": "pilot: lead page",
    "conditions:formation_people": "pilot: lead page",
    "conditions:formation_team": "pilot: act",
    "conditions:coach_candidates": "pilot: lead page",
    "conditions:run": "pilot: lead page",
    "conditions:run_status": "pilot: lead page",
    "conditions:run_rescore": "pilot: act",
    "conditions:run_confirm": "pilot: act",
    "conditions:expectations": "pilot: lead page",
    "conditions:acknowledge": "expectations: acknowledged by those they bind",
    "conditions:workgroup": "workgroup",
    # impact (Act)
    "impact:pilot": "pilot",
    "impact:pilot_obstacles": "pilot: lead page",
    "impact:pilot_learning": "pilot: lead page",
    "impact:pilot_capture": "pilot",
    "impact:practice_catalog": "pilot",
    "impact:spin_offs": "pilot: lead page",
    "impact:practice_edit": "shared practice: edit",
    "impact:workgroup": "workgroup",
    "impact:charter": "workgroup: form to act",
    "impact:practices": "workgroup",
    "impact:opportunities": "workgroup",
    "impact:slices": "workgroup",
    "impact:slice_new": "workgroup: form to act",
    "impact:reflections": "workgroup",
    "impact:reflection_new": "workgroup: form to act",
    "impact:obstacles": "workgroup",
    "impact:readings": "workgroup",
    "impact:reading_upload": "workgroup: form to act",
    "impact:metric_chart": "workgroup",
    "impact:adopted_practice": "workgroup",
    "impact:opportunity": "workgroup",
    "impact:opportunity_spin_off": "workgroup: act",
    "impact:spin_off_decide": "pilot: act",
    "impact:slice": "workgroup",
    "impact:slice_stage": "workgroup: act",
    "impact:reflection": "workgroup",
    "impact:obstacle": "workgroup",
    "impact:obstacle_escalate": "workgroup: coach acts",
    "impact:obstacle_answer": "workgroup: coach acts",
    "impact:notifications": "signed-in page",
    "impact:notification_read": "own record",
    "impact:notification_preferences": "signed-in page",
    # insights (Results)
    "insights:overview": "signed-in page",
    "insights:dashboard": "pilot",
    "insights:pulse": "pilot",
    "insights:pulse_round": "pilot",
    "insights:pulse_round_next": "pilot: act",
    "insights:stories": "pilot",
    "insights:story_people": "pilot",
    "insights:story": "unshared story",
    "insights:connections": "pilot",
    "insights:connections_refresh": "pilot: act",
    "insights:collaboration": "collaboration import",
    "insights:scale": "pilot: lead page",
    "insights:reports": "pilot: lead page",
    "insights:report_status": "pilot: lead page",
    "insights:report_download": "pilot: lead page",
    # leadership: playbooks, decision rights, the decision log, surges
    "leadership:playbook": "pilot",
    "leadership:playbook_tick": "pilot: anyone in it acts",
    "leadership:playbook_move_on": "pilot: act",
    "leadership:playbook_export": "pilot",
    "leadership:playbooks": "default playbooks",
    "leadership:step_add": "default playbooks: edit",
    "leadership:step_edit": "default playbooks: edit",
    "leadership:step_action": "default playbooks: change",
    "leadership:publish": "default playbooks: change",
    "leadership:discard": "default playbooks: change",
    "leadership:rights": "pilot",
    "leadership:kind_new": "pilot: lead page",
    "leadership:rights_seed": "pilot: act",
    "leadership:right_edit": "pilot: lead page",
    "leadership:right_history": "pilot",
    "leadership:decisions": "workgroup",
    "leadership:workgroup_right_edit": "workgroup rights: edit",
    "leadership:surge_new": "pilot: lead page",
    "leadership:surge": "surge",
    "api_not_found": "no such route",
}

API = {
    "GET /api/people": "people directory",
    "GET /api/people/{person_id}": "people directory",
    "GET /api/units": "people directory",
    "GET /api/units/{unit_id}": "people directory",
    "POST /api/people/import": "people import: act",
    "GET /api/people/imports/{job_id}": "people import",
    "POST /api/people/{person_id}/erase": "person's personal data: act",
    "GET /api/pilots": "signed-in page",
    "POST /api/pilots": "new pilot: act",
    "GET /api/pilots/{pilot_id}": "pilot",
    "PATCH /api/pilots/{pilot_id}": "pilot: act",
    "POST /api/pilots/{pilot_id}/status": "pilot: act",
    "GET /api/pilots/{pilot_id}/readiness": "pilot assessment",
    "GET /api/pilots/{pilot_id}/members": "pilot assessment",
    "POST /api/pilots/{pilot_id}/members": "pilot: act",
    "DELETE /api/pilots/{pilot_id}/members/{member_id}": "pilot: act",
    "GET /api/pilots/{pilot_id}/catalyst": "pilot assessment",
    "PUT /api/pilots/{pilot_id}/catalyst": "pilot: act",
    "GET /api/pilots/{pilot_id}/champion": "pilot assessment",
    "PUT /api/pilots/{pilot_id}/champion": "pilot: act",
    "POST /api/pilots/{pilot_id}/catalyst/proceed": "pilot: act",
    "POST /api/pilots/{pilot_id}/champion/acknowledgements": "pilot: act",
    "GET /api/pilots/{pilot_id}/candidates": "pilot assessment",
    "POST /api/pilots/{pilot_id}/candidates": "pilot: act",
    "GET /api/pilots/{pilot_id}/candidates/{candidate_id}": "pilot assessment",
    "PUT /api/pilots/{pilot_id}/candidates/{candidate_id}": "pilot: act",
    "DELETE /api/pilots/{pilot_id}/candidates/{candidate_id}": "pilot: act",
    "POST /api/pilots/{pilot_id}/candidates/{candidate_id}/choose": "pilot: act",
    "PUT /api/pilots/{pilot_id}/weights": "pilot: act",
    "GET /api/pilots/{pilot_id}/metrics": "pilot",
    "POST /api/pilots/{pilot_id}/metrics": "pilot: act",
    "PUT /api/pilots/{pilot_id}/metrics/{metric_id}": "pilot: act",
    "DELETE /api/pilots/{pilot_id}/metrics/{metric_id}": "pilot: act",
    "GET /api/pilots/{pilot_id}/capacity": "pilot: lead page",
    "GET /api/pilots/{pilot_id}/workgroups": "pilot",
    "GET /api/workgroups/{workgroup_id}": "workgroup",
    "GET /api/pilots/{pilot_id}/applications": "pilot: lead page",
    "POST /api/pilots/{pilot_id}/formations": "pilot: act",
    "GET /api/pilots/{pilot_id}/formation-runs/{run_id}": "pilot: lead page",
    "POST /api/pilots/{pilot_id}/formation-runs/{run_id}/score": "pilot: act",
    "POST /api/pilots/{pilot_id}/formation-runs/{run_id}/confirm": "pilot: act",
    "POST /api/pilots/{pilot_id}/expectations/{expectations_id}/acknowledge": (
        "expectations: acknowledged by those they bind"
    ),
    "GET /api/workgroups/{workgroup_id}/space": "workgroup",
    "GET /api/workgroups/{workgroup_id}/readings": "workgroup",
    "POST /api/workgroups/{workgroup_id}/readings": "workgroup: act",
    "GET /api/workgroups/{workgroup_id}/obstacles": "workgroup",
    "POST /api/workgroups/{workgroup_id}/obstacles": "workgroup: act",
    "GET /api/obstacles/{obstacle_id}": "workgroup",
    "POST /api/obstacles/{obstacle_id}/escalate": "workgroup: coach acts",
    "POST /api/obstacles/{obstacle_id}/answer": "workgroup: coach acts",
    "GET /api/workgroups/{workgroup_id}/opportunities": "workgroup",
    "POST /api/workgroups/{workgroup_id}/opportunities": "workgroup: act",
    "GET /api/opportunities/{opportunity_id}": "workgroup",
    "GET /api/workgroups/{workgroup_id}/slices": "workgroup",
    "POST /api/workgroups/{workgroup_id}/slices": "workgroup: act",
    "GET /api/slices/{slice_id}": "workgroup",
    "POST /api/slices/{slice_id}/stage": "workgroup: act",
    "GET /api/workgroups/{workgroup_id}/reflections": "workgroup",
    "POST /api/workgroups/{workgroup_id}/reflections": "workgroup: act",
    "GET /api/reflections/{reflection_id}": "workgroup",
    "GET /api/notifications": "signed-in page",
    "GET /api/workgroups/{workgroup_id}/charter": "workgroup",
    "PUT /api/workgroups/{workgroup_id}/charter": "workgroup: act",
    "GET /api/workgroups/{workgroup_id}/practices": "workgroup",
    "POST /api/workgroups/{workgroup_id}/practices": "workgroup: act",
    "POST /api/opportunities/{opportunity_id}/evaluation": "workgroup: act",
    "GET /api/pilots/{pilot_id}/dashboard": "pilot",
    "GET /api/pilots/{pilot_id}/scale-next": "pilot: lead page",
    "GET /api/pilots/{pilot_id}/pulse": "pilot",
    "POST /api/pulse/{round_id}/answers": "pilot: anyone in it acts",
    "GET /api/pilots/{pilot_id}/stories": "pilot",
    "POST /api/pilots/{pilot_id}/stories": "pilot: anyone in it acts",
    "POST /api/stories/{story_id}/consent": "story consent",
    "POST /api/collaboration": "collaboration import: act",
    "GET /api/pilots/{pilot_id}/helpers": "pilot",
    "GET /api/pilots/{pilot_id}/connections": "pilot: lead page",
    "GET /api/pilots/{pilot_id}/reports": "pilot: lead page",
    "POST /api/pilots/{pilot_id}/reports": "pilot: act",
    "GET /api/reports/{report_id}": "pilot: lead page",
    "GET /api/reports/{report_id}/pdf": "pilot: lead page",
    # the rest of the Act-for-impact pages
    "GET /api/pilots/{pilot_id}/practices": "pilot",
    "POST /api/pilots/{pilot_id}/practices": "pilot: act",
    "PUT /api/practices/{practice_id}": "shared practice: change",
    "PUT /api/adopted-practices/{adopted_id}": "workgroup: act",
    "POST /api/adopted-practices/{adopted_id}/uses": "workgroup: act",
    "PUT /api/slices/{slice_id}": "workgroup: act",
    "POST /api/opportunities/{opportunity_id}/spin-offs": "workgroup: act",
    "POST /api/spin-offs/{proposal_id}/decision": "pilot: act",
    "POST /api/pilots/{pilot_id}/opportunities": "pilot: anyone in it acts",
    "POST /api/workgroups/{workgroup_id}/readings/import": "workgroup: act",
    "POST /api/notifications/read": "own record",
    "POST /api/notifications/{notification_id}/read": "own record",
    "GET /api/notifications/preferences": "signed-in page",
    "PUT /api/notifications/preferences": "own record",
    # setting up the conditions
    "POST /api/pilots/{pilot_id}/capacity/participants": "pilot: act",
    "POST /api/pilots/{pilot_id}/capacity/tasks": "pilot: act",
    "PUT /api/pilots/{pilot_id}/capacity/receivers/{person_id}": "pilot: act",
    "POST /api/pilots/{pilot_id}/capacity/participants/{participant_id}/exception": "pilot: act",
    "DELETE /api/pilots/{pilot_id}/capacity/tasks/{task_id}": "pilot: act",
    "PUT /api/pilots/{pilot_id}/coaches/{coach_id}/checklist": "coach checklist: act",
    "POST /api/pilots/{pilot_id}/coaches/{coach_id}/log": "coach checklist: act",
    "PUT /api/pilots/{pilot_id}/call": "pilot: act",
    "POST /api/calls/{token}/applications": "volunteer link: apply",
    "POST /api/pilots/{pilot_id}/applications/{application_id}/decision": "pilot: act",
    "POST /api/pilots/{pilot_id}/workgroups": "pilot: act",
    "PUT /api/pilots/{pilot_id}/expectations": "pilot: act",
    "POST /api/pilots/{pilot_id}/communities": "pilot: act",
    # scheduling pulse rounds
    "POST /api/pilots/{pilot_id}/pulse": "pilot: act",
    "POST /api/pulse/{round_id}/next": "pilot: act",
    "POST /api/pilots/{pilot_id}/connections/refresh": "pilot: act",
    # leadership
    "GET /api/pilots/{pilot_id}/playbook": "pilot",
    "POST /api/pilots/{pilot_id}/playbook/steps/{key}/tick": "pilot: anyone in it acts",
    "GET /api/pilots/{pilot_id}/rights": "pilot",
    "PUT /api/pilots/{pilot_id}/rights/{kind_id}": "pilot: act",
    "GET /api/workgroups/{workgroup_id}/rights": "workgroup",
    "GET /api/workgroups/{workgroup_id}/rights/{kind_id}/history": "workgroup",
    "PUT /api/workgroups/{workgroup_id}/rights/{kind_id}": "workgroup rights: change",
    "GET /api/workgroups/{workgroup_id}/decisions": "workgroup",
    "POST /api/workgroups/{workgroup_id}/decisions": "workgroup: act",
    "GET /api/pilots/{pilot_id}/power-shift": "pilot",
    "GET /api/surges/{surge_id}/plan": "surge",
    "POST /api/pilots/{pilot_id}/playbook/move-on": "pilot: act",
    "GET /api/playbooks": "default playbooks",
    "POST /api/playbooks/draft/steps": "default playbooks: change",
    "PUT /api/playbooks/draft/steps/{key}": "default playbooks: change",
    "POST /api/playbooks/draft/steps/{key}/move": "default playbooks: change",
    "POST /api/playbooks/draft/steps/{key}/retire": "default playbooks: change",
    "POST /api/playbooks/draft/publish": "default playbooks: change",
    "DELETE /api/playbooks/draft": "default playbooks: change",
    "POST /api/pilots/{pilot_id}/rights": "pilot: act",
    "POST /api/pilots/{pilot_id}/rights/seed": "pilot: act",
    "POST /api/pilots/{pilot_id}/surges": "pilot: act",
    "POST /api/surges/{surge_id}/exceptions": "surge: act",
}


# ------------------------------------------------------------------ the routes


def url_names() -> dict[str, str]:
    """Every named URL outside the admin and the API: {name: pattern}."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str | None) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith(("admin/", "api/")):
                    continue
                ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)
                walk(p.url_patterns, prefix + str(p.pattern), ns or namespace)
            elif isinstance(p, URLPattern):
                assert p.name, f"the URL {prefix}{p.pattern} has no name"
                found[f"{namespace}:{p.name}" if namespace else p.name] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", None)
    return found


def api_routes() -> dict[str, dict[str, Any]]:
    """Every API operation from the OpenAPI document: {"METHOD /path": operation}."""
    from workshift.api.api import api

    document = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": {**operation, "components": document["components"]}
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }


def test_every_page_and_api_route_is_in_the_table() -> None:
    assert set(url_names()) == set(PAGES)
    assert set(api_routes()) == set(API)
    assert set(PAGES.values()) | set(API.values()) == set(KINDS)


# ------------------------------------------------------------------ the world


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """One pilot with a record of every kind and a logged-in client per role, for the module."""
    from tests.orgs import full_pilot_build

    with django_db_blocker.unblock():
        with transaction.atomic():
            built = full_pilot_build()
            built.update(_leadership_build(built))
            built["clients"] = {}
            for role in ROLES:
                client = Client()
                if role != "anonymous":
                    client.force_login(built["users"][role])
                built["clients"][role] = client
            yield built
            transaction.set_rollback(True)


def _leadership_build(built: dict[str, Any]) -> dict[str, Any]:
    """A seeded rights register, the default playbook's first step and a surge on workgroup A."""
    from workshift.leadership import services

    pilot, lead = built["pilot"], built["users"]["lead"]
    rights = services.rights_register_seed(pilot=pilot, user=lead)
    version = services.playbook_current()
    surge = services.surge_create(
        pilot=pilot,
        name="Quarter end",
        starts_on=dt.date.today(),
        ends_on=dt.date.today() + dt.timedelta(days=14),
        extra_hours=4.0,
        unit=None,
        workgroup=built["a"],
        skill="",
        user=lead,
    )
    return {
        "decision_kind": rights[0].kind,
        "step": version.steps.order_by("pk").first(),
        "surge": surge,
    }


def _values(world: dict[str, Any], role: str) -> dict[str, Any]:
    """What each URL and path parameter stands for."""
    from workshift.pilots.models import PilotMember

    a, records = world["a"], world["records_a"]
    own_notification = world["notifications"]["administrator" if role == "anonymous" else role]
    return {
        "pilot": world["pilot"].pk,
        "member": PilotMember.objects.get(pilot=world["pilot"], user=world["users"]["member"]).pk,
        "candidate": world["candidate"].pk,
        "metric": world["frontline"].pk,
        "expectations": world["group_expectations"].pk,
        "participant": world["participant"].pk,
        "task": world["task"].pk,
        "coach": world["org"]["people"]["coach"].pk,
        "application": world["application"].pk,
        "token": world["call"].token,
        "run": world["run"].pk,
        "workgroup": a.pk,
        "practice": world["practice"].pk,
        "adopted": records["adopted"],
        "opportunity": records["opportunity"],
        "proposal": records["proposal"],
        "slice": records["slice"],
        "reflection": records["reflection"],
        "obstacle": records["obstacle"],
        "notification": own_notification,
        "pulse": world["pulse"].pk,
        "story": world["story"].pk,
        "report": world["report"].pk,
        "person": world["org"]["people"]["member"].pk,
        "unit": world["org"]["units"]["CC-COL"].pk,
        "import": world["import_job"].pk,
        "decision_kind": world["decision_kind"].pk,
        "step": world["step"].key,
        "surge": world["surge"].pk,
    }


# The record a page's `pk` stands for, by the path segment before it.
PK_BY_SEGMENT = {
    "pilots": "pilot",
    "members": "member",
    "entry-points": "candidate",
    "metrics": "metric",
    "acknowledge": "expectations",
    "participants": "participant",
    "tasks": "task",
    "coaches": "coach",
    "applications": "application",
    "runs": "run",
    "workgroups": "workgroup",
    "practices": "practice",
    "adopted-practices": "adopted",
    "opportunities": "opportunity",
    "spin-offs": "proposal",
    "slices": "slice",
    "reflections": "reflection",
    "obstacles": "obstacle",
    "notifications": "notification",
    "pulse": "pulse",
    "stories": "story",
    "reports": "report",
    "people": "person",
    "units": "unit",
    "import": "import",
    "rights": "decision_kind",
    "surges": "surge",
}
OTHER_KWARGS = {
    "token": "token",
    "kind": "workgroups",
    "uidb64": "MQ",
    "rest": "no/such/route",
    "key": "step",
    "action": "down",
}


def page_url(name: str, pattern: str, values: dict[str, Any]) -> str:
    import re

    kwargs: dict[str, Any] = {}
    segments = pattern.replace("download.", "download/").replace("export.", "export/").split("/")
    for i, segment in enumerate(segments):
        for key in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", segment):
            key = next(k for k in key if k)
            if key == "kind" and {"download", "export"} & set(segments[i - 1 : i + 1]):
                kwargs[key] = "pdf"
            elif key in OTHER_KWARGS:
                kwargs[key] = values.get(OTHER_KWARGS[key], OTHER_KWARGS[key])
            elif key == "token" and "reset" in pattern:
                kwargs[key] = "set-password"
            else:
                kwargs[key] = values[PK_BY_SEGMENT[segments[i - 1]]]
    if name == "password_reset_confirm":
        kwargs["token"] = "set-password"
    return reverse(name, kwargs=kwargs)


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest value the OpenAPI schema accepts."""
    if "$ref" in schema:
        return _example(components["schemas"][schema["$ref"].split("/")[-1]], components)
    if "anyOf" in schema:
        return _example(schema["anyOf"][0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        return {
            key: _example(sub, components)
            for key, sub in schema.get("properties", {}).items()
            if key in schema.get("required", [])
        }
    if kind == "array":
        return [_example(schema["items"], components)] * schema.get("minItems", 0)
    if kind == "string":
        if schema.get("format") == "date":
            return dt.date.today().isoformat()
        if schema.get("format") == "binary":
            return b"a\n"
        return "x" * max(1, schema.get("minLength", 1))
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    return False if kind == "boolean" else None


def api_call(client: Client, route: str, operation: dict[str, Any], values: dict[str, Any]) -> Any:
    import re

    method, path = route.split(" ", 1)
    names = {"round": "pulse", "job": "import", "kind": "decision_kind"}
    url = re.sub(r"\{(\w+)_id\}", lambda m: str(values[names.get(m.group(1), m.group(1))]), path)
    url = url.replace("{token}", values["token"]).replace("{key}", values["step"])
    query = {
        p["name"]: _example(p["schema"], operation["components"])
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    body = operation.get("requestBody", {}).get("content", {})
    components = operation["components"]
    if "multipart/form-data" in body:
        from django.core.files.uploadedfile import SimpleUploadedFile

        fields = _example(body["multipart/form-data"]["schema"], components)
        data = {
            k: SimpleUploadedFile("rows.csv", v) if isinstance(v, bytes) else v
            for k, v in fields.items()
        }
        return client.generic(method, url) if not data else client.post(url, data)
    if "application/json" in body:
        payload = _with_known_ids(_example(body["application/json"]["schema"], components), values)
        return client.generic(method, url, _json(payload), content_type="application/json")
    return client.generic(method, url)


# A body field that names a record, and the record of the world it stands for; an example id
# such as 1 names a real record on a fresh SQLite database but none on PostgreSQL.
BODY_IDS = {
    "kind_id": "decision_kind",
    "decided_by_id": "person",
    "person_id": "person",
    "metric_id": "metric",
    "participant_id": "participant",
    "unit_id": "unit",
    "workgroup_id": "workgroup",
}


def _with_known_ids(payload: Any, values: dict[str, Any]) -> Any:
    if not isinstance(payload, dict):
        return payload
    return {k: values[BODY_IDS[k]] if k in BODY_IDS else v for k, v in payload.items()}


def _json(payload: Any) -> str:
    import json

    return json.dumps(payload)


def _verdict(response: Any, *, api: bool) -> Any:
    status = response.status_code
    if api and status == 401:
        return L
    if not api and status == 302:
        return L if "/accounts/login/" in response.get("Location", "") else R
    return status


def _matches(expected: Any, got: Any) -> bool:
    if expected == ACT:
        return got not in (L, 401, 403, 404, 405) and not (isinstance(got, int) and got >= 500)
    return bool(expected == got)


def _check(world: dict[str, Any], route: str, kind: str, call: Any, *, api: bool) -> None:
    mismatches = []
    for role, expected in zip(ROLES, KINDS[kind], strict=True):
        client = world["clients"][role]
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            response = call(client, _values(world, role))
            transaction.set_rollback(True)
        client.cookies = cookies
        got = _verdict(response, api=api)
        if not _matches(expected, got):
            mismatches.append(f"{role}: expected {expected}, got {got}")
    assert not mismatches, f"{route} ({kind}): " + "; ".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_answers_each_role_as_the_table_says(world: dict[str, Any], name: str) -> None:
    pattern = url_names()[name]
    kind = PAGES[name]
    allowed = Client().generic("TRACE", page_url(name, pattern, _values(world, "lead")))
    post = "GET" not in allowed.get("Allow", "GET")  # an action: POST only

    def call(client: Client, values: dict[str, Any]) -> Any:
        url = page_url(name, pattern, values)
        return client.post(url) if post else client.get(url)

    _check(world, name, kind, call, api=False)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(API))
def test_each_api_route_answers_each_role_as_the_table_says(
    world: dict[str, Any], route: str
) -> None:
    operation = api_routes()[route]

    def call(client: Client, values: dict[str, Any]) -> Any:
        return api_call(client, route, operation, values)

    _check(world, route, API[route], call, api=True)
