#!/usr/bin/env bash
# Wall time of `check` against `inspect` over the same folder (the rule
# engine's cost on top of reading the files), and of a git range, in a
# release build. Medians of RUNS runs.
# Usage: scripts/benchmark_check.sh FOLDER [RUNS] [REPO RANGE]
#   scripts/benchmark_check.sh ../corpus 9 ../.mirror/saleor+saleor/repo 3.20.0..3.21.0
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:?give a folder of migrations}
runs=${2:-9}
scripts/build_release.sh >/dev/null
bin=.build/release/migcheck
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
inspect=$(median "$bin" inspect --format json "$folder")
check=$(median "$bin" check --no-config --fail-on never --format json --project "$folder" "$folder")
echo "inspect --format json: ${inspect} s"
echo "check --format json:   ${check} s ($(echo "scale=2; $check / $inspect" | bc)x inspect)"
for format in junit sarif gitlab github text; do
  echo "check --format $format: $(median "$bin" check --no-config --fail-on never --format "$format" --project "$folder" "$folder") s"
done
if [ $# -ge 4 ]; then
  echo "range $4 in $3: $(median "$bin" -C "$3" "$4" --no-config --fail-on never --format json) s"
fi
