#!/usr/bin/env bash
# Install (first run only) and extract the shipped sample reports into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p output
.venv/bin/extract samples/s00*.txt samples/s00*.html --out output/
echo "records written to output/:"; ls -1 output/*.json
