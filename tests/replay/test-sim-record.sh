#!/bin/bash
# make sim-record: `rru record --sim` of a racy program on rru-sim with the
# RRUs (docs/design.md §7.4): the kernel drains the RRUs and streams the
# chunk log over the simulated UART link; the host writes RUN/log.bin. The
# log must hold exactly the records the RRUs counted, `rru dag` must build
# every mode from it, and two seeds must give two different recordings.
set -u
B=${1:-build}
rru=$B/bin/rru
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfail=0
ok() { printf '  ok   %s\n' "$*"; }
bad() { nfail=$((nfail + 1)); printf '  FAIL %s\n' "$*"; }
key() { sed -n "s/^$1=//p" "$2"; }

"$rru" cc "$(dirname "$0")/racy_tiny.c" -o "$tmp/racy_tiny.elf" || exit 1
for seed in 1 2; do
  run=$tmp/run$seed
  t0=$(date +%s)
  if ! timeout 600 "$rru" record --sim --cores 2 --threads 2 --seed $seed --quiet "$tmp/racy_tiny.elf" \
       -o "$run" >"$tmp/err" 2>&1; then
    bad "record seed $seed: exit $?"; tail -5 "$tmp/err"; continue
  fi
  recs=$(key records "$run/result")
  if [ -z "$recs" ] || [ ! -s "$run/log.bin" ]; then bad "seed $seed: no chunk log or record count"; continue; fi
  stats=$("$rru" stats "$run" 2>&1) || { bad "seed $seed: rru stats: $stats"; continue; }
  inlog=$(echo "$stats" | sed -n 's/.* \([0-9]*\) records, \([0-9]*\) chunks.*/\2/p')
  if [ "$inlog" = "$recs" ]; then ok "seed $seed ($(( $(date +%s) - t0 )) s): $recs chunks, $(grep -m1 '^log' <<<"$stats" | sed 's/.*chunks, //')"
  else bad "seed $seed: log.bin holds $inlog chunks, the RRUs counted $recs"; fi
  for m in maxpar stitched stserial serial; do
    "$rru" dag -m $m -e bin -o "$tmp/d.$m" "$run" 2>"$tmp/derr" || bad "seed $seed: rru dag -m $m: $(cat "$tmp/derr")"
  done
  for t in 0 1; do
    grep -q "^thread $t of 2: racy" "$run/out/$t.txt" || bad "seed $seed: thread $t printed nothing"
    [ -n "$(key digest.$t "$run/result")" ] || bad "seed $seed: no access digest for thread $t"
  done
done
if [ -f "$tmp/run1/result" ] && [ -f "$tmp/run2/result" ]; then
  if cmp -s "$tmp/run1/log.bin" "$tmp/run2/log.bin"; then bad "seeds 1 and 2 recorded the same log"
  else ok "seeds 1 and 2 recorded different logs"; fi
fi
[ $nfail -eq 0 ] && echo "sim-record: passed" || echo "sim-record: $nfail failed"
exit $((nfail > 0))
