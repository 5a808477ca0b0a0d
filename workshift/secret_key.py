"""The secret key of a self-hosted install: read from SECRET_KEY, or from a file in the data folder.

Without SECRET_KEY the first process writes a random key to `<data>/secret_key`
(owner read/write only) and every later process reads the same file, so sessions
and signed links survive restarts and hold across processes.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "secret_key"
MIN_LENGTH = 50


def _read(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(
            f"the secret key file {path} cannot be read ({exc.__class__.__name__}: "
            f"{getattr(exc, 'strerror', None) or exc}); fix its owner or delete it to make a new one"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ImproperlyConfigured(
            f"the secret key file {path} is readable by other users "
            f"(mode {stat.S_IMODE(mode):04o}); run: chmod 600 {path}"
        )
    if len(text) < MIN_LENGTH:
        raise ImproperlyConfigured(
            f"the secret key file {path} holds {len(text)} characters, fewer than {MIN_LENGTH}; "
            "delete it to make a new one"
        )
    return text


def secret_key_from_file(*, data_dir: Path) -> str:
    """The key in `data_dir/secret_key`, written first (atomically, mode 0600) if it is missing."""
    path = data_dir / KEY_FILE_NAME
    if path.exists():
        return _read(path)
    temporary = data_dir / f".{KEY_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(64) + "\n")
        try:
            # link, not rename: when two processes start at once the first key wins
            os.link(temporary, path)
        except FileExistsError:
            pass
    except OSError as exc:
        raise ImproperlyConfigured(
            f"cannot write the secret key file {path} ({exc.strerror or exc}); "
            "make the data folder writable or set SECRET_KEY"
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return _read(path)
