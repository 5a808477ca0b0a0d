"""Passwords are kept with Argon2id at the OWASP baseline; older hashes still log in and are
re-hashed. (The suite itself hashes with MD5 for speed; these tests use the production list.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from workshift.accounts.hashers import PASSWORD_HASHERS

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS)
def test_a_new_password_is_hashed_with_argon2id_at_the_baseline_cost() -> None:
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("correct horse battery staple", encoded)
    assert not check_password("correct horse battery stapler", encoded)


@override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS)
def test_an_older_pbkdf2_hash_logs_in_and_is_rehashed(client, django_user_model) -> None:
    user = django_user_model.objects.create(username="olga")
    user.password = make_password("an older password", hasher="pbkdf2_sha256")
    user.save()
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"

    response = client.post(
        "/accounts/login/",
        {"username": "olga", "password": "an older password"},
        secure=True,
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS)
def test_an_argon2_hash_with_other_costs_is_brought_to_the_baseline() -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    heavier = Argon2PasswordHasher().encode("a password", Argon2PasswordHasher().salt())
    assert "m=102400" in heavier
    updated: list[str] = []
    assert check_password("a password", heavier, setter=updated.append)
    assert updated == ["a password"]
