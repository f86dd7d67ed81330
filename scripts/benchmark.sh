#!/usr/bin/env bash
# Throughput of `migcheck inspect` (read, parse, extract, render) over a
# folder of migrations, in a release build.
# Usage: scripts/benchmark.sh [FOLDER] [RUNS] [FORMAT]   (defaults: Fixtures 20 json)
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-Fixtures}
runs=${2:-20}
format=${3:-json}
scripts/build_release.sh >/dev/null
.build/release/migcheck inspect --benchmark "$runs" --format "$format" "$folder"
