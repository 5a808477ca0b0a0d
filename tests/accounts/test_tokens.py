"""API tokens: created once, stored as a hash, usable until revoked."""

from __future__ import annotations

from typing import Any

import pytest

from workshift.accounts.models import ApiToken
from workshift.accounts.services import api_token_create, api_token_revoke, api_token_user

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(users: dict[str, Any]) -> None:
    key = api_token_create(user=users["lead"], name="laptop")
    assert key.startswith("ws_") and len(key) > 40
    token = ApiToken.objects.get(user=users["lead"], name="laptop")
    assert key not in token.key_hash and len(token.key_hash) == 64


def test_a_token_authenticates_its_user_and_notes_when_it_was_used(
    users: dict[str, Any],
) -> None:
    key = api_token_create(user=users["coach"], name="script")
    assert api_token_user(key=key) == users["coach"]
    assert ApiToken.objects.get(name="script").last_used_at is not None


def test_a_wrong_key_or_an_inactive_user_authenticates_nobody(users: dict[str, Any]) -> None:
    key = api_token_create(user=users["member"], name="script")
    assert api_token_user(key="ws_not-a-token") is None
    users["member"].is_active = False
    users["member"].save()
    assert api_token_user(key=key) is None


def test_a_revoked_token_no_longer_opens_the_api(client: Any, users: dict[str, Any]) -> None:
    # given two tokens of the lead
    revoked = api_token_create(user=users["lead"], name="old laptop")
    kept = api_token_create(user=users["lead"], name="new laptop")
    assert client.get("/api/people", HTTP_AUTHORIZATION=f"Bearer {revoked}").status_code == 200
    # when one is revoked
    assert api_token_revoke(user=users["lead"], name="old laptop") == 1
    # then it is refused and the other still works
    response = client.get("/api/people", HTTP_AUTHORIZATION=f"Bearer {revoked}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert client.get("/api/people", HTTP_AUTHORIZATION=f"Bearer {kept}").status_code == 200
    assert api_token_user(key=revoked) is None


def test_revoking_a_token_of_another_user_or_name_revokes_nothing(users: dict[str, Any]) -> None:
    key = api_token_create(user=users["lead"], name="laptop")
    assert api_token_revoke(user=users["coach"], name="laptop") == 0
    assert api_token_revoke(user=users["lead"], name="phone") == 0
    assert api_token_user(key=key) == users["lead"]
