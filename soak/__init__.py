"""
The soak (`make soak`): newsroom under steady load for SOAK_SECONDS (60 by default), on infrastructure of its
own that it breaks on purpose: two app servers (gunicorn, DEBUG off) on a PostgreSQL cluster and a redis-server
it starts on free ports, stopping and starting each of them mid-run. It checks that nothing a reader was told
was accepted is lost, and that the only errors are the short 503 page while the database is away; it prints
its numbers and writes them to docs/reliability.md (SOAK_REPORT names another file).
"""
