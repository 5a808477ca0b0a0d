"""The lists that collect each app's commands, API routers and demo data name real modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshift import cli, demo
from workshift.api import api as api_module

APPS = Path(cli.__file__).parent


def _modules_named(filename: str) -> set[str]:
    return {f"workshift.{p.parent.name}.{p.stem}" for p in APPS.glob(f"*/{filename}")}


def test_the_command_loader_fails_loudly_on_a_missing_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "APP_COMMANDS", [*cli.APP_COMMANDS, "workshift.renamed.commands"])
    with pytest.raises(ModuleNotFoundError, match="workshift.renamed"):
        cli.build_parser()


def test_the_api_loader_fails_loudly_on_a_missing_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_module, "API_MODULES", ["workshift.renamed.api"])
    with pytest.raises(ModuleNotFoundError, match="workshift.renamed"):
        api_module._add_routers()


@pytest.mark.django_db
def test_the_demo_loader_fails_loudly_on_a_missing_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "DEMO_STEPS", ["workshift.renamed.demo"])
    with pytest.raises(ModuleNotFoundError, match="workshift.renamed"):
        demo.demo_load()


def test_every_app_module_of_each_kind_is_listed_exactly_once() -> None:
    assert sorted(cli.APP_COMMANDS) == sorted(_modules_named("commands.py"))
    # an app's router lives in api.py, and may be extended by api_<concept>.py modules
    assert sorted(api_module.API_MODULES) == sorted(
        (_modules_named("api.py") | _modules_named("api_*.py")) - {"workshift.api.api"}
    )
    assert sorted(demo.DEMO_STEPS) == sorted(_modules_named("demo.py"))
    for listed in (cli.APP_COMMANDS, api_module.API_MODULES, demo.DEMO_STEPS):
        assert len(listed) == len(set(listed))
