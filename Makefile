# Two commands do all the set-up on a fresh machine:
#   make run   start the kiosk on the bundled deck (headless when there is no display)
#   make test  run the tests headless
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
FRAMES ?= frames

.PHONY: run test validate render bench bench-inside bytecode system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kiosk needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@$(MAKE) --no-print-directory bytecode
	@touch $(STAMP)

# The kiosk's own modules compiled once, as pip does for an installed package, so a start never
# compiles them again (Python writes no byte code where PYTHONDONTWRITEBYTECODE is set).
bytecode:
	@$(BIN)/python -m compileall -q kiosk

system-deps:
	@bash packaging/system-deps.sh --quiet || true

run: $(STAMP) bytecode
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		bash packaging/system-deps.sh --quiet || true; \
		$(BIN)/kiosk run $(ARGS); \
	else \
		echo "No display found: playing one cycle of the deck headless, fast."; \
		rm -rf $(FRAMES); \
		$(BIN)/kiosk run --headless --cycles 1 --time-scale 24 --frames $(FRAMES) --log-json $(FRAMES)/events.jsonl $(ARGS); \
	fi

# ruff and the import contracts (pyproject.toml) first, then the tests: tests/gui and tests/e2e
# here, tests/unit once, by tests/e2e/test_unit_without_qt.py with PySide6 made unimportable.
test: $(STAMP)
	$(BIN)/ruff check kiosk tests bench
	$(BIN)/lint-imports --no-cache
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q --ignore=tests/unit

validate: $(STAMP)
	$(BIN)/kiosk validate slides/*/

render: $(STAMP)
	$(BIN)/kiosk render slides/freedom-week-2019 --out renders/1920x1080 --size 1920x1080
	$(BIN)/kiosk render slides/freedom-week-2019 --out renders/1080x1920 --size 1080x1920
	$(BIN)/kiosk render slides/freedom-week-2019 --out renders/1280x800 --size 1280x800

# The kiosk beside a bare Qt Quick window and Chromium, from the outside under Xvfb (bench/README.md);
# bench/setup.sh installs what only the bench needs (Xvfb, matchbox, Chromium, reveal.js, psutil).
# ARGS=--quick for a short run. bench-inside: the kiosk's own figures, offscreen, against bench/floor.py.
bench: $(STAMP) bytecode
	@bash bench/setup.sh || echo "bench/setup.sh could not install everything: the bench measures what it can"
	$(BIN)/python bench/xbench.py $(ARGS)

bench-inside: $(STAMP) bytecode
	$(BIN)/python bench/bench.py $(ARGS)

clean:
	rm -rf $(VENV) $(FRAMES) renders .pytest_cache
