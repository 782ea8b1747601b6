"""A PostgreSQL server of a test's own, started from scratch, for steps that change the server's
configuration (TLS, pg_hba.conf) and so cannot run on the shared throwaway server of the run.

The superuser reaches it only through its Unix socket (as `sudo -u postgres psql` does);
over TCP it asks for passwords, as a team server would.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class OwnServer:
    folder: Path  # holds the data directory, the socket and the log
    port: int
    run_as: list[str]  # the prefix that runs a command as the server's user

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def superuser_url(self) -> str:
        return f"postgresql+psycopg://postgres@/postgres?host={self.folder}&port={self.port}"

    def give(self, path: Path) -> None:
        """Make a file the server's own, as an administrator copying it into place would."""
        if self.run_as:
            shutil.chown(path, "postgres")


AUTH = ("--auth-local=trust", "--auth-host=scram-sha-256")
IMMEDIATELY = ("-m", "immediate", "stop")


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start() -> OwnServer:
    """initdb and start a server on 127.0.0.1 (skips the test where PostgreSQL is missing)."""
    binaries = _binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries here (bash .ci/test installs them)")
    folder = Path(tempfile.mkdtemp(prefix="alliance-desk-own-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    server = OwnServer(folder, _free_port(), run_as)
    options = f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off"
    for command in (
        [str(binaries / "initdb"), "-D", str(server.data), "-U", "postgres", *AUTH],
        [
            str(binaries / "pg_ctl"),
            "-D",
            str(server.data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
    ):
        done = subprocess.run([*run_as, *command], capture_output=True, text=True, check=False)
        if done.returncode:
            stop(server)
            pytest.fail(f"{command[0]} failed: {done.stderr or done.stdout}")
    return server


def stop(server: OwnServer) -> None:
    binaries = _binaries()
    if binaries is not None and server.data.exists():
        subprocess.run(
            [*server.run_as, str(binaries / "pg_ctl"), "-D", str(server.data), *IMMEDIATELY],
            capture_output=True,
            check=False,
        )
    shutil.rmtree(server.folder, ignore_errors=True)
