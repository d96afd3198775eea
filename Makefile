# Everything a fresh machine needs is installed by these targets (see README: Quick start).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_PACKAGES := chromium fonts-noto-cjk fonts-hosny-amiri fonts-noto-core gettext poppler-utils

.PHONY: demo test test-fast check lint system install messages lock

# Every package, the build backend included, is pinned with the SHA-256 of its files: pip
# refuses anything else (--require-hashes). The locks are compiled from requirements*.in.
LOCKS := requirements.txt requirements-dev.txt requirements-build.txt

$(STAMP): $(LOCKS) pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements-build.txt
	$(PY) -m pip install -q --require-hashes -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
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

PORT ?= 8000
demo: system install
	$(VENV)/bin/minamata-kb demo --port $(PORT)

test: system install
	$(VENV)/bin/pytest -q

# The unit layer alone (what `make test` adds: real processes, whole pipelines on full data,
# the browser, the real models; see the markers in pyproject.toml), on every core (pytest-xdist:
# each worker has its own in-memory database and builds its own persona world once).
test-fast: install
	$(VENV)/bin/pytest -q -n auto --nomigrations -m "not slow and not integration and not browser and not real_models"

lint: install
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/mypy src/minamata_kb conftest.py tests
	$(VENV)/bin/lint-imports --no-logo --no-cache

check: test lint

messages: install
	cd src/minamata_kb && ../../$(VENV)/bin/django-admin makemessages -l ar -l zh_Hans -l fr -l ru -l es --no-obsolete && ../../$(VENV)/bin/django-admin compilemessages

# Re-pin after editing a requirements*.in file: the whole dependency tree, with the hashes of
# every file each release publishes (so the locks install on any platform).
# Extras are kept in the locks (fonttools[woff]): with them stripped, pip in --require-hashes mode
# reads a dependency's extra (weasyprint's fonttools[woff]) as unpinned once a newer release exists.
lock:
	test -x .venv-lock/bin/pip-compile || { python3 -m venv .venv-lock && .venv-lock/bin/pip install -q pip-tools==7.6.2; }
	for f in requirements requirements-dev requirements-build; do \
	  .venv-lock/bin/pip-compile -q --generate-hashes --allow-unsafe --no-strip-extras \
	    --no-emit-index-url --no-emit-find-links -o $$f.txt $$f.in || exit 1; \
	done
