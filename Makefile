# Everything a fresh machine needs is installed by these targets (see README: Quick start).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := chromium fonts-noto-cjk fonts-hosny-amiri fonts-noto-core gettext poppler-utils

.PHONY: demo test check lint system install messages

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Debian packages: Chromium for browser tests, CJK and Arabic fonts for PDFs, gettext.
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: system install
	$(VENV)/bin/minamata-kb demo

test: system install
	$(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/mypy src/minamata_kb

check: test lint

messages: install
	cd src/minamata_kb && ../../$(VENV)/bin/django-admin makemessages -l ar -l zh_Hans -l fr -l ru -l es --no-obsolete && ../../$(VENV)/bin/django-admin compilemessages
