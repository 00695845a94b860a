#!/bin/bash
# make sim-random / random-replay-bench: N random racy programs
# (gen-racy.sh, seeds FIRST..FIRST+N-1), each recorded on rru-sim (2 cores,
# 2 to 4 threads) and replayed in all four modes under another seed; every
# replay must match its recording (docs/design.md §7.4). Two simulations at
# a time. A failing seed is named, so `gen-racy.sh SEED` rebuilds it.
# usage: test-random-racy.sh BUILD N [FIRST]
set -u
B=${1:-build}
n=${2:-2}
first=${3:-1}
rru=$B/bin/rru
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
jobs=()
for s in $(seq "$first" $((first + n - 1))); do
  "$here/gen-racy.sh" "$s" >"$tmp/r$s.c"
  "$rru" cc "$tmp/r$s.c" -o "$tmp/r$s.elf" >"$tmp/r$s.cc" 2>&1 ||
    { echo "  FAIL random program $s: rru cc: $(tail -2 "$tmp/r$s.cc")"; exit 1; }
  jobs+=("$rru $tmp/r$s.elf random-$s 2 $((2 + s % 3)) $s $tmp/r$s maxpar,stitched,stserial,serial")
done
printf '%s\n' "${jobs[@]}" | xargs -P 2 -L 1 bash -c "$here/sim-rr-job.sh \$0 \$1 \$2 \$3 \$4 \$5 \$6 \"\${7//,/ }\"" \
  >"$tmp/results" 2>&1
sed 's/^/  /' "$tmp/results"
want=$((n * 5))
got=$(grep -c '^ok' "$tmp/results")
if [ "$got" = "$want" ]; then
  echo "sim-random: passed ($n programs, $got steps)"
else
  echo "sim-random: $((want - got)) of $want steps failed"
  exit 1
fi
