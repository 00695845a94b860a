#!/bin/bash
# make sim-crew: SMP-ReVirt's CREW recorder beside the RRUs (docs/design.md §9).
#  - offline: `rru crew` on random traces (rru gentrace, 1-4 cpus, pages of
#    4096, 64 and 16 bytes); the oracle checks each log (every true
#    dependence ordered, no cycle, replays in random orders read the recorded
#    values); the same logs with their dependences removed must be caught;
#  - on rru-sim: two small racy programs on 2 cores (racy_tiny with
#    4096-byte pages, litmus_mp -DTINY with 64-byte pages) recorded once with
#    `--recorder both`: the one execution yields log.bin and crew.bin, and
#    both replay it exactly (outputs, access digests, memory, inputs, every
#    access); the CREW log must hold faults and dependences;
#  - teeth: the CREW log with its dependences removed must replay DIVERGED.
# One simulation at a time.
set -u
B=${1:-build}
rru=$B/bin/rru
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfail=0
ok() { printf '  ok   %s\n' "$*"; }
bad() { nfail=$((nfail + 1)); printf '  FAIL %s\n' "$*"; }
key() { sed -n "s/^$1=//p" "$2"; }

# --- offline: the CREW log of random traces, checked by the oracle ---------
n=0; caught=0; stripped=0
for s in $(seq 1 12); do
  c=$(( s % 4 + 1 ))
  "$rru" gentrace -s "$s" --cpus "$c" -o "$tmp/t" >/dev/null 2>&1 || { bad "gentrace seed $s"; continue; }
  for pg in 4096 64 16; do
    if ! "$rru" crew "$tmp/t" --page "$pg" -o "$tmp/l" 2>"$tmp/e"; then bad "rru crew seed $s page $pg: $(tail -1 "$tmp/e")"; continue; fi
    if "$rru" oracle --trace "$tmp/t" --log "$tmp/l" >"$tmp/o" 2>&1; then n=$((n + 1))
    else bad "oracle: CREW log of trace seed $s ($c cpus), page $pg: $(tail -1 "$tmp/o")"; fi
    if [ "$c" -gt 1 ] && grep -q ' [0-9]*:[0-9]*' "$tmp/l"; then
      stripped=$((stripped + 1))
      sed -E 's/ [0-9]+:[0-9]+//g' "$tmp/l" >"$tmp/l2"
      "$rru" oracle --trace "$tmp/t" --log "$tmp/l2" >/dev/null 2>&1 || caught=$((caught + 1))
    fi
  done
done
[ $n -eq 36 ] && ok "rru crew: 36 CREW logs of random traces pass the oracle"
if [ $stripped -gt 0 ] && [ $caught -eq $stripped ]; then ok "the oracle catches all $caught of them without their dependences"
else bad "the oracle caught $caught of $stripped CREW logs without dependences"; fi
"$rru" crew --page 48 "$tmp/t" -o /dev/null 2>/dev/null; [ $? -eq 2 ] && ok "rru crew --page 48: refused (exit 2)" || bad "rru crew --page 48 was accepted"

# --- rru-sim, bare: the live recorder equals `rru crew` on the same trace ----
# (recrace: LR/SC and AMO races on 2 harts; an LR's fault held between the LR
# and its SC livelocked it, docs/design.md §9.1)
if [ -f "$B/sim/recrace.elf" ]; then
  if timeout 300 "$B/bin/rru-sim" "$B/sim/recrace.elf" --bare --cores 2 --seed 1 --max-cycles 5000000 \
       --events "$tmp/rr.ev" --crew-log "$tmp/rr.crew" --crew-page 64 --crew-cost 50 >"$tmp/rr.out" 2>&1 &&
     "$rru" crew "$tmp/rr.ev" --page 64 -b -o "$tmp/rr.crew2" && cmp -s "$tmp/rr.crew" "$tmp/rr.crew2" &&
     "$rru" oracle --trace "$tmp/rr.ev" --log "$tmp/rr.crew" >"$tmp/rr.or" 2>&1; then
    ok "recrace (bare, 2 harts): rru-sim's live CREW log equals rru crew on its trace, and passes the oracle"
  else bad "recrace (bare): $(grep -v '^rru-sim: rru' "$tmp/rr.out" | tail -2) $(tail -1 "$tmp/rr.or" 2>/dev/null)"; fi
