"""The API docs page works offline and under the Content-Security-Policy."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def test_the_api_docs_load_from_this_server_without_a_policy_violation(
    page: Any, live_server: Any, login: Any, users: Any, csp_violations: Any
) -> None:
    login("alice", PASSWORD)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert outside == []
    assert csp_violations() == []
