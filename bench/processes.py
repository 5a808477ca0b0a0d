"""Start several `workshift serve` and `workshift worker` processes against one database.

    .venv/bin/python bench/processes.py --servers 2 --workers 2 --port 8741

serves on 127.0.0.1:8741, :8742, ... with workers w1, w2, ... until Ctrl-C. Every process gets
the same environment (DATABASE_URL, SECRET_KEY): nothing they share lives in a process's memory.
Used by `make serve-many`, `make bench-web` and the many-processes test.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent


# production settings served on plain http on loopback, as behind a proxy that ends TLS
# (each can still be set in the environment)
LOOPBACK_HTTP = {
    "WORKSHIFT_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "WORKSHIFT_HSTS_SECONDS": "0",
}


def django_output(code: str, *, env: dict[str, str]) -> str:
    """What a Python snippet prints when run with Django set up against the database in `env`."""
    setup = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'workshift.settings');"
        "django.setup();"
    )
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        env={**os.environ, **env},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@dataclass
class Processes:
    """Servers on consecutive loopback ports from `port`, and workers with ids w1, w2, ..."""

    servers: int = 2
    workers: int = 2
    port: int = 8741
    threads: int = 8
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.port + i}" for i in range(self.servers)]

    def _spawn(self, args: list[str], name: str) -> None:
        env = {**LOOPBACK_HTTP, **os.environ, **self.env}
        out: int | object = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "-m", "workshift.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=out,  # type: ignore[arg-type]
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)

    def start(self, *, timeout: float = 180.0) -> Processes:
        for i in range(self.servers):
            port = str(self.port + i)
            self._spawn(["serve", "--port", port, "--threads", str(self.threads)], f"serve-{port}")
        for i in range(self.workers):
            self._spawn(["worker", "--id", f"w{i + 1}"], f"worker-w{i + 1}")
        self.wait_ready(timeout=timeout)
        return self

    def wait_ready(self, *, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for url in self.urls:
            while True:
                try:
                    urllib.request.urlopen(f"{url}/accounts/login/", timeout=30).read()
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if time.monotonic() > deadline:
                        self.stop()
                        raise RuntimeError(f"{url} did not answer within {timeout:.0f} s") from None
                    if any(p.poll() is not None for p in self.started):
                        self.stop()
                        raise RuntimeError("a process ended while starting; see its log") from None
                    time.sleep(0.5)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.started.clear()

    def __enter__(self) -> Processes:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print(
            "Set DATABASE_URL to a PostgreSQL database: SQLite is for one process.", file=sys.stderr
        )
        return 2
    if not os.environ.get("SECRET_KEY"):
        print("Set SECRET_KEY: every server must sign sessions with the same key.", file=sys.stderr)
        return 2
    processes = Processes(
        servers=args.servers, workers=args.workers, port=args.port, threads=args.threads
    )
    processes.start()
    print("serving on " + ", ".join(processes.urls) + f" with {args.workers} workers; Ctrl-C stops")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        processes.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
