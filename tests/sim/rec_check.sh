#!/bin/sh
# One recording run on the cluster: tests/sim/rec_check.sh SIM RRU DIR PROG-N-SEED
# Runs PROG on N harts with --seed SEED under rru-sim-check with
# --check-model (RTL records == C model on the captured trace, plus the
# docs/design.md §1.2 coherence check), keeps the trace and the RTL log, and
# feeds both to `rru oracle --trace --log` (reference graph + all four DAG
# modes, with replays). Fails if no chunk was recorded.
set -u
sim=$1 rru=$2 dir=$3 run=$4
p=${run%-*-*}; rest=${run#"$p"-}; n=${rest%-*}; s=${rest#*-}
out=$dir/rec-$run
name=${p#rec-}
timeout ${SIM_TIMEOUT:-300} "$sim" "$dir/$p.elf" --bare --cores "$n" --seed "$s" --max-cycles 20000000 \
  --check-model --stats --events "$out.trace" --rru-log "$out.log" >"$out.out" 2>&1
rc=$?
if [ $rc -ne 0 ] || ! grep -q "^$name: ok" "$out.out" || ! grep -q "equal the C model" "$out.out"; then
  echo "FAIL $p on $n harts, seed $s (exit $rc):"; cat "$out.out"; exit 1
fi
chunks=$(grep -c '^c ' "$out.log")
if [ "$chunks" -lt "$n" ]; then
  echo "FAIL $p on $n harts, seed $s: only $chunks chunks recorded"; exit 1
fi
if ! timeout 120 "$rru" oracle --trace "$out.trace" --log "$out.log" >"$out.oracle" 2>&1; then
  echo "FAIL $p on $n harts, seed $s: rru oracle:"; cat "$out.oracle"; exit 1
fi
cyc=$(sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' "$out.out")
echo "ok   $p on $n harts, seed $s: $cyc cycles, $chunks chunks == model, oracle ok"
