# One task runner for the project. `make site` and `make test` work on a fresh Debian machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Material prints a long end-of-life notice on every build; the README records the plan.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast bench lint format serve lock clean system publish-tools hooks csp golden editor

# Decap CMS, the web editor's interface (editor/package.json); only `make editor` needs it.
EDITOR := editor/node_modules/.installed

# Be Vietnam Pro, the font of the infographics and link-preview cards (fonts/package.json).
FONTS := fonts/node_modules/.installed

site: $(VENV)/.site-installed $(FONTS)
	$(VENV)/bin/portal build

# The Nu HTML Checker the tests run on the built site (tests/html/package.json).
HTML_CHECKER := tests/html/node_modules/.installed

test: $(VENV)/.test-installed $(FONTS) $(EDITOR) $(HTML_CHECKER)
	$(PY) -m pytest

# The inner loop: no browser, no servers, no full builds, a tenth of the fuzz cases.
test-fast: $(VENV)/.test-installed $(FONTS)
	PORTAL_FAST=1 PORTAL_FUZZ_SHARE=10 $(PY) -m pytest -q

bench: $(VENV)/.test-installed bench/node_modules/.installed $(FONTS)
	$(PY) -m portal.bench

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check scripts tests
	$(VENV)/bin/ruff format --check scripts tests

format: $(VENV)/.test-installed
	$(VENV)/bin/ruff check --fix scripts tests
	$(VENV)/bin/ruff format scripts tests

serve: $(VENV)/.site-installed $(FONTS)
	$(VENV)/bin/portal serve

# The web editor on http://127.0.0.1:8080/admin/ (Ctrl+C stops it); needs only the site's set-up.
editor: $(VENV)/.site-installed $(FONTS) $(EDITOR)
	$(VENV)/bin/portal editor

# After a deliberate change to how infographics or printed outputs are drawn: redraw
# tests/golden/*.png and tests/golden/print/*.png (look!).
golden: $(VENV)/.test-installed $(FONTS)
	PORTAL_UPDATE_GOLDEN=1 $(PY) -m pytest tests/test_infographics.py tests/test_print.py -k golden -q

# Run `portal check`, ruff and the YAML checks on every `git commit`.
hooks: $(VENV)/.test-installed
	$(VENV)/bin/pre-commit install

# Every Debian package of system-packages.txt (site, tests, publishing), as root.
system:
	bash scripts/install-system-packages.sh site test publish

# What `portal publish --to user@host:/path` needs on the publisher's machine (ssh, rsync).
publish-tools:
	bash scripts/install-system-packages.sh publish

# After a Material upgrade: rewrite the CSP script hashes in deploy/nginx/portal-headers.conf.
csp: $(VENV)/.site-installed
	$(VENV)/bin/portal csp --write

# Building needs only the site group of system-packages.txt: no browser, nginx or sshd.
$(VENV)/.site-installed: requirements/site.lock pyproject.toml system-packages.txt
	bash scripts/install-system-packages.sh site
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/site.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements/test.lock system-packages.txt
	bash scripts/install-system-packages.sh site test publish
	$(PY) -m pip install -q --disable-pip-version-check --require-hashes -r requirements/test.lock
	touch $@

# npm comes with Node.js from most sources; Debian ships it as its own package.
$(FONTS): fonts/package.json fonts/package-lock.json
	@command -v npm >/dev/null || { echo "Cài gói Debian npm để cài phông chữ"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  --no-install-recommends npm; }
	npm ci --prefix fonts --no-audit --no-fund
	touch $@

# --ignore-scripts: the dist/ files are all the editor serves; no install script need run.
$(EDITOR): editor/package.json editor/package-lock.json
	@command -v npm >/dev/null || { echo "Cài gói Debian npm để cài trang biên tập"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  --no-install-recommends npm; }
	npm ci --prefix editor --no-audit --no-fund --ignore-scripts
	touch $@

$(HTML_CHECKER): tests/html/package.json tests/html/package-lock.json
	npm ci --prefix tests/html --no-audit --no-fund
	touch $@

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund
	touch $@

# Regenerate the lock files from pyproject.toml's ranges (needs the package registry): the
# versions pip picks today, then the SHA-256 of every file of each version (pip-compile), so
# installs run with --require-hashes. This machine's pip settings (local wheels, mirrors) are
# set aside, so the versions and hashes are the registry's own.
LOCK_PIP := env -u PIP_FIND_LINKS -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null
# Keeps the blocks of .lock-hashed ("name==version \" and its hash lines) whose package is
# (want=site) or is not (want=test) in .lock-site; names compared in PEP 503 form.
LOCK_SPLIT := function norm(s) { s = tolower(s); gsub(/[-_.]+/, "-", s); return s } \
  NR == FNR { split($$0, a, "=="); site[norm(a[1])] = 1; next } \
  /^[A-Za-z0-9]/ { split($$0, a, "=="); keep = ((norm(a[1]) in site) == (want == "site")) } \
  keep
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	$(LOCK_PIP) .lock-venv/bin/pip install -q -e . && .lock-venv/bin/pip freeze --exclude-editable | LC_ALL=C sort > .lock-site
	$(LOCK_PIP) .lock-venv/bin/pip install -q -e ".[test]" && .lock-venv/bin/pip freeze --exclude-editable | LC_ALL=C sort > .lock-all
	$(LOCK_PIP) .lock-venv/bin/pip install -q pip-tools==7.6.2
	$(LOCK_PIP) .lock-venv/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	  --no-header --no-annotate --no-emit-index-url -o .lock-hashed .lock-all
	{ echo "# Exact versions for building the site, with the hash of every file pip may install;"; \
	  echo "# regenerate with \`make lock\`."; \
	  awk -v want=site '$(LOCK_SPLIT)' .lock-site .lock-hashed; } > requirements/site.lock
	{ echo "# Exact versions for the tests, on top of the site's, with hashes; regenerate with \`make lock\`."; \
	  echo "-r site.lock"; awk -v want=test '$(LOCK_SPLIT)' .lock-site .lock-hashed; } > requirements/test.lock
	rm -rf .lock-venv .lock-site .lock-all .lock-hashed

clean:
	rm -rf site site.tmp site.old .pytest_cache
