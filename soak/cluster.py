"""
A PostgreSQL cluster of the soak's own: initdb into a temporary folder, served on a free port of the loopback,
stopped and started at will. Never the machine's shared server, which other work relies on.

PostgreSQL refuses to run as root, so when the soak runs as root the cluster belongs to the `postgres` user.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.servers import LOOPBACK, free_port

SUPERUSER = "postgres"
DATABASE = "newsroom"


def binary(name):
    """A PostgreSQL server program: on the PATH, else from the newest version Debian installed."""
    found = shutil.which(name) or next(
        (str(path) for path in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise SystemExit(f"soak: {name} not found: install PostgreSQL's server programs (Debian: postgresql)")
    return found


def as_owner(command):
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", SUPERUSER, "--", *command]


@dataclass
class Cluster:
    port: int = field(default_factory=free_port)
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="newsroom-soak-pg-")))

    @property
    def data(self):
        return self.directory / "data"

    @property
    def url(self):
        return f"postgres://{SUPERUSER}@{LOOPBACK}:{self.port}/{DATABASE}"

    def run(self, *command):
        done = subprocess.run(as_owner(list(command)), capture_output=True, text=True)  # noqa: S603 - ours
        if done.returncode:
            raise SystemExit(f"soak: {' '.join(command)} failed:\n{done.stderr}")

    def create(self):
        """A new cluster with one empty database, started."""
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SUPERUSER)
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        self.run(
            binary("initdb"),
            *("--pgdata", str(self.data), "--username", SUPERUSER, "--auth", "trust"),
            *("--encoding", "UTF8", "--no-sync"),
        )
        self.start()
        with psycopg.connect(host=LOOPBACK, port=self.port, user=SUPERUSER, dbname="postgres") as admin:
            admin.autocommit = True
            admin.execute(f"CREATE DATABASE {DATABASE}")

    def start(self):
        """Start and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses={LOOPBACK}"
        self.run(
            binary("pg_ctl"),
            *("--pgdata", str(self.data), "--log", str(self.directory / "server.log")),
            *("--options", options, "--wait", "start"),
        )

    def stop(self):
        """A fast shutdown: open connections are cut, as when the database server is restarted."""
        self.run(binary("pg_ctl"), "--pgdata", str(self.data), "--mode", "fast", "--wait", "stop")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
