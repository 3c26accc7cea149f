# Schadeloket: two commands on a fresh machine (Python 3.11): `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= small

.PHONY: run test setup setup-dev system-run system-test bench lint messages ci clean

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale $(SCALE)
	$(PY) manage.py create_demo_accounts
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup-dev
	$(PY) -m bench $(BENCH_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check src tests bench

setup: system-run $(VENV)/.runtime node_modules/.installed messages

setup-dev: setup system-test $(VENV)/.dev

$(VENV)/.runtime: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden). Zet PYTHON=... of installeer Python 3.11."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | grep -v "is ignored: it is neither" || true
	$(PY) -c "import django, SpiffWorkflow, pyproj, shapely" # fails loudly when the install did not work
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 | grep -v "is ignored: it is neither" || true
	$(PY) -c "import pytest, playwright, factory, hypothesis"
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is nodig voor de NL Design System-stijlen. Installeer Node.js 20 of nieuwer."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Translations: Dutch is the source language; English is compiled from the .po files.
messages: system-run $(VENV)/.runtime
	@if ! ls src/schadeloket/locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then true; \
	elif command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0; \
	else echo "msgfmt (gettext) ontbreekt: de Engelse vertaling wordt overgeslagen."; fi

# Debian packages: WeasyPrint needs Pango and fonts for letters, gettext compiles the English
# catalogue; the tests also drive Debian's Chromium (never a browser download) and read PDFs with
# poppler. Installed when missing (as root), otherwise the message says what to install.
RUN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := $(RUN_PACKAGES) chromium poppler-utils
define apt_ensure
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Debian-pakketten installeren: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Installeer eerst: sudo apt-get install $$missing"; exit 1; fi; \
	fi
endef

system-run:
	$(call apt_ensure,$(RUN_PACKAGES))

system-test:
	$(call apt_ensure,$(TEST_PACKAGES))

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules var
