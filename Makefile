# Vroeg Doen — the two commands: `make run` and `make test`.
PY_SYS   ?= python3
VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
WAREHOUSE := data/warehouse.duckdb
PORT     ?= 8501
INPUTS   := $(shell find data/raw warehouse geo -type f \( -name '*.py' -o -name '*.sql' -o -name '*.csv' -o -name '*.json' -o -name '*.geojson' \) 2>/dev/null)

.PHONY: run test postgres warehouse refresh bench clean help browser demo demo-verwijderen templates backup restore image image-base image-test image-clean
.DEFAULT_GOAL := help

help:
	@echo "make run        zet alles klaar en start het dashboard op http://localhost:$(PORT)"
	@echo "make test       zet alles klaar en draait alle tests (ook de browsertests)"
	@echo "make warehouse  bouwt data/warehouse.duckdb opnieuw uit data/raw/"
	@echo "make refresh    haalt de nieuwste cijfers en grenzen op bij CBS en PDOK (internet nodig) en bouwt opnieuw"
	@echo "make bench      meet bouwtijd, paginatijden en kaartgrootte"
	@echo "make demo       laadt de voorbeelddata (Almere, De Schoor); make demo-verwijderen haalt ze weg"
	@echo "make backup     reservekopie van de importopslag (data/backups/); make restore BESTAND=… zet er een terug"
	@echo "make image      bouwt het containerimage met podman (docs/installatie.md); make image-test test het"

$(STAMP): requirements.txt requirements-test.txt
	test -d $(VENV) || $(PY_SYS) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(STAMP)

$(WAREHOUSE): $(STAMP) $(INPUTS)
	$(PY) -m warehouse.build
	$(PY) -m queries.downloads

warehouse: $(STAMP)
	$(PY) -m warehouse.build
	$(PY) -m queries.downloads

# Downloads into data/raw/cbs_refresh/ (not in git), then rebuilds; see README "Verversen vanuit CBS en PDOK".
refresh: $(STAMP)
	$(PY) -m admin.refresh

# Lokale modus, asked for explicitly (VROEGDOEN_LOKAAL=1): only this machine can reach it (127.0.0.1);
# without it and without [auth] in .streamlit/secrets.toml the dashboard is read-only (README).
run: $(WAREHOUSE)
	$(PY) -m admin.demo --default
	VROEGDOEN_LOKAAL=1 $(PY) -m streamlit run dashboard.py --server.address=127.0.0.1 --server.port=$(PORT)

demo: $(WAREHOUSE)
	$(PY) -m admin.demo

demo-verwijderen: $(WAREHOUSE)
	$(PY) -m admin.demo --remove

# The import store in one checked file: make backup [BESTAND=…]; make restore BESTAND=data/backups/….
backup: $(STAMP)
	$(PY) -m admin.backup maak $(BESTAND)

restore: $(STAMP)
	@test -n "$(BESTAND)" || { echo "Geef het bestand: make restore BESTAND=data/backups/organisations-….duckdb"; exit 2; }
	$(PY) -m admin.backup terugzetten $(BESTAND)

templates: $(STAMP)
	$(PY) -m orgdata.templates

# Debian's Chromium for the browser tests and the exports, pdftoppm (poppler-utils) for the export tests;
# installed when missing and we may (root), never downloaded.
browser:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  echo "Chromium en poppler-utils installeren (Debian) …" && apt-get update -qq && \
	  apt-get install -y -qq chromium poppler-utils >/dev/null; } || \
	  echo "Let op: installeer 'apt-get install -y chromium poppler-utils' voor de browser- en exporttests."

# Debian's PostgreSQL for the tests of the shared organisation store (issue 22): installed and started
# when missing and we may (root), with a test role; deploy/postgres-test.sh says what it does.
postgres:
	@bash deploy/postgres-test.sh

test: $(WAREHOUSE) browser postgres
	$(PY) -m pytest

bench: $(WAREHOUSE)
	$(PY) bench/benchmark.py

# --- container image (docs/installatie.md) ---------------------------------------------------------
# podman with this machine's settings (deploy/containers.conf); a Debian base from mmdebstrap, no registry.
IMAGE       ?= localhost/vroegdoen:latest
BASE_IMAGE  ?= localhost/vroegdoen-base:bookworm
PODMAN      := CONTAINERS_CONF=$(CURDIR)/deploy/containers.conf podman
# The build machine's CA bundle for pip, passed as a build secret (not kept in the image).
PIP_CERT    ?= $(firstword $(wildcard /etc/ssl/certs/ca-certificates.crt) /dev/null)
IMAGE_PORT  ?= 8660

image-base:
	$(PODMAN) image exists $(BASE_IMAGE) || CONTAINERS_CONF=$(CURDIR)/deploy/containers.conf deploy/base-image $(BASE_IMAGE)

image: image-base
	$(PODMAN) build --format docker --secret id=pip_cert,src=$(PIP_CERT) --build-arg BASE=$(BASE_IMAGE) \
	  -f deploy/Containerfile -t $(IMAGE) .

# Runs the image and checks: health, non-root user, no secrets inside, read-only Data page without [auth].
image-test: image $(STAMP) browser postgres
	CONTAINERS_CONF=$(CURDIR)/deploy/containers.conf $(PY) deploy/image_test.py --image $(IMAGE) --port $(IMAGE_PORT)

# Removes the image, the base and podman's leftover layers (about 3 GB).
image-clean:
	-$(PODMAN) rm -f -v vroegdoen-image-test
	-$(PODMAN) rmi -f $(IMAGE) $(BASE_IMAGE)
	-$(PODMAN) image prune -f

clean:
	rm -rf $(VENV) $(WAREHOUSE) .pytest_cache
