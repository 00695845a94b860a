#!/bin/sh
# Run each libFuzzer binary for SECONDS, starting from its checked-in seeds
# (tests/fuzz/corpus/<name>/) and keeping what it finds under build/.
# Usage: mk/fuzz.sh SECONDS FUZZER...
set -eu
secs=$1; shift
for f in "$@"; do
  name=$(basename "$f")
  corpus=build/fuzz/corpus-$name
  mkdir -p "$corpus" build/fuzz/artifacts
  seeds=tests/fuzz/corpus/$name
  [ -d "$seeds" ] || seeds=""
  echo "fuzz $name for ${secs}s"
  if ! "$f" -max_total_time="$secs" -print_final_stats=0 -artifact_prefix=build/fuzz/artifacts/"$name"- \
        "$corpus" $seeds >build/fuzz/"$name".log 2>&1; then
    tail -40 build/fuzz/"$name".log
    echo "fuzz $name: FAILED (reproducer in build/fuzz/artifacts/)"
    exit 1
  fi
  grep -E '^#[0-9]+.*DONE' build/fuzz/"$name".log | tail -1 || true
done
