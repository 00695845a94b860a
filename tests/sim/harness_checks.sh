#!/bin/sh
# Checks of rru-sim itself (run by `make sim-harness`): the finisher's exit
# code becomes the exit status, --max-cycles stops with status 3, a bad ELF is
# refused with status 2 and a message naming it, the same --seed gives the
# same run and different seeds give different interleavings (cycle counts).
# Usage: harness_checks.sh RRU_SIM ELF_DIR
set -u
sim=$1; dir=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL sim-harness: $*"; exit 1; }

timeout 120 "$sim" "$dir/exitcode.elf" --bare --cores 2 >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 7 ] || fail "exitcode.elf: exit status $rc, want 7"
grep -q "leaving with 7" "$tmp/o" || fail "exitcode.elf: UART output missing"

timeout 120 "$sim" "$dir/spin.elf" --bare --max-cycles 20000 >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 3 ] || fail "spin.elf: exit status $rc at the cycle limit, want 3"
grep -q "max-cycles 20000" "$tmp/o" || fail "spin.elf: no cycle-limit message"

printf 'not an elf' >"$tmp/bad.elf"
timeout 60 "$sim" "$tmp/bad.elf" --bare >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "bad ELF: exit status $rc, want 2"
grep -q "bad.elf: not an ELF" "$tmp/o" || fail "bad ELF: message does not name the file"

timeout 60 "$sim" "$dir/hello.elf" --bare --cores 9 >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "--cores 9: exit status $rc, want 2"

timeout 60 "$sim" "$dir/hello.elf" --kernel "$tmp/missing.elf" >"$tmp/o" 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing kernel: exit status $rc, want 2"

cycles() { sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' "$1"; }
for s in none 1 1 2 3; do
  if [ $s = none ]; then args=""; else args="--seed $s"; fi
  timeout 300 "$sim" "$dir/spinlock.elf" --bare --cores 4 --stats $args >"$tmp/s$s" 2>&1 \
    || fail "spinlock.elf --cores 4 $args failed"
done
cp "$tmp/snone" "$tmp/snone2"
timeout 300 "$sim" "$dir/spinlock.elf" --bare --cores 4 --stats >"$tmp/snone2" 2>&1
[ "$(cycles "$tmp/snone")" = "$(cycles "$tmp/snone2")" ] || fail "no seed: two runs differ in cycles"
[ "$(cycles "$tmp/s1")" = "$(cycles "$tmp/s1")" ] || fail "same seed: runs differ"
a=$(cycles "$tmp/snone"); b=$(cycles "$tmp/s1"); c=$(cycles "$tmp/s2"); d=$(cycles "$tmp/s3")
[ "$b" != "$a" ] && [ "$c" != "$b" ] && [ "$d" != "$c" ] || fail "seeds do not change the run ($a $b $c $d cycles)"
echo "ok   sim-harness: exit code, cycle limit, bad ELF, bad options, seeds ($a / $b / $c / $d cycles)"
