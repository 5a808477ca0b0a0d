"""Two servers and two workers on one PostgreSQL database: nothing lives in one process's memory.

A program lead logs in over HTTP on server 1 and starts a formation; exactly one of the two
workers runs it; its progress and result are read through server 2 with the same session.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import socket
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.db import connection

from bench.processes import Processes
from tests.conditions.pool import volunteer_pool
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _free_base_port() -> int:
    for _ in range(50):
        base = random.randint(20000, 40000)
        try:
            for port in (base, base + 1):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no two free loopback ports in a row")


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
    return (
        f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


class Browser:
    """A session over plain HTTP: cookies kept, the CSRF token sent back as a header."""

    def __init__(self) -> None:
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def request(
        self, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ):
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def login(self, base: str, username: str, password: str) -> None:
        self.request(f"{base}/accounts/login/")
        body = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
            }
        ).encode()
        status, html = self.request(f"{base}/accounts/login/", data=body)
        assert status == 200 and b'name="password"' not in html, "login over HTTP failed"

    def api(self, url: str, payload: dict | None = None) -> tuple[int, dict]:
        headers = {"X-CSRFToken": self.cookie("csrftoken"), "Content-Type": "application/json"}
        data = json.dumps(payload).encode() if payload is not None else None
        status, body = self.request(url, data=data, headers=headers)
        return status, json.loads(body)


def test_two_servers_and_two_workers_share_sessions_tasks_and_progress(
    pilot, org, users, tmp_path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: several processes share one database "
            "(run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/ws_<name>)"
        )
    # given committed volunteers to form workgroups from
    pool = volunteer_pool(
        pilot=pilot,
        org=org,
        lead=users["lead"],
        deadline=dt.date.today() - dt.timedelta(days=1),
        selected=24,
    )
    people = [p.pk for p in pool["selected"]]
    from django_tasks_db.models import DBTaskResult

    from workshift.conditions.models import FormationRun

    env = {
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "WORKSHIFT_DATA_DIR": str(tmp_path / "data"),
        "WORKSHIFT_TASKS_IMMEDIATE": "",
        "WORKSHIFT_DEBUG": "",
        # the test users' passwords are hashed with the test suite's fast hasher
        "WORKSHIFT_TESTING": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    with Processes(
        servers=2, workers=2, port=_free_base_port(), env=env, log_dir=tmp_path
    ) as processes:
        one, two = processes.urls
        browser = Browser()
        # when the lead logs in on server 1 and starts a formation there
        browser.login(one, "lena", PASSWORD)
        status, run = browser.api(
            f"{one}/api/pilots/{pilot.pk}/formations",
            {"groups": 4, "min_size": 6, "max_size": 6, "people": people,
             "weights": {"discipline": 1, "skills": 1}, "seconds": 4.0},
        )  # fmt: skip
        assert status == 202, run
        assert run["status"] == "queued"
        # then server 2 knows the session and shows the run's progress until it is done
        seen: list[tuple[str, float]] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, state = browser.api(f"{two}/api/pilots/{pilot.pk}/formation-runs/{run['id']}")
            assert status == 200, state
            seen.append((state["status"], state["progress"]))
            if state["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert seen[-1][0] == "done", seen[-5:]
        assert any(s == "running" for s, _ in seen), "server 2 never showed the run in progress"
        assert state["result"]["assignment"] and len(state["result"]["people"]) == 24
    # and exactly one of the two workers ran it, once
    results = list(DBTaskResult.objects.filter(task_path__endswith="formation_run_task"))
    assert len(results) == 1
    assert len(results[0].worker_ids) == 1 and results[0].worker_ids[0] in ("w1", "w2")
    assert FormationRun.objects.get(pk=run["id"]).status == "done"
    logs = {w: (tmp_path / f"worker-{w}.log").read_text() for w in ("w1", "w2")}
    ran = [w for w, text in logs.items() if str(results[0].id) in text]
    assert ran == results[0].worker_ids, logs
