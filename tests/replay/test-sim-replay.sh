#!/bin/bash
# make sim-replay: record a racy program on rru-sim with the RRUs and replay
# it there, through the link, as on a board (docs/design.md §7.4).
#  - record: two seeds; the chunk log must hold exactly the records the RRUs
#    counted, and the two seeds must record different logs;
#  - replay: each recording in all four modes, under another seed than the
#    recording's; every replay must match (outputs, access digests, memory,
#    inputs), two simulations at a time;
#  - teeth: the same log with its dependences removed gives a DAG that lets
#    the threads run unordered; its replay must be reported as diverged,
#    naming the first access that differs from the recording's.
set -u
B=${1:-build}
rru=$B/bin/rru
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfail=0
ok() { printf '  ok   %s\n' "$*"; }
bad() { nfail=$((nfail + 1)); printf '  FAIL %s\n' "$*"; }
key() { sed -n "s/^$1=//p" "$2"; }
modes="maxpar stitched stserial serial"

"$rru" cc "$(dirname "$0")/racy_tiny.c" -o "$tmp/racy_tiny.elf" || exit 1

record() { # seed
  local seed=$1 run=$tmp/run$1 t0=$(date +%s)
  if ! timeout 600 "$rru" record --sim --cores 2 --threads 2 --seed "$seed" --quiet "$tmp/racy_tiny.elf" \
       -o "$run" >"$tmp/rec$seed.err" 2>&1; then
    echo "FAIL record seed $seed: $(tail -3 "$tmp/rec$seed.err")" >"$tmp/rec$seed.res"; return
  fi
  echo "ok record seed $seed ($(( $(date +%s) - t0 )) s)" >"$tmp/rec$seed.res"
}
record 1 & record 2 & wait
for seed in 1 2; do
  run=$tmp/run$seed
  r=$(cat "$tmp/rec$seed.res")
  case $r in ok*) ok "${r#ok }";; *) bad "${r#FAIL }"; continue;; esac
  recs=$(key records "$run/result")
  stats=$("$rru" stats "$run" 2>&1) || { bad "seed $seed: rru stats: $stats"; continue; }
  inlog=$(echo "$stats" | sed -n 's/.* \([0-9]*\) records, \([0-9]*\) chunks.*/\2/p')
  if [ -n "$recs" ] && [ "$inlog" = "$recs" ]; then ok "seed $seed: log.bin holds the $recs chunks the RRUs counted"
  else bad "seed $seed: log.bin holds '$inlog' chunks, the RRUs counted '$recs'"; fi
  for t in 0 1; do
    grep -q "^thread $t of 2: racy" "$run/out/$t.txt" || bad "seed $seed: thread $t printed nothing"
  done
done
[ $nfail -eq 0 ] || { echo "sim-replay: $nfail failed"; exit 1; }
if cmp -s "$tmp/run1/log.bin" "$tmp/run2/log.bin"; then bad "seeds 1 and 2 recorded the same log"
else ok "seeds 1 and 2 recorded different logs"; fi

if "$rru" log "$tmp/run1" | "$rru" log --binary -o "$tmp/again.bin" - && cmp -s "$tmp/again.bin" "$tmp/run1/log.bin"; then
  ok "rru log: log.bin to text and back is the same file"
else bad "rru log: log.bin to text and back differs"; fi

# The broken DAG: every q:k removed from the text log.
cp -r "$tmp/run1" "$tmp/broken"
"$rru" log "$tmp/run1" | sed -E 's/^(c [0-9]+ [0-9]+ [0-9]+ [0-9]+)( [0-9]+:[0-9]+)*/\1/' >"$tmp/nodeps.txt"
"$rru" dag -m maxpar -e bin -o "$tmp/broken/dag.maxpar.bin" "$tmp/nodeps.txt" || bad "rru dag of the log without dependences"

replay() { # run mode seed tag
  local out=$tmp/rp.$4
  timeout 600 "$rru" replay --sim "$1" --mode "$2" --seed "$3" --quiet >"$out" 2>&1
  echo $? >"$out.rc"
}
jobs_list=()
for seed in 1 2; do
  for m in $modes; do jobs_list+=("$tmp/run$seed $m $((seed + 100)) $seed.$m"); done
done
jobs_list+=("$tmp/broken maxpar 7 broken")
i=0
while [ $i -lt ${#jobs_list[@]} ]; do
  replay ${jobs_list[$i]} &
  [ $((i + 1)) -lt ${#jobs_list[@]} ] && replay ${jobs_list[$((i + 1))]} &
  wait
  i=$((i + 2))
done
for seed in 1 2; do
  for m in $modes; do
    out=$tmp/rp.$seed.$m
    if [ "$(cat "$out.rc")" = 0 ] && grep -q "^replay matched: $m" "$out"; then
      ok "seed $seed, $m, replay seed $((seed + 100)): $(grep '^replay matched' "$out" | sed 's/^replay matched: [a-z]*, //')"
    else
      bad "seed $seed, $m: exit $(cat "$out.rc"): $(grep -v '^rru-sim' "$out" | tail -3)"
    fi
    [ "$(key matched "$tmp/run$seed/replay.$m")" = yes ] || bad "seed $seed, $m: replay.$m does not say matched=yes"
    [ ! -e "$tmp/run$seed/replay.$m.access" ] || bad "seed $seed, $m: a matched replay left its access log"
  done
done
out=$tmp/rp.broken
if [ "$(cat "$out.rc")" = 1 ] && grep -q "^replay DIVERGED" "$out"; then
  ok "the DAG without dependences is caught: $(grep '^replay DIVERGED' "$out" | sed 's/.*nodes: //')"
  # rru-sim's access logs name where it first went wrong (docs/design.md §7.4)
  if grep -q "first differing access: cpu [0-9]*, access [0-9]*, in chunk [0-9]* of cpu" "$out" &&
     grep -q "^first_access=first differing access" "$tmp/broken/replay.maxpar"; then
    ok "$(grep -o 'first differing access.*' "$out" | head -1)"
  else bad "the diverged replay does not name the first differing access: $(grep -v '^rru-sim' "$out" | tail -3)"; fi
else
  bad "the DAG without dependences was not caught (exit $(cat "$out.rc")): $(grep -v '^rru-sim' "$out" | tail -3)"
fi
[ $nfail -eq 0 ] && echo "sim-replay: passed" || echo "sim-replay: $nfail failed"
exit $((nfail > 0))
