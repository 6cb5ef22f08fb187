# Two commands for a newcomer: `make demo` and `make test`. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install node-deps demo test serve messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "orgsite needs Python 3.11 or newer: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## axe-core (package-lock.json) for the browser accessibility tests, only when npm is installed: without npm,
## or when npm ci fails (offline), make test still runs and those tests skip, saying why.
node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "npm not found: skipping node_modules (the axe-core accessibility tests will skip)"; \
	elif npm ci --no-audit --no-fund; then \
		touch $@; \
	else \
		echo "warning: npm ci failed: the axe-core accessibility tests will skip" >&2; \
	fi

node-deps: node_modules/.installed

## Set up, migrate, load the demo (with media and a staff account), and serve on 127.0.0.1:$(PORT).
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	DEBUG=1 EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend NEWSROOM_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## The whole test suite (SQLite by default; set DATABASE_URL to run it on PostgreSQL).
test: install node-deps
	$(PY) -m pytest

## Refresh translation catalogs after changing interface strings (needs GNU gettext), then compile them.
## locale/ is ours (Python and templates: django.po; static/ scripts: djangojs.po), rewritten from the source;
## locale_overrides/ (strings of Django and the other apps, labels composed at run time) is edited by hand and
## only compiled here.
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=media
messages: install
	$(PY) manage.py makemessages -l vi $(MESSAGES_IGNORE) --no-obsolete
	$(PY) manage.py makemessages -l vi -d djangojs $(MESSAGES_IGNORE) --no-obsolete
	$(PY) manage.py compilemessages -l vi --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) .pytest_cache node_modules
