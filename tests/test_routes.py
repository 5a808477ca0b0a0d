"""Each page's route lives beside its view: every view module ends with its `routes`, and an
app's `urls.py` is the index of those lists, in resolution order.

The named routes are pinned below: templates, e-mailed links (volunteer calls, password
resets) and people's bookmarks use them, so a change to a name or a path is deliberate. A new
page adds its line to `NAMED_ROUTES`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.urls.resolvers import RegexPattern

from tests.test_access_matrix import url_names
from workshift.leadership.views import playbooks

NAMED_ROUTES: dict[str, str] = {
    "home": "",
    "login": "accounts/login/",
    "logout": "accounts/logout/",
    "password_change": "accounts/password/",
    "password_change_done": "accounts/password/done/",
    "password_reset": "accounts/password/reset/",
    "password_reset_done": "accounts/password/reset/sent/",
    "password_reset_confirm": "accounts/password/reset/<uidb64>/<token>/",
    "password_reset_complete": "accounts/password/reset/complete/",
    "core:audit": "core/audit/",
    "people:list": "people/",
    "people:search": "people/search/",
    "people:person": "people/<int:pk>/",
    "people:person_personal_data": "people/<int:pk>/personal-data/",
    "people:person_erase": "people/<int:pk>/erase/",
    "people:units": "people/units/",
    "people:unit": "people/units/<int:pk>/",
    "people:import": "people/import/",
    "people:import_job": "people/import/<int:pk>/",
    "people:import_mapping": "people/import/<int:pk>/mapping/",
    "people:import_reupload": "people/import/<int:pk>/file/",
    "people:import_confirm": "people/import/<int:pk>/confirm/",
    "people:import_progress": "people/import/<int:pk>/progress/",
    "pilots:list": "pilots/",
    "pilots:create": "pilots/new/",
    "pilots:vega_script": "pilots/vega-embed.js",
    "pilots:detail": "pilots/<int:pk>/",
    "pilots:edit": "pilots/<int:pk>/edit/",
    "pilots:members": "pilots/<int:pk>/members/",
    "pilots:member_remove": "pilots/<int:pk>/members/<int:member_pk>/remove/",
    "pilots:catalyst": "pilots/<int:pk>/catalyst/",
    "pilots:catalyst_proceed": "pilots/<int:pk>/catalyst/proceed/",
    "pilots:champion": "pilots/<int:pk>/champion/",
    "pilots:champion_acknowledge": "pilots/<int:pk>/champion/acknowledge/",
    "pilots:candidates": "pilots/<int:pk>/entry-points/",
    "pilots:candidate_create": "pilots/<int:pk>/entry-points/new/",
    "pilots:weights": "pilots/<int:pk>/entry-points/weights/",
    "pilots:candidate_edit": "pilots/<int:pk>/entry-points/<int:candidate_pk>/edit/",
    "pilots:candidate_delete": "pilots/<int:pk>/entry-points/<int:candidate_pk>/delete/",
    "pilots:candidate_choose": "pilots/<int:pk>/entry-points/<int:candidate_pk>/choose/",
    "pilots:metrics": "pilots/<int:pk>/metrics/",
    "pilots:metric_create": "pilots/<int:pk>/metrics/new/",
    "pilots:metric_parent_field": "pilots/<int:pk>/metrics/parent-field/",
    "pilots:metric_edit": "pilots/<int:pk>/metrics/<int:metric_pk>/edit/",
    "pilots:metric_delete": "pilots/<int:pk>/metrics/<int:metric_pk>/delete/",
    "conditions:overview": "conditions/pilots/<int:pk>/",
    "conditions:acknowledge": "conditions/pilots/<int:pk>/acknowledge/<int:expectations_pk>/",
    "conditions:capacity": "conditions/pilots/<int:pk>/capacity/",
    "conditions:capacity_exception": "conditions/pilots/<int:pk>/capacity/participants/<int:participant_pk>/exception/",
    "conditions:capacity_task_delete": "conditions/pilots/<int:pk>/capacity/tasks/<int:task_pk>/delete/",
    "conditions:coaches": "conditions/pilots/<int:pk>/coaches/",
    "conditions:coach": "conditions/pilots/<int:pk>/coaches/<int:coach_pk>/",
    "conditions:call": "conditions/pilots/<int:pk>/call/",
    "conditions:application_decide": "conditions/pilots/<int:pk>/call/applications/<int:application_pk>/decide/",
    "conditions:apply": "conditions/apply/<str:token>/",
    "conditions:formation": "conditions/pilots/<int:pk>/form/<str:kind>/",
    "conditions:formation_people": "conditions/pilots/<int:pk>/form/<str:kind>/people/",
    "conditions:formation_team": "conditions/pilots/<int:pk>/form-from-team/",
    "conditions:coach_candidates": "conditions/pilots/<int:pk>/coach-candidates/",
    "conditions:run": "conditions/pilots/<int:pk>/runs/<int:run_pk>/",
    "conditions:run_status": "conditions/pilots/<int:pk>/runs/<int:run_pk>/status/",
    "conditions:run_rescore": "conditions/pilots/<int:pk>/runs/<int:run_pk>/rescore/",
    "conditions:run_confirm": "conditions/pilots/<int:pk>/runs/<int:run_pk>/confirm/",
    "conditions:expectations": "conditions/pilots/<int:pk>/expectations/",
    "conditions:communities": "conditions/pilots/<int:pk>/communities/",
    "conditions:workgroup": "conditions/workgroups/<int:pk>/",
    "impact:pilot": "impact/pilots/<int:pk>/",
    "impact:pilot_obstacles": "impact/pilots/<int:pk>/obstacles/",
    "impact:pilot_learning": "impact/pilots/<int:pk>/learning/",
    "impact:pilot_capture": "impact/pilots/<int:pk>/capture/",
    "impact:practice_catalog": "impact/pilots/<int:pk>/practices/",
    "impact:spin_offs": "impact/pilots/<int:pk>/spin-offs/",
    "impact:practice_edit": "impact/practices/<int:pk>/edit/",
    "impact:workgroup": "impact/workgroups/<int:pk>/",
    "impact:charter": "impact/workgroups/<int:pk>/charter/",
    "impact:practices": "impact/workgroups/<int:pk>/practices/",
    "impact:opportunities": "impact/workgroups/<int:pk>/opportunities/",
    "impact:slices": "impact/workgroups/<int:pk>/slices/",
    "impact:slice_new": "impact/workgroups/<int:pk>/slices/new/",
    "impact:reflections": "impact/workgroups/<int:pk>/reflections/",
    "impact:reflection_new": "impact/workgroups/<int:pk>/reflections/new/",
    "impact:obstacles": "impact/workgroups/<int:pk>/obstacles/",
    "impact:readings": "impact/workgroups/<int:pk>/readings/",
    "impact:reading_upload": "impact/workgroups/<int:pk>/readings/upload/",
    "impact:metric_chart": "impact/workgroups/<int:pk>/metrics/<int:metric_pk>/",
    "impact:adopted_practice": "impact/adopted-practices/<int:pk>/",
    "impact:opportunity": "impact/opportunities/<int:pk>/",
    "impact:opportunity_spin_off": "impact/opportunities/<int:pk>/spin-off/",
    "impact:spin_off_decide": "impact/spin-offs/<int:pk>/decide/",
    "impact:slice": "impact/slices/<int:pk>/",
    "impact:slice_stage": "impact/slices/<int:pk>/stage/",
    "impact:reflection": "impact/reflections/<int:pk>/",
    "impact:obstacle": "impact/obstacles/<int:pk>/",
    "impact:obstacle_escalate": "impact/obstacles/<int:pk>/escalate/",
    "impact:obstacle_answer": "impact/obstacles/<int:pk>/answer/",
    "impact:notifications": "impact/notifications/",
    "impact:notification_read": "impact/notifications/<int:pk>/read/",
    "impact:notification_preferences": "impact/notifications/preferences/",
    "insights:overview": "insights/",
    "insights:dashboard": "insights/pilots/<int:pk>/",
    "insights:pulse": "insights/pilots/<int:pk>/pulse/",
    "insights:pulse_round": "insights/pulse/<int:pk>/",
    "insights:pulse_round_next": "insights/pulse/<int:pk>/next/",
    "insights:stories": "insights/pilots/<int:pk>/stories/",
    "insights:story_people": "insights/pilots/<int:pk>/stories/people/",
    "insights:story": "insights/stories/<int:pk>/",
    "insights:connections": "insights/pilots/<int:pk>/connections/",
    "insights:connections_refresh": "insights/pilots/<int:pk>/connections/refresh/",
    "insights:collaboration": "insights/collaboration/",
    "insights:scale": "insights/pilots/<int:pk>/scale-next/",
    "insights:reports": "insights/pilots/<int:pk>/reports/",
    "insights:report_status": "insights/reports/<int:pk>/status/",
    "insights:report_download": "insights/reports/<int:pk>/download.<str:kind>",
    "leadership:playbook": "leadership/pilots/<int:pk>/playbook/",
    "leadership:playbook_tick": "leadership/pilots/<int:pk>/playbook/tick/",
    "leadership:playbook_move_on": "leadership/pilots/<int:pk>/playbook/move-on/",
    "leadership:playbook_export": "leadership/pilots/<int:pk>/playbook/export.<str:kind>",
    "leadership:playbooks": "leadership/playbooks/",
    "leadership:step_add": "leadership/playbooks/steps/new/",
    "leadership:step_edit": "leadership/playbooks/steps/<slug:key>/",
    "leadership:step_action": "leadership/playbooks/steps/<slug:key>/<str:action>/",
    "leadership:publish": "leadership/playbooks/publish/",
    "leadership:discard": "leadership/playbooks/discard/",
    "leadership:rights": "leadership/pilots/<int:pk>/rights/",
    "leadership:kind_new": "leadership/pilots/<int:pk>/rights/new/",
    "leadership:rights_seed": "leadership/pilots/<int:pk>/rights/seed/",
    "leadership:right_edit": "leadership/pilots/<int:pk>/rights/<int:kind_pk>/",
    "leadership:right_history": "leadership/pilots/<int:pk>/rights/<int:kind_pk>/history/",
    "leadership:decisions": "leadership/workgroups/<int:pk>/decisions/",
    "leadership:workgroup_right_edit": "leadership/workgroups/<int:pk>/rights/<int:kind_pk>/",
    "leadership:surge_new": "leadership/pilots/<int:pk>/surges/new/",
    "leadership:surge": "leadership/surges/<int:pk>/",
    "api_not_found": "^api/(?P<rest>.*)$",
}


def app_urlconfs() -> dict[str, ModuleType]:
    """Every app's URL module that the site includes: {app: module}."""
    found = {}
    for p in get_resolver().url_patterns:
        module = getattr(p, "urlconf_module", None)
        name = getattr(module, "__name__", "")
        if isinstance(p, URLResolver) and re.fullmatch(r"workshift\.\w+\.urls", name):
            found[name.split(".")[1]] = module
    return found


