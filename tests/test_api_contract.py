"""The API keeps its own OpenAPI contract: schemathesis runs every check on every operation.

Every operation is exercised with a program lead's token and with a workgroup member's
token (examples, coverage, fuzzing and stateful phases, bounded by `schemathesis.toml`)
against a live server of the app, over a pilot holding one record of every kind.
"""

from __future__ import annotations

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


def contract_run(*, url: str, token: str) -> dict[str, Any]:
    """Run schemathesis with `token`; return operations, cases and the failures found."""
    config = schemathesis.Config.from_path(CONFIG)
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
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_operation_keeps_the_contract(world: dict[str, Any], live_server: Any) -> None:
    document = _operation_count()
    for role in ("lead", "member"):
        # given a token of the role and the whole OpenAPI document
        token = api_token_create(user=world["users"][role], name="contract")
        # when schemathesis exercises every operation
        found = contract_run(url=live_server.url, token=token)
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
