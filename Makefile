# The two commands a new user needs: `make run` and `make test`.
# Everything else here is what those two call.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= data/triage.db
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test install browser demo lint bench soak clean-demo

run: install $(DB)  ## set up, build the demo database, start the app on http://localhost:8501
	$(VENV)/bin/streamlit run app.py

test: install browser  ## install what tests need and run them all
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q; status=$$?; if [ $$status -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$status

install: $(STAMP)

# Debian's Chromium for the end-to-end browser test (tests/test_browser.py drives it with Playwright; a
# downloaded browser is never used). Installed with apt as root (as in CI); otherwise the test is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	      || echo "Could not install chromium with apt-get: the browser test will be skipped."; \
	  else \
	    echo "chromium is not installed and apt-get cannot be run as root here: the browser test will be skipped" \
	         "(install it with: sudo apt-get install chromium)."; \
	  fi; }

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

$(DB):
	$(VENV)/bin/triage --db $(DB) demo

demo: install  ## rebuild the demo database from data/samples/
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(VENV)/bin/triage --db $(DB) demo

lint: install
	$(VENV)/bin/ruff check .

bench: install  ## speed and memory figures, as ratios against baselines measured in the same run
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) -m benchmarks.run
	$(PY) -m benchmarks.linkage
	$(PY) -m benchmarks.app_render
	$(PY) -m benchmarks.classifier
	$(PY) -m training.feedback_loop

soak: install  ## the reliability tests at length: 20,000 concurrent decisions, fuzzing
	TRIAGE_SOAK=1 $(PY) -m pytest -q tests/test_reliability.py

clean-demo:
	rm -f $(DB) $(DB)-wal $(DB)-shm
