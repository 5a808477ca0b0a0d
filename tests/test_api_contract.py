"""The API keeps its own OpenAPI contract: schemathesis runs every check on every operation.

Every operation is exercised with a program lead's token and with a workgroup member's
token (examples, coverage, fuzzing and stateful phases, bounded by `schemathesis.toml`)
against a live server of the app, over a pilot holding one record of every kind; path
parameters name those records, so generated requests act on real ones.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.engine import events

from workshift.accounts.services import api_token_create

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
CONFIG = Path(__file__).resolve().parent.parent / "schemathesis.toml"


@pytest.fixture
def world() -> dict[str, Any]:
    from tests.orgs import full_pilot_build

    return full_pilot_build()


def record_ids(world: dict[str, Any], role: str) -> dict[str, Any]:
    """Path parameters pinned to real records, so generated requests reach them, not only 404s."""
    from workshift.pilots.models import PilotMember

    records = world["records_a"]
    manager = PilotMember.objects.get(pilot=world["pilot"], user=world["users"]["manager"])
    return {
        "pilot_id": world["pilot"].pk,
        "workgroup_id": world["a"].pk,
        "member_id": manager.pk,
        "candidate_id": world["candidate"].pk,
        "metric_id": world["frontline"].pk,
        "run_id": world["run"].pk,
        "expectations_id": world["group_expectations"].pk,
        "participant_id": world["participant"].pk,
        "task_id": world["task"].pk,
        "coach_id": world["org"]["people"]["coach"].pk,
        "application_id": world["application"].pk,
        "token": world["call"].token,
        "obstacle_id": records["obstacle"],
        "opportunity_id": records["opportunity"],
        "slice_id": records["slice"],
        "reflection_id": records["reflection"],
        "adopted_id": records["adopted"],
        "proposal_id": records["proposal"],
        "practice_id": world["practice"].pk,
        "round_id": world["pulse"].pk,
        "story_id": world["story"].pk,
        "report_id": world["report"].pk,
        "person_id": world["org"]["people"]["member"].pk,
        "unit_id": world["org"]["units"]["CC-COL"].pk,
        "job_id": world["import_job"].pk,
        "notification_id": world["notifications"][role],
        "key": "coach-story",  # a step of the starter playbooks
    }


def contract_run(*, url: str, token: str, ids: dict[str, Any], coverage: bool) -> dict[str, Any]:
    """Run schemathesis with `token`; return operations, cases and the failures found.

    `coverage` adds the coverage phase (every boundary case the schema defines), the
    longest phase by far.
    """
    settings = tomllib.loads(CONFIG.read_text())
    if not coverage:
        settings.setdefault("phases", {})["coverage"] = {"enabled": False}
    settings["parameters"] = {f"path.{name}": value for name, value in ids.items()}
    config = schemathesis.Config.from_dict(settings)
    config.projects.default.headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_url(f"{url}/api/openapi.json", config=config)
    operations, cases, failures, errors = set(), 0, [], []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            if recorder.label.split(" ")[0] in METHODS:
                operations.add(recorder.label)
            cases += len(recorder.cases)
            for checks in recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        failures.append(
                            f"{recorder.label}: {check.name}: {failure.title}\n"
                            f"    {failure.message[:400]}\n    {check.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "value", getattr(event, "exception", event))))
    return {"operations": operations, "cases": cases, "failures": failures, "errors": errors}


@pytest.mark.slow
@pytest.mark.contract
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_operation_keeps_the_contract(world: dict[str, Any], live_server: Any) -> None:
    document = _operation_count()
    for role in ("lead", "member"):
        # given a token of the role and the whole OpenAPI document
        token = api_token_create(user=world["users"][role], name="contract")
        # when schemathesis exercises every operation
        ids = record_ids(world, role)
        # (the lead's run walks every boundary case; the member's run checks that refusals
        # keep the contract too, with generated and stateful cases only)
        found = contract_run(url=live_server.url, token=token, ids=ids, coverage=role == "lead")
        # then every operation ran and no check failed
        print(
            f"{role}: {len(found['operations'])} operations, {found['cases']} cases, "
            f"{len(found['failures'])} failures"
        )
        failures = sorted(set(found["failures"]))
        assert not failures, f"{role}:\n" + "\n".join(failures)
        assert not found["errors"], f"{role}:\n" + "\n".join(found["errors"])
        assert len(found["operations"]) == document
        assert found["cases"] >= document


def _operation_count() -> int:
    from django.test import Client

    paths = Client().get("/api/openapi.json").json()["paths"]
    return sum(len(methods) for methods in paths.values())


def test_no_two_api_schemas_share_a_name() -> None:
    """The OpenAPI document names schemas by class name: two classes of one name would merge."""
    from ninja import Schema

    import workshift.api.api  # noqa: F401  (loads every router)

    modules: dict[str, set[str]] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("workshift."):
            modules.setdefault(cls.__name__, set()).add(cls.__module__)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}
