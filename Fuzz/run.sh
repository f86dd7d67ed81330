#!/usr/bin/env bash
# Builds the lexer, parser, extractor and graph with libFuzzer and AddressSanitizer and fuzzes
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
# The syntax and model modules are compiled (instrumented) one after the
# other, as SwiftPM would, and linked into the target.
mkdir -p "$out/modules"
swiftc -sanitize=fuzzer,address -parse-as-library -O -wmo -module-name MigcheckSyntax \
  -emit-module -emit-module-path "$out/modules/MigcheckSyntax.swiftmodule" \
  -c Sources/MigcheckSyntax/*.swift -o "$out/syntax.o"
swiftc -sanitize=fuzzer,address -parse-as-library -O -wmo -module-name MigcheckModel -I "$out/modules" \
  -emit-module -emit-module-path "$out/modules/MigcheckModel.swiftmodule" \
  -c Sources/MigcheckModel/*.swift -o "$out/model.o"
swiftc -sanitize=fuzzer,address -parse-as-library -O -I "$out/modules" \
  Fuzz/FuzzParser.swift "$out/syntax.o" "$out/model.o" -o "$out/fuzz-parser"
"$out/fuzz-parser" -artifact_prefix="$out/" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 "$out/corpus"
