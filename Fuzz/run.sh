#!/usr/bin/env bash
# Builds the lexer and parser with libFuzzer and AddressSanitizer and fuzzes
# them for SECONDS (default 300), starting from the fixtures.
# Usage: Fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
out=.build-fuzz
mkdir -p "$out/corpus"
i=0
for seed in Fixtures/inspect/*/migrations/*.py; do
  cp "$seed" "$out/corpus/seed_$i.py"
  i=$((i + 1))
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name MigcheckSyntax \
  Sources/MigcheckSyntax/*.swift Fuzz/FuzzParser.swift -o "$out/fuzz-parser"
"$out/fuzz-parser" -artifact_prefix="$out/" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 "$out/corpus"
