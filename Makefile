# Every target creates .venv and installs what it needs when missing or when the dependency files changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STACK ?= dev

.PHONY: run serve test lint format lock bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

## run: the main job, offline: policy preview, security review, then a demo of the whole system on moto
run: $(STAMP)
	@mkdir -p reports
	$(BIN)/fraudctl preview --stack $(STACK) --policy-pack policies --policy-pack-config policies/config/$(STACK).json \
		--event-log reports/preview-events.jsonl
	$(BIN)/fraudctl review --stack $(STACK) --policy-pack-config policies/config/$(STACK).json --out reports/security-review
	$(BIN)/fraudctl local demo --stack $(STACK)

## serve: the whole system locally until Ctrl-C (moto, the functions, the API, the stream, the schedule)
serve: $(STAMP)
	$(BIN)/fraudctl local --stack $(STACK)

## test: lint, then every test (unit, emulator, policy engine, acceptance)
test: $(STAMP) lint
	@mkdir -p reports
	$(BIN)/python -m pytest --cucumberjson=reports/cucumber.json

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## lock: re-freeze the transitive dependency set after changing pyproject.toml
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^fraud-detection' > constraints.txt

## bench: the figures the README quotes
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_preview.py
	$(BIN)/python benchmarks/bench_functions.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_local.py

clean:
	rm -rf $(VENV) .pytest_cache reports build *.egg-info