def view_modules(app: str) -> list[ModuleType]:
    """The app's `views` module, or each module of its `views` package."""
    views = importlib.import_module(f"workshift.{app}.views")
    if not hasattr(views, "__path__"):
        return [views]
    return [
        importlib.import_module(f"{views.__name__}.{info.name}")
        for info in pkgutil.iter_modules(views.__path__)
    ]


def index_problems(urlpatterns: list[Any], modules: list[ModuleType]) -> list[str]:
    """What keeps `urlpatterns` from being the view modules' `routes`, one list after another."""
    problems = []
    listing = [m for m in modules if hasattr(m, "routes")]
    for module in listing:
        for route in module.routes:
            home = route.callback.__module__
            if home != module.__name__ and not home.startswith("django."):
                problems.append(f"{module.__name__} routes {route.name}, a view of {home}")
    missing = [m.__name__ for m in listing if not any(r in urlpatterns for r in m.routes)]
    problems += [f"the routes of {name} are not in the index" for name in missing]
    order = sorted(
        (m for m in listing if m.__name__ not in missing),
        key=lambda m: min(i for i, p in enumerate(urlpatterns) if p in m.routes),
    )
    expected = [route for module in order for route in module.routes]
    if urlpatterns != expected:
        problems.append(
            "the index is not the modules' routes one list after another: "
            f"{[p.name for p in urlpatterns]} != {[p.name for p in expected]}"
        )
    return problems


