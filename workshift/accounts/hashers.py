"""How passwords are kept: Argon2id with the OWASP baseline cost.

Django's own Argon2 settings (100 MiB, 8 lanes) and its PBKDF2 default (over a million rounds)
cost 0.3 to 0.8 s of CPU for every login on a small server; this is the OWASP password storage
baseline for Argon2id (19 MiB, 2 passes, 1 lane), about 30 ms. Hashes made with other settings
or other hashers still verify and are re-hashed with these on the next successful login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


PASSWORD_HASHERS = [
    "workshift.accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
