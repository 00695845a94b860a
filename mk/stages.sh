#!/bin/sh
# Run each named make target as one test stage, print its wall time, and stop
# at the first failure. Usage: mk/stages.sh TITLE TARGET...
set -u
title=$1; shift
make=${MAKE:-make}
total_start=$(date +%s)
for stage in "$@"; do
  start=$(date +%s)
  printf '==> %s: %s\n' "$title" "$stage"
  # Two jobs at a time: two simulations (or builds) in parallel on 2 cores.
  if ! $make --no-print-directory -j2 --output-sync=target "$stage"; then
    printf '==> %s: %s FAILED after %ss\n' "$title" "$stage" "$(( $(date +%s) - start ))"
    exit 1
  fi
  printf '==> %s: %s ok (%ss)\n' "$title" "$stage" "$(( $(date +%s) - start ))"
done
printf '==> %s: all %d stages passed in %ss\n' "$title" "$#" "$(( $(date +%s) - total_start ))"
