#!/usr/bin/env bash
# Install everything the tests need (Debian packages included) and run the whole suite:
# lint (ruff), types (mypy --strict) and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --system
.venv/bin/ruff check extractor tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
