#!/bin/bash
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

# UART over TCP, both directions: echo.elf upper-cases what it receives.
port=$(( 20000 + $$ % 20000 ))
timeout 120 "$sim" "$dir/echo.elf" --bare --uart-tcp $port >"$tmp/e" 2>&1 &
simpid=$!
got=""
for i in $(seq 1 100); do
  if { exec 3<>/dev/tcp/127.0.0.1/$port; } 2>/dev/null; then
    printf 'hello uart\n' >&3
    got=$(timeout 60 head -c 11 <&3)
    exec 3<&-
    break
  fi
  sleep 0.2
done
wait $simpid; rc=$?
[ "$got" = "HELLO UART" ] || fail "--uart-tcp: echo returned '$got' (sim: $(cat "$tmp/e"))"
[ $rc -eq 0 ] || fail "--uart-tcp: echo.elf exit status $rc"

cycles() { sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' "$1"; }
run4() { # NAME ARGS...: spinlock on 4 harts with --stats into $tmp/NAME
  n=$1; shift
  timeout 300 "$sim" "$dir/spinlock.elf" --bare --cores 4 --stats "$@" >"$tmp/$n" 2>&1 \
    || fail "spinlock.elf --cores 4 $* failed: $(tail -3 "$tmp/$n")"
}
run4 a; run4 a2; run4 s1 --seed 1; run4 s1b --seed 1; run4 s2 --seed 2; run4 s3 --seed 3
a=$(cycles "$tmp/a"); b=$(cycles "$tmp/s1"); c=$(cycles "$tmp/s2"); d=$(cycles "$tmp/s3")
[ "$a" = "$(cycles "$tmp/a2")" ] || fail "no seed: two runs differ ($a, $(cycles "$tmp/a2") cycles)"
[ "$b" = "$(cycles "$tmp/s1b")" ] || fail "--seed 1: two runs differ ($b, $(cycles "$tmp/s1b") cycles)"
[ "$b" != "$a" ] && [ "$c" != "$b" ] && [ "$d" != "$c" ] && [ "$d" != "$b" ] \
  || fail "seeds do not change the run ($a $b $c $d cycles)"
echo "ok   sim-harness: exit code, cycle limit, bad ELF, bad options, UART over TCP, seeds ($a / $b / $c / $d cycles)"
