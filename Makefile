# newsroom: `make run` for a local site with demo content, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
# Local development only: the settings themselves default to production behaviour.
LOCAL_ENV = DEBUG=true SECRET_KEY="$$(cat .local-secret)"
TEST_ENV = DEBUG=true SECRET_KEY=test-only-secret-key

.PHONY: install test-deps run test test-sqlite test-postgres lint lock messages compilemessages bench soak clean

$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 13) else "newsroom needs Python 3.13 (see .python-version); found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

install: $(BIN)/.installed

# What the browser and page-quality tests need besides Python: Debian's Chromium (never a browser
# download), a Java runtime for the Nu HTML Checker, a CJK font for Chinese pages, and the pinned npm tools.
DEBIAN_TEST_PACKAGES = chromium default-jre-headless fonts-wqy-microhei
test-deps: install
	@if ! command -v chromium >/dev/null || ! command -v java >/dev/null || ! fc-list 2>/dev/null | grep -qi wqy; then \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $(DEBIAN_TEST_PACKAGES); \
	fi
	npm ci --no-audit --no-fund

.local-secret:
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: install .local-secret
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --no-input
	$(LOCAL_ENV) $(BIN)/python manage.py demo_content --superuser
	$(LOCAL_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: test-sqlite test-postgres

# The browser and page-checker tests (marked browser) run once, in the PostgreSQL run.
test-sqlite: install
	$(TEST_ENV) $(BIN)/pytest -m "not browser"

# Runs when PostgreSQL answers on 127.0.0.1:5432; under CI a missing server is a failure, not a skip.
test-postgres: install
	@if $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2)' 2>/dev/null; then \
		echo "== the suite again on PostgreSQL"; \
		$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" && \
		echo "== the browser tests, once, on PostgreSQL (their live server empties the tables migrations filled)" && \
		$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest -m browser; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable on 127.0.0.1:5432: CI must run the suite on it." >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable on 127.0.0.1:5432: skipped the PostgreSQL run."; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Measurements, not part of `make test`. bench.images and bench.wordpress print a line each; bench.pages serves
# the site with gunicorn on PostgreSQL and Redis against 100,000 generated articles (made once, then kept),
# measures it with wrk (Debian's, installed here when missing), writes docs/performance.md and fails on a
# sequential scan of the article or comment table. BENCH_SECONDS (5) a target and round, BENCH_ROUNDS (2).
bench: install
	@command -v wrk >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends wrk; }
	$(TEST_ENV) $(BIN)/python -m bench.images
	$(TEST_ENV) $(BIN)/python -m bench.wordpress
	$(TEST_ENV) $(BIN)/python -m bench.pages

# The soak (soak/): two app servers on a PostgreSQL cluster and a redis-server of its own, stopped and started
# under load for SOAK_SECONDS (60 by default). Fails when an accepted comment is lost or a 5xx answer falls
# outside the fault windows; writes its numbers to docs/reliability.md (SOAK_REPORT names another file).
soak: install
	$(TEST_ENV) $(BIN)/python -m soak

# Re-resolve the pinned versions after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.13 --generate-hashes -o requirements.lock

# Translators only (these two need GNU gettext): collect the interface strings into locale/*/django.po,
# then, once translated, compile the .mo files that are committed with them.
I18N_IGNORE = --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=media
messages: install
	$(TEST_ENV) $(BIN)/python manage.py makemessages -l en -l zh_Hans --no-obsolete --no-location $(I18N_IGNORE) --ignore=tests

compilemessages: install
	$(TEST_ENV) $(BIN)/python manage.py compilemessages $(I18N_IGNORE)

clean:
	rm -rf $(VENV) staticfiles
