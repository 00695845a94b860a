#!/bin/bash
# Checks of rru-sim's --uart-baud and --trace (run by `make sim-opts`).
# --uart-baud B paces the UART: the line sends a byte in
# P = ceil(10 * F / B) cycles (F = --clk-hz, default 12 MHz) from a 16-byte
# transmit FIFO (THRE low while it holds anything), so a program that
# prints N bytes, one after the other, takes at least (N - 17) * P cycles
# (the FIFO and the shift register may still hold 17 at its end) and at
# most its unpaced cycles + N * P, and prints the same (what the FIFO holds
# at the end goes out too).
# --trace FILE.fst: the fast build writes an FST that Verilator's own FST
# reader (fst_uart) opens, with the SoC's signals, one rising clock edge
# per simulated cycle, and the very UART bytes the run printed; the test
# build (rru-sim-check) has no tracing and says so (exit status 2).
# Usage: harness_opts.sh RRU_SIM RRU_SIM_CHECK FST_UART ELF_DIR
set -u
fast=$1 check=$2 fst=$3 dir=$4
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL sim-opts: $*"; exit 1; }
cycles() { sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' "$1"; }
elf=$dir/hello.elf

run() { # NAME ARGS...: hello.elf on rru-sim-check, stdout to $tmp/NAME, stderr to $tmp/NAME.err
  local n=$1; shift
  timeout 60 "$check" "$elf" --bare --stats "$@" >"$tmp/$n" 2>"$tmp/$n.err" \
    || fail "hello.elf $*: exit status $? ($(tail -2 "$tmp/$n.err"))"
}
run base
run b115 --uart-baud 115200
run b115f --uart-baud 115200 --clk-hz 24000000
c0=$(cycles "$tmp/base.err") nb=$(wc -c <"$tmp/base")
[ "$nb" -gt 10 ] || fail "hello.elf printed only $nb bytes"
for r in b115:1042 b115f:2084; do # run:P
  n=${r%:*} p=${r#*:} c=$(cycles "$tmp/${r%:*}.err")
  cmp -s "$tmp/base" "$tmp/$n" || fail "--uart-baud changed the output ($n)"
  lo=$(( (nb - 17) * p )) hi=$(( c0 + nb * p ))
  [ "$c" -ge "$lo" ] && [ "$c" -le "$hi" ] \
    || fail "$n: $c cycles for $nb bytes at $p cycles a byte, want $lo..$hi (unpaced: $c0)"
done
baud="$c0 -> $(cycles "$tmp/b115.err") -> $(cycles "$tmp/b115f.err") cycles"

# --trace on the fast build, 2 harts
timeout 60 "$fast" "$elf" --bare --cores 2 --stats --trace "$tmp/t.fst" >"$tmp/t" 2>"$tmp/t.err" \
  || fail "--trace: exit status $? ($(tail -2 "$tmp/t.err"))"
timeout 60 "$fst" "$tmp/t.fst" >"$tmp/t.uart" 2>"$tmp/t.sum" || fail "--trace: $(cat "$tmp/t.sum")"
cmp -s "$tmp/t" "$tmp/t.uart" || fail "--trace: the UART bytes in the trace are not the run's output"
rises=$(sed -n 's/.* \([0-9]*\) rising clock edges.*/\1/p' "$tmp/t.sum")
c=$(cycles "$tmp/t.err")
# the cycle of the finisher write ends the run before its clock edge
[ "$rises" = $((c - 1)) ] || fail "--trace: $rises rising clock edges in the trace for a $c-cycle run"
timeout 60 "$fst" "$tmp/t.fst" --names >"$tmp/names" 2>/dev/null || fail "--trace: cannot list the signals"
for s in 'TOP.rru_sim_top.u_soc.g_hart\[1\].u_core.pc_q ' 'TOP.rru_sim_top.obs_valid_o$' \
         'TOP.rru_sim_top.u_soc.u_mem.u_bus\.'; do
  grep -q "$s" "$tmp/names" || fail "--trace: no signal matching '$s' in the trace"
done
head -c 1000 "$tmp/t.fst" >"$tmp/cut.fst"
timeout 60 "$fst" "$tmp/cut.fst" >/dev/null 2>&1 && fail "fst_uart accepted a truncated FST"

# the test build: no tracing, said clearly
timeout 60 "$check" "$elf" --bare --trace "$tmp/n.fst" >"$tmp/n" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q "this build has no tracing" "$tmp/n" || fail "rru-sim-check --trace: exit $rc, $(cat "$tmp/n")"
[ ! -e "$tmp/n.fst" ] || fail "rru-sim-check --trace wrote a file"
echo "ok   sim-opts: --uart-baud ($nb bytes: $baud), --trace ($(wc -l <"$tmp/names") signals, $rises edges, UART bytes match)"
