"""The soak's numbers and verdicts, as the Markdown of docs/reliability.md."""

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

STEADY = "steady (outside the fault windows)"


@dataclass
class Results:
    traffic: object
    windows: list
    checks: dict
    elapsed: float
    stored: Counter
    required: int
    # Who sent the traffic, in words.
    load: str
    # CPU seconds the app servers' workers used during the run.
    workers_cpu: float
    # CPU seconds the soak's own process used meanwhile, sending and recording the traffic.
    own_cpu: float
    # The machine's load average (1, 5 and 15 minutes) as the traffic began: how much other work shared it.
    load_average: tuple
    by_window: dict = field(init=False)

    def __post_init__(self):
        self.by_window = {STEADY: [], **{window.name: [] for window in self.windows}}
        for request in self.traffic.requests:
            window = next((window for window in self.windows if window.holds(request)), None)
            self.by_window[window.name if window else STEADY].append(request)
        accepted = Counter(self.traffic.accepted)
        lost = [token for token in accepted if self.stored[token] == 0]
        twice = [token for token in accepted if self.stored[token] > 1]
        steady, database, cache = (
            self.by_window[name] for name in [STEADY, "database outage", "cache outage"]
        )
        self.checks |= {
            f"at least {self.required:,} comments accepted": (
                len(accepted) >= self.required,
                f"{len(accepted):,}",
            ),
            "every accepted comment stored exactly once": (
                not lost and not twice,
                f"{len(lost)} lost, {len(twice)} stored more than once",
            ),
            "every reader, commenter and probe kept going to the end": (
                not self.traffic.crashes,
                "; ".join(self.traffic.crashes) or "all did",
            ),
            "no 5xx answer outside the fault windows": verdict(server_errors(steady)),
            "only the short 503 page while the database is away": verdict(
                [request for request in database if request.problem]
            ),
            "no 5xx answer while Redis is away": verdict(server_errors(cache)),
        }

    def passed(self):
        return all(ok for ok, _detail in self.checks.values())

    def markdown(self):
        requests = self.traffic.requests
        cpu_per_request = self.workers_cpu / max(len(requests), 1)
        accepted = set(self.traffic.accepted)
        stored_unanswered = sum(1 for token in self.stored if token not in accepted)
        lines = [
            "# Reliability: the soak",
            "",
            "Written by `make soak` (`python -m soak`): two app servers (gunicorn, two sync workers each, `DEBUG` off)",
            "on a PostgreSQL cluster and a Redis of the soak's own, with the demo content; readers on every kind",
            "of page and commenters each from an address of their own, all at once. A quarter of the way in",
            "PostgreSQL is stopped (fast shutdown) and started again; past the middle, Redis. A request counts in",
            "a fault window when it overlapped it: from the stop until both servers answer normally again.",
            "",
            "What the app does about each fault: while the database is away, pages in the cache are still served and",
            "every other request gets a short 503 page with `Retry-After` (`newsroom/outages.py`; before the soak it",
            "was the 500 page), and each request checks its connection first (`CONN_HEALTH_CHECKS`), so the servers",
            "reconnect by themselves. While Redis is away, pages are rendered for every request, the comment rate",
            "limit is counted in each process, login throttling and the discussion settings are read from the",
            "database, and each process asks the cache again every few seconds until it answers.",
            "",
            f"Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPU cores: {self.elapsed:.0f} s,"
            f" {len(requests):,} requests ({len(requests) / self.elapsed:.0f} a second),"
            f" {self.load}. Load average as it began: {' '.join(f'{value:.1f}' for value in self.load_average)}.",
            "",
            f"The app servers' workers used {self.workers_cpu:.1f} CPU seconds, {cpu_per_request * 1000:.1f} ms a"
            f" request: at that cost the {os.cpu_count()} cores alone would serve about"
            f" {os.cpu_count() / cpu_per_request:.0f} requests a second. Wall-clock times below include waiting for"
            f" the CPU when other work shares the machine; CPU time does not. The soak itself used {self.own_cpu:.1f}"
            " CPU seconds sending and recording the requests.",
            "",
            "## Requests by window",
            "",
            "| window | seconds | requests | 2xx/3xx | 4xx | 503 outage page | other 5xx or no answer |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        spans = {window.name: window.ended - window.started for window in self.windows}
        spans[STEADY] = self.elapsed - sum(spans.values())
        for name, window_requests in self.by_window.items():
            statuses = Counter(status_class(request) for request in window_requests)
            lines.append(
                f"| {name} | {spans[name]:.1f} | {len(window_requests):,} | {statuses['ok']:,} |"
                f" {statuses['4xx']:,} | {statuses['outage']:,} | {statuses['fault']:,} |"
            )
        lines += [
            "",
            "## Requests by kind",
            "",
            "| kind | requests | from the page cache | median ms | 95th percentile ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for kind in sorted({request.kind for request in requests}):
            of_kind = [request for request in requests if request.kind == kind]
            hits = sum(1 for request in of_kind if request.cache == "hit")
            times = sorted(request.ended - request.started for request in of_kind)
            lines.append(
                f"| {kind} | {len(of_kind):,} | {hits:,} | {times[len(times) // 2] * 1000:.0f} |"
                f" {times[int(len(times) * 0.95)] * 1000:.0f} |"
            )
        lines += [
            "",
            "## Comments",
            "",
            f"- accepted (a redirect to the commenter's own view): {len(accepted):,}",
            f"- accepted and stored exactly once: {sum(1 for token in accepted if self.stored[token] == 1):,}",
            f"- stored though the commenter never got an answer (sent as the database stopped): {stored_unanswered}",
            "",
            "## Recovery",
            "",
        ]
        lines += [
            f"- {window.name}: {window.ended - window.started:.1f} s from the stop until both servers answered"
            f" normally; {window.recovery:.2f} s from the service's return to the first check that found them so"
            if window.recovery is not None
            else f"- {window.name}: no recovery"
            for window in self.windows
        ]
        lines += ["", "## Checks", ""]
        lines += [
            f"- {'passed' if ok else 'FAILED'}: {name} ({detail})"
            for name, (ok, detail) in self.checks.items()
        ]
        return "\n".join(lines) + "\n"


def status_class(request):
    if request.status == 0 or (request.status >= 500 and request.problem):
        return "fault"
    if request.status >= 500:
        return "outage"
    return "4xx" if request.status >= 400 else "ok"


def server_errors(requests):
    return [request for request in requests if request.status >= 500 or request.status == 0]


def verdict(bad):
    """(passed, detail) for a check that no request in `bad` may fail."""
    if not bad:
        return True, "none"
    shown = "; ".join(
        f"{request.kind} on server {request.server}: {request.problem or request.status}"
        for request in bad[:3]
    )
    return False, f"{len(bad)}, such as {shown}"
