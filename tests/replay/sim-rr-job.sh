#!/bin/bash
# One record-and-replay job on rru-sim (used by test-sim-workloads.sh and the
# bench): records ELF with SEED into OUTDIR/run, then replays it in each of
# MODES under another seed. Prints one line per step:
#   ok|FAIL <name> seed <s> record|<mode> <detail>
# and keeps the run directory for the caller's cross-seed checks.
# usage: sim-rr-job.sh RRU ELF NAME CORES THREADS SEED OUTDIR "MODES"
set -u
rru=$1 elf=$2 name=$3 cores=$4 threads=$5 seed=$6 out=$7 modes=$8
run=$out/run
mkdir -p "$out"
# A failure shows its whole log (the simulator's lines too: an assertion or a
# crash of rru-sim is what the host's "link lost" follows from).
show_log() { sed 's/^/       | /' "$1" | tail -40; }
rm -rf "$run"
t0=$(date +%s)
if ! timeout 900 "$rru" record --sim --cores "$cores" --threads "$threads" --seed "$seed" --quiet "$elf" \
     -o "$run" >"$out/record.log" 2>&1; then
  echo "FAIL $name seed $seed record: $(grep -v '^rru-sim' "$out/record.log" | tail -2 | tr '\n' ' ')"
  show_log "$out/record.log"
  exit 1
fi
recs=$(sed -n 's/^records=//p' "$run/result")
cyc=$(sed -n 's/.*interrupted at cycle \([0-9]*\).*/\1/p' "$out/record.log" | tail -1)
echo "ok   $name seed $seed record: $(( $(date +%s) - t0 )) s, $recs chunks, ${cyc:-?} cycles"
fail=0
for m in $modes; do
  t0=$(date +%s)
  if timeout 900 "$rru" replay --sim "$run" --mode "$m" --seed $((seed + 1000)) --quiet >"$out/replay.$m.log" 2>&1 &&
     grep -q "^replay matched: $m" "$out/replay.$m.log" && grep -qx "matched=yes" "$run/replay.$m"; then
    cyc=$(sed -n 's/.*interrupted at cycle \([0-9]*\).*/\1/p' "$out/replay.$m.log" | tail -1)
    echo "ok   $name seed $seed $m: $(( $(date +%s) - t0 )) s, ${cyc:-?} cycles, $(sed -n 's/^replay matched: [a-z]*, //p' "$out/replay.$m.log" | sed 's/ (.*//')"
  else
    fail=1
    echo "FAIL $name seed $seed $m: $(grep -v '^rru-sim' "$out/replay.$m.log" | tail -3 | tr '\n' ' ')"
    show_log "$out/replay.$m.log"
  fi
done
exit $fail