def shadowed_names(urlpatterns: list[Any]) -> list[str]:
    """The names whose own path, with sample values, resolves to another route."""
    resolver = URLResolver(RegexPattern(r"^/"), urlpatterns)
    shadowed = []
    for p in urlpatterns:
        if not isinstance(p, URLPattern) or not p.name:
            continue
        kwargs = {
            key: 1 if converter == "int" else "x"
            for converter, key in re.findall(r"<(?:(\w+):)?(\w+)>", str(p.pattern))
        }
        if resolver.resolve("/" + resolver.reverse(p.name, **kwargs)).url_name != p.name:
            shadowed.append(p.name)
    return shadowed


@pytest.mark.parametrize("app", sorted(app_urlconfs()))
def test_an_app_urlconf_is_the_routes_of_its_view_modules(app: str) -> None:
    assert index_problems(app_urlconfs()[app].urlpatterns, view_modules(app)) == []


@pytest.mark.parametrize(
    "change",
    ["a route left out", "a route written in the index", "a route moved out of its module's run"],
)
def test_the_index_check_finds_a_wrong_index(change: str) -> None:
    # given the impact app's index, changed
    patterns = list(app_urlconfs()["impact"].urlpatterns)
    if change == "a route left out":
        patterns.pop(3)
    elif change == "a route written in the index":
        patterns.append(path("elsewhere/", patterns[0].callback, name="elsewhere"))
    else:
        patterns.append(patterns.pop(0))
    # then the check says so
    assert index_problems(patterns, view_modules("impact")) != []


def test_the_named_routes_and_their_paths_are_the_pinned_ones() -> None:
    assert url_names() == NAMED_ROUTES


@pytest.mark.parametrize("app", sorted(app_urlconfs()))
def test_every_route_of_an_app_resolves_to_itself(app: str) -> None:
    assert shadowed_names(app_urlconfs()[app].urlpatterns) == []


def test_a_route_placed_after_a_wider_one_is_found_shadowed() -> None:
    # given the default playbooks' routes with the step editor ("steps/<slug:key>/") first
    patterns = list(playbooks.routes)
    names = [p.name for p in patterns]
    add, edit = names.index("step_add"), names.index("step_edit")
    patterns[add], patterns[edit] = patterns[edit], patterns[add]
    # then "steps/new/" reaches the step editor
    assert shadowed_names(patterns) == ["step_add"]