else bad "$B/sim/recrace.elf is missing (make)"; fi

# --- rru-sim: one execution, two logs, two replays --------------------------
for w in racy_tiny:4096 litmus_mp:64; do
  n=${w%%:*}; pg=${w##*:}
  src=$here/../workloads/$n.c; [ -f "$src" ] || src=$here/$n.c
  "$rru" cc -DTINY "$src" -o "$tmp/$n.elf" >/dev/null 2>&1 || { bad "$n: rru cc"; continue; }
  run=$tmp/$n.run
  if ! timeout 900 "$rru" record --sim --cores 2 --threads 2 --seed 3 --quiet --recorder both \
       --crew-page "$pg" --crew-cost 200 "$tmp/$n.elf" -o "$run" >"$tmp/rec.err" 2>&1; then
    bad "$n: record --recorder both: $(grep -v '^rru-sim' "$tmp/rec.err" | tail -2)"; continue
  fi
  grep -q "^PASS $n\|^thread 0 of 2: racy" "$run/out/0.txt" || bad "$n: the program's output is missing or its self-check failed"
  faults=$(key faults "$run/crew.stats"); held=$(key held_cycles "$run/crew.stats")
  deps=$("$rru" log "$run/crew.bin" | grep -c ' [0-9]*:[0-9]*')
  if [ -f "$run/log.bin" ] && [ "${faults:-0}" -gt 0 ] && [ "$deps" -gt 0 ] && [ "$held" = $((faults * 200)) ]; then
    ok "$n: --recorder both: log.bin and crew.bin ($pg-byte pages: $faults CREW faults, $deps chunks with dependences, $held cycles held)"
  else bad "$n: log.bin $( [ -f "$run/log.bin" ] && echo present || echo missing), faults '${faults:-}', dependences '$deps', held '$held'"; fi
  for lg in rru crew; do
    if timeout 900 "$rru" replay --sim "$run" --log $lg --mode maxpar --seed 5 --quiet >"$tmp/rp" 2>&1 &&
       grep -q "^replay matched" "$tmp/rp"; then ok "$n: replay of the $lg log (maxpar) matched the recording"
    else bad "$n: replay of the $lg log: $(grep -v '^rru-sim' "$tmp/rp" | tail -2)"; fi
  done
done

# --- teeth: the CREW log without its dependences must diverge ---------------
run=$tmp/racy_tiny.run
if [ -f "$run/crew.bin" ]; then
  cp -r "$run" "$tmp/broken"
  rm -f "$tmp/broken"/dag.*
  "$rru" log "$run/crew.bin" | sed -E 's/ [0-9]+:[0-9]+//g' | "$rru" log --binary -o "$tmp/broken/crew.bin" -
  timeout 900 "$rru" replay --sim "$tmp/broken" --log crew --mode maxpar --seed 5 --quiet >"$tmp/rp" 2>&1
  rc=$?
  if [ $rc -ne 0 ] && grep -q "replay DIVERGED" "$tmp/rp"; then ok "the CREW log without dependences: replay DIVERGED ($(grep -o 'first.*' "$tmp/rp" | head -1 | cut -c1-80))"
  else bad "the CREW log without dependences replayed as matched (exit $rc)"; fi
fi
"$rru" replay --sim "$tmp/nonexistent" --log crw >/dev/null 2>&1; [ $? -eq 2 ] && ok "rru replay --log crw: refused (exit 2)" || bad "rru replay --log crw accepted"
"$rru" record --qemu --recorder crew x.elf -o "$tmp/q" >/dev/null 2>&1; [ $? -eq 2 ] && ok "rru record --qemu --recorder crew: refused (exit 2)" || bad "--recorder crew accepted on qemu"

[ $nfail -eq 0 ] || { echo "sim-crew: $nfail failed"; exit 1; }
echo "sim-crew: all passed"
