"""
Hostile requests on the wire, against gunicorn run as in production (reading gunicorn.conf.py): what the test
client cannot send (raw NUL bytes, overlong request lines, too many headers, a body larger than the cap that is
never sent in full) is refused with a 4xx, and the server keeps answering.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    # DEBUG only so that static file URLs need no collectstatic; the limits under test do not depend on it.
    env.update(
        DEBUG="true",
        SECRET_KEY="real-server-test",
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('server') / 'db.sqlite3'}",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    yield port
    process.terminate()
    process.wait(timeout=10)


def exchange(port, raw, *, then=b""):
    """Send raw bytes, then read the answer's status code and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        # The server may answer and close before taking it all: that is the point.
        with contextlib.suppress(OSError):
            connection.sendall(then)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line, _, headers = answer.partition(b"\r\n")
    return int(status_line.split()[1]), headers.decode("latin-1").lower()


def get(path, *headers):
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def test_an_ordinary_request_is_answered_with_the_security_headers(server):
    status, headers = exchange(server, get("/healthz"))
    assert status == 200
    for header in [
        "content-security-policy: default-src 'self'",
        "x-content-type-options: nosniff",
        "x-frame-options: deny",
        "referrer-policy: strict-origin-when-cross-origin",
        "cross-origin-opener-policy: same-origin",
    ]:
        assert header in headers


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (get("/healthz?q=" + "a" * 8192), 414),
        (get("/healthz", *[f"X-Filler-{number}: x" for number in range(150)]), 431),
        (get("/healthz", "X-Big: " + "a" * 9000), 431),
        (get("/he\x00althz"), 400),
        (b"G@T /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
        (b"GET /healthz HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 400),
        (b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n", 400),
        (
            b"POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
            400,
        ),
    ],
    ids=[
        "8 KB query string",
        "150 headers",
        "9 KB header",
        "raw NUL byte",
        "invalid method",
        "unknown protocol",
        "negative length",
        "two lengths",
    ],
)
def test_malformed_http_is_refused_by_gunicorn(server, raw, status):
    assert exchange(server, raw)[0] == status


@pytest.mark.parametrize("path", ["/", "/comments/post/1/"])
def test_a_20_mb_post_is_refused_with_413_before_it_is_sent(server, path):
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {20 * 1024 * 1024}\r\nConnection: close\r\n\r\n"
    ).encode()
    status, headers = exchange(server, head, then=b"x" * 65536)
    assert status == 413
    assert "content-security-policy" in headers


def test_an_unknown_method_is_a_405(server):
    raw = b"PROPFIND /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    assert exchange(server, raw)[0] == 405


def test_the_server_still_answers_after_all_that(server):
    assert exchange(server, get("/healthz"))[0] == 200
