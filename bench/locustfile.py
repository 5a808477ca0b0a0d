"""The load of `make bench-web`: users on the champion's pages and the API, and a static file.

Each simulated user logs in as the demo champion on one of the servers (BENCH_HOSTS, comma
separated), then keeps opening one of the measured pages, waiting WAIT_MIN..WAIT_MAX seconds
between requests like a person reading a page.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import HttpUser, between, task

HOSTS = os.environ.get("BENCH_HOSTS", "http://127.0.0.1:8741").split(",")
PILOT = os.environ.get("BENCH_PILOT", "1")
WORKGROUP = os.environ.get("BENCH_WORKGROUP", "1")
SEARCH = os.environ.get("BENCH_SEARCH", "smith")
USERNAME = os.environ.get("BENCH_USER", "champion")
PASSWORD = os.environ.get("BENCH_PASSWORD", "workshift-demo")
WAIT = (float(os.environ.get("WAIT_MIN", "0.5")), float(os.environ.get("WAIT_MAX", "1.5")))
SESSIONS = [k for k in os.environ.get("BENCH_SESSIONS", "").split(",") if k]
_next_host = itertools.cycle(HOSTS)
_next_session = itertools.cycle(SESSIONS)

PAGES = {
    "dashboard": f"/insights/pilots/{PILOT}/",
    "workgroup space": f"/impact/workgroups/{WORKGROUP}/",
    "people search": f"/people/?q={SEARCH}",
    "obstacles": f"/impact/pilots/{PILOT}/obstacles/",
    "api people": f"/api/people?q={SEARCH}",
    "api pilots": "/api/pilots",
    "api obstacles": f"/api/workgroups/{WORKGROUP}/obstacles",
    "static": "/static/workshift/workshift.css",
}


class Champion(HttpUser):
    wait_time = between(*WAIT)
    host = HOSTS[0]

    def on_start(self) -> None:
        self.client.base_url = next(_next_host)
        if SESSIONS:  # signed in beforehand: the run measures pages, not the password hasher
            self.client.cookies.set("sessionid", next(_next_session))
            return
        page = self.client.get("/accounts/login/", name="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        response = self.client.post(
            "/accounts/login/",
            {
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
        )
        if 'name="password"' in response.text:
            raise RuntimeError(f"cannot log in as {USERNAME} on {self.client.base_url}")

    def _get(self, name: str) -> None:
        with self.client.get(PAGES[name], name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")

    @task
    def dashboard(self) -> None:
        self._get("dashboard")

    @task
    def workgroup_space(self) -> None:
        self._get("workgroup space")

    @task
    def people_search(self) -> None:
        self._get("people search")

    @task
    def obstacles(self) -> None:
        self._get("obstacles")

    @task
    def api_people(self) -> None:
        self._get("api people")

    @task
    def api_pilots(self) -> None:
        self._get("api pilots")

    @task
    def api_obstacles(self) -> None:
        self._get("api obstacles")

    @task
    def static(self) -> None:
        self._get("static")
