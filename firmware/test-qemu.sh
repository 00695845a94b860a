#!/bin/bash
# `make fw-qemu`: runs the workloads (built with `rru cc`) under the resident
# kernel on qemu with 1, 2 and 4 harts, mostly more threads than harts (one
# run with fewer), and checks their self-check line and exit code; then the fault programs (exit 101 and
# the expected message), the kernel's refusals, and `rru cc`'s errors.
# Usage: firmware/test-qemu.sh BUILD_FW_DIR RRU_BINARY
set -u
fw=$1 rru=$(realpath "$2")
here=$(dirname "$0")
run="$here/qemu-run.sh -k $fw/kernel.elf"
configs=${FW_QEMU_CONFIGS:-"1:3 2:4 4:6 4:9 4:2"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfail=0 nok=0 migrations=0 switches_1hart=0

ok() { nok=$((nok + 1)); printf '  ok   %s\n' "$*"; }
bad() { nfail=$((nfail + 1)); printf '  FAIL %s\n' "$*"; }

# Checks an output stream from output.c: whole lines, tag = tid, seq counts up.
check_streams() {
  tr -d '\r' <"$1" | awk -v want="$2" '
    /^\[kernel\]/ { next }
    {
      if (match($0, /^\[t[0-9]+\] /) == 0) { print "untagged line: " $0; bad = 1; next }
      tag = substr($0, 3, RLENGTH - 4) + 0
      if (match($0, /tid=[0-9]+ seq=[0-9]+/) == 0) { print "torn line: " $0; bad = 1; next }
      split(substr($0, RSTART, RLENGTH), f, /[= ]/)
      if (f[2] + 0 != tag) { print "line of thread " f[2] " tagged t" tag ": " $0; bad = 1 }
      if (f[4] + 0 != next_seq[tag] + 0) { print "thread " tag " seq " f[4] " expected " next_seq[tag] + 0; bad = 1 }
      next_seq[tag] = f[4] + 1
      if (!($0 ~ / end$/ || $0 ~ /partial line without newline$/)) { print "torn line: " $0; bad = 1 }
      n++
    }
    END { if (n != want) { print "expected " want " lines, got " n; bad = 1 } exit bad }'
}

echo "workloads ($configs harts:threads):"
for elf in "$fw"/workloads/*.elf; do
  name=$(basename "$elf" .elf)
  for cfg in $configs; do
    h=${cfg%:*} t=${cfg#*:}
    start=$(date +%s%N)
    $run -v -s "$h" -t "$t" -T 120 "$elf" >"$tmp/out" 2>&1
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    what="$name $h harts $t threads (${ms} ms)"
    if [ $rc -ne 0 ]; then
      bad "$what: exit $rc"; sed 's/^/       /' "$tmp/out" | tail -5; continue
    fi
    if [ "$name" = output ]; then
      if msg=$(check_streams "$tmp/out" $((t * 26))); then ok "$what: $((t * 26)) lines whole and tagged"
      else bad "$what: $msg"; fi
    elif line=$(tr -d '\r' <"$tmp/out" | grep -m1 "^\[t0\] PASS $name:"); then
      ok "$what: ${line#\[t0\] PASS }"
    else
      bad "$what: no PASS line"; sed 's/^/       /' "$tmp/out" | tail -5
    fi
    s=$(sed -n 's/^\[kernel\] exit [0-9]*: \([0-9]*\) thread switches, \([0-9]*\) migrations.*/\1 \2/p' "$tmp/out")
    [ "$h" = 1 ] && switches_1hart=$((switches_1hart + ${s%% *}))
    migrations=$((migrations + ${s##* }))
  done
done
# With more threads than harts, the timer must have switched threads on one
# hart, and threads must have moved between harts.
[ "$switches_1hart" -gt 0 ] && ok "threads were switched on one hart ($switches_1hart switches)" \
  || bad "no thread switch on one hart"
[ "$migrations" -gt 0 ] && ok "threads migrated between harts ($migrations migrations)" \
  || bad "no thread ever migrated"

echo "rv32ia build (cores without M):"
m_insns() { riscv64-unknown-elf-objdump -d -M no-aliases "$1" | grep -cE '\s(mul|mulh|mulhsu|mulhu|div|divu|rem|remu)\s' ; }
if "$rru" cc --arch rv32ia "$here/../tests/workloads/fft.c" -o "$tmp/fft-ia.elf"; then
  n_ia=$(m_insns "$tmp/fft-ia.elf") n_k=$(m_insns "$fw/kernel-rv32ia.elf") n_ima=$(m_insns "$fw/workloads/fft.elf")
  if [ "$n_ia" = 0 ] && [ "$n_k" = 0 ] && [ "$n_ima" -gt 0 ]; then
    ok "no M instructions in kernel-rv32ia.elf and an rv32ia app (the rv32ima build has $n_ima)"
  else bad "M instructions: rv32ia app $n_ia, rv32ia kernel $n_k, rv32ima app $n_ima"; fi
  if $run -k "$fw/kernel-rv32ia.elf" -s 2 -t 3 -T 60 "$tmp/fft-ia.elf" 2>&1 | grep -q '^\[t0\] PASS fft:'; then
    ok "fft built for rv32ia runs under kernel-rv32ia.elf"
  else bad "fft (rv32ia) did not pass"; fi
else bad "rru cc --arch rv32ia failed"; fi

echo "faults (exit 101 and a message naming thread, pc and address) and other ends:"
for elf in "$fw"/faults/*.elf; do
  name=$(basename "$elf" .elf)
  src="$here/../tests/workloads/faults/$name.c"
  want=$(sed -n 's/^ \* EXPECT: \(.*\) \*\/$/\1/p' "$src")
  wrc=$(sed -n 's/^ \* EXIT: \([0-9]*\)$/\1/p' "$src")
  wrc=${wrc:-101}
  [ "$wrc" = 101 ] && want="\[kernel\] $want"
  $run -s 2 -t 3 -T 60 "$elf" >"$tmp/out" 2>&1
  rc=$?
  if [ $rc -eq "$wrc" ] && tr -d '\r' <"$tmp/out" | grep -Eq "^$want"; then
    ok "$name: exit $rc: $(tr -d '\r' <"$tmp/out" | grep -m1 -E "^$want")"
  else
    bad "$name: exit $rc, wanted $wrc and /$want/"; sed 's/^/       /' "$tmp/out" | tail -3
  fi
done

echo "kernel refusals:"
expect_run() { # DESCRIPTION RC REGEX qemu-run-args...
  local what=$1 wrc=$2 re=$3; shift 3
  $run "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ $rc -eq "$wrc" ] && grep -Eq "$re" "$tmp/out"; then ok "$what: $(grep -m1 -E "$re" "$tmp/out" | tr -d '\r')"
  else bad "$what: exit $rc, wanted $wrc and /$re/"; sed 's/^/       /' "$tmp/out" | tail -3; fi
}
printf 'x' >"$tmp/empty.bin"
expect_run "no app loaded" 103 "no app image at 0x80010000" -s 1 -T 30 "$tmp/empty.bin"
expect_run "too many threads" 104 "bad boot parameters: threads 33" -s 1 -t 33 -T 30 "$fw/workloads/output.elf"
if "$rru" cc --stack 1048576 "$here/../tests/workloads/output.c" -o "$tmp/bigstack.elf"; then
  expect_run "stacks beyond RAM" 103 "32 threads need stacks up to" -s 1 -t 32 -T 30 "$tmp/bigstack.elf"
else bad "rru cc --stack failed"; fi

echo "rru cc errors:"
expect_cc() { # DESCRIPTION RC REGEX rru-cc-args...
  local what=$1 wrc=$2 re=$3; shift 3
  "$rru" cc "$@" >"$tmp/out" 2>&1
  local rc=$?
  if [ $rc -eq "$wrc" ] && grep -Eq -- "$re" "$tmp/out"; then ok "$what: $(grep -m1 -E -- "$re" "$tmp/out")"
  else bad "$what: exit $rc, wanted $wrc and /$re/"; sed 's/^/       /' "$tmp/out" | tail -3; fi
}
printf '#include <rru/app.h>\nvoid app_main(unsigned t, unsigned n) { (void)t; (void)n; int x = ; }\n' >"$tmp/syntax.c"
printf '#include <rru/app.h>\nvoid not_main(void) {}\n' >"$tmp/nomain.c"
printf '#include <rru/app.h>\nvoid app_main(unsigned t, unsigned n) { (void)t; (void)n; }\n' >"$tmp/ok.c"
expect_cc "syntax error" 1 "building .*syntax.elf failed" "$tmp/syntax.c" -o "$tmp/syntax.elf"
[ ! -e "$tmp/syntax.elf" ] && ok "no output left after a failed build" || bad "syntax.elf left behind"
expect_cc "no app_main" 1 "undefined reference to .app_main" "$tmp/nomain.c" -o "$tmp/nomain.elf"
expect_cc "compiler missing (path)" 1 "cross compiler '/nonexistent/gcc' not found" --cc /nonexistent/gcc "$tmp/ok.c" -o "$tmp/ok.elf"
RRU_CROSS_CC=no-such-riscv-gcc expect_cc "compiler missing (PATH)" 1 "cross compiler 'no-such-riscv-gcc' not found in PATH" "$tmp/ok.c" -o "$tmp/ok.elf"
expect_cc "runtime missing" 1 "app runtime is incomplete: /nonexistent/lib/crt0.o" --runtime /nonexistent "$tmp/ok.c" -o "$tmp/ok.elf"
expect_cc "source missing" 2 "source $tmp/none.c: No such file" "$tmp/none.c"
expect_cc "not a C file" 2 "expected a C \(.c\) or assembly" "$tmp/empty.bin"
expect_cc "no source" 2 "no source file given" -o x.elf
expect_cc "bad arch" 2 "--arch rv64: expected rv32ima or rv32ia" --arch rv64 "$tmp/ok.c"
expect_cc "bad stack" 2 "--stack 100: .*out of range|--stack 100:" --stack 100 "$tmp/ok.c"
(cd "$tmp" && "$rru" cc ok.c) && [ -f "$tmp/ok.elf" ] && ok "default output name ok.elf" || bad "default output name"

echo "fw-qemu: $nok passed, $nfail failed"
[ $nfail -eq 0 ]
