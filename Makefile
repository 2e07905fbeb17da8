# Every target creates .venv and installs what it needs when missing or when the dependency files changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STACK ?= dev

.PHONY: run test lint format lock bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

## run: the main job, offline: preview the stack under mocks with the policy pack
run: $(STAMP)
	@mkdir -p reports
	$(BIN)/fraudctl preview --stack $(STACK) --policy-pack policies --policy-pack-config policies/config/$(STACK).json \
		--event-log reports/preview-events.jsonl
	$(BIN)/fraudctl review --stack $(STACK) --policy-pack-config policies/config/$(STACK).json --out reports/security-review

## test: lint, then every test (unit, emulator, policy engine, acceptance)
test: $(STAMP) lint
	$(BIN)/python -m pytest

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

clean:
	rm -rf $(VENV) .pytest_cache reports build *.egg-info
