#!/bin/bash
# ISA test runner (make isa-test). Usage:
#   run.sh OUTDIR BENCH NOM_BENCH "COMPARED..." "CORE_ONLY..." "NOM_ONLY..." SIM
# COMPARED tests run on qemu-system-riscv32 (virt, no C extension so that
# misaligned jump targets trap as on rru_core) and on the core bench with
# random latencies and observer stalls; both must exit 0 and print the same
# lines. They also run on the bench without M (all but muldiv, random and
# cprog, which use M and must fail or differ there). CORE_ONLY tests run on the bench and must exit 0; NOM_ONLY on
# the no-M bench. Then the same ELFs on the whole cluster (SIM, rru-sim-check
# --bare --check-mem) on 1, 2 and 4 harts: hart 0 runs the test, the others
# snoop its image (rt.S), and the output must again be qemu's.
# Every run is under timeout.
set -u
out=$1 bench=$2 nombench=$3 compared=$4 coreonly=$5 nomonly=$6 sim=$7
mkdir -p "$out"
qemu=(qemu-system-riscv32 -machine virt -cpu rv32,c=false -bios none -nographic -kernel)
fails=0
seed=1
bad() { echo "isa: FAIL $*"; fails=$((fails + 1)); }
runcore() { # bench elf log [args]
	local b=$1 e=$2 log=$3; shift 3
	timeout 120 "$b" --seed "$seed" "$@" "$e" >"$log" 2>"$log.err"
}
for t in $compared; do
	elf=$out/$t.elf
	seed=$((seed + 1))
	timeout 60 "${qemu[@]}" "$elf" </dev/null >"$out/$t.qemu" 2>&1
	rq=$?
	runcore "$bench" "$elf" "$out/$t.core" --lat 3 --stalls
	rc=$?
	[ $rq -eq 0 ] || bad "$t: qemu exit $rq (see $out/$t.qemu)"
	[ $rc -eq 0 ] || bad "$t: core exit $rc (see $out/$t.core, $out/$t.core.err)"
	if ! diff -q "$out/$t.qemu" "$out/$t.core" >/dev/null; then
		bad "$t: core output differs from qemu:"
		diff "$out/$t.qemu" "$out/$t.core" | head -20
	fi
	# Same binary on the core with same-cycle (latency 0) answers.
	runcore "$bench" "$elf" "$out/$t.core0" --lat 0
	rc=$?
	[ $rc -eq 0 ] && cmp -s "$out/$t.qemu" "$out/$t.core0" || bad "$t: latency-0 run (exit $rc) differs"
	# Without M: tests that use M must fail or differ, the rest pass.
	runcore "$nombench" "$elf" "$out/$t.nom" --lat 2
	rc=$?
	if [ "$t" = muldiv ] || [ "$t" = random ] || [ "$t" = cprog ]; then
		[ $rc -ne 0 ] || ! cmp -s "$out/$t.qemu" "$out/$t.nom" || bad "$t passed on the core without M"
	else
		[ $rc -eq 0 ] && cmp -s "$out/$t.qemu" "$out/$t.nom" || bad "$t: no-M run (exit $rc) differs"
	fi
	echo "isa: $t: $(tail -1 "$out/$t.core")"
done
for t in $coreonly; do
	seed=$((seed + 1))
	runcore "$bench" "$out/$t.elf" "$out/$t.core" --lat 3 --stalls
	rc=$?
	[ $rc -eq 0 ] || { bad "$t: core exit $rc"; grep -A1 FAIL "$out/$t.core" | head; }
	echo "isa: $t (core only): $(tail -1 "$out/$t.core")"
done
for t in $nomonly; do
	seed=$((seed + 1))
	runcore "$nombench" "$out/$t.elf" "$out/$t.core" --lat 3 --stalls
	rc=$?
	[ $rc -eq 0 ] || { bad "$t: no-M core exit $rc"; grep -A1 FAIL "$out/$t.core" | head; }
	# and it must fail where M exists
	runcore "$bench" "$out/$t.elf" "$out/$t.m" --lat 1
	[ $? -ne 0 ] || bad "$t passed on the core with M"
	echo "isa: $t (no-M core): $(tail -1 "$out/$t.core")"
done
# Random software interrupts (raised by the bench, never on qemu) must not
# change the results of a random instruction stream: precise interrupts.
t=random_irq
timeout 60 "${qemu[@]}" "$out/$t.elf" </dev/null >"$out/$t.qemu" 2>&1
rq=$?
runcore "$bench" "$out/$t.elf" "$out/$t.core" --lat 3 --stalls --rand-msip 40 --stats
rc=$?
n=$(sed -n 's/.* \([0-9]*\) interrupts.*/\1/p' "$out/$t.core.err")
[ $rq -eq 0 ] && [ $rc -eq 0 ] && cmp -s "$out/$t.qemu" "$out/$t.core" || bad "$t: differs from qemu (exit $rq/$rc)"
[ "${n:-0}" -ge 100 ] || bad "$t: only ${n:-0} interrupts taken"
echo "isa: $t: ${n:-0} interrupts, $(tail -1 "$out/$t.core")"
# Held as an RRU with a full log holds (not interrupt entry) until an
# interrupt is taken: the core must take interrupts while held (a core that
# cannot ends no hold by one), with the same results.
runcore "$bench" "$out/$t.elf" "$out/$t.held" --lat 3 --rand-msip 40 --irq-holds --stats
rc=$?
h=$(sed -n 's/.* \([0-9]*\) holds ended by an interrupt.*/\1/p' "$out/$t.held.err")
ht=$(sed -n 's/.*interrupt (\([0-9]*\) timed out).*/\1/p' "$out/$t.held.err")
[ $rc -eq 0 ] && cmp -s "$out/$t.qemu" "$out/$t.held" || bad "$t with holds until an interrupt: exit $rc, $(tail -1 "$out/$t.held.err")"
[ "${h:-0}" -ge 50 ] || bad "$t: only ${h:-0} holds ended by an interrupt (${ht:-?} timed out)"
echo "isa: $t: ${h:-0} holds ended by an interrupt (${ht:-?} timed out), $(tail -1 "$out/$t.held")"

# The cluster: the same ELFs on rru-sim-check (assertions on: the SWMR
# checker, cache, bus and core assertions; --check-mem checks every load
# against a golden memory), 1 hart alone, then 2 and 4 harts with the
# latency perturbed (--seed) and rt.S's companion harts snooping hart 0's
# image. Compared tests must print qemu's output; the core-only ones must
# pass. random_irq on 2 and 4 harts takes msip raised by the companions
# through the CLINT (the core bench's --rand-msip has no cluster
# counterpart: this is the interrupt source there) and must still print
# qemu's output. alu and muldiv (1.8 M cycles of register arithmetic
# between checks, no memory traffic but the UART) run on 1 hart only, to
# keep the stage short.
runsim() { # elf log ncores: rru-sim-check run, exit status
	local e=$1 log=$2 n=$3 s=""
	[ "$n" -gt 1 ] && s="--seed $n"
	timeout 300 "$sim" "$e" --bare --cores "$n" $s --check-mem --stats --max-cycles 20000000 \
		>"$log" 2>"$log.err"
}
for n in 1 2 4; do
	for t in $compared random_irq; do
		[ "$n" -gt 1 ] && { [ "$t" = alu ] || [ "$t" = muldiv ]; } && continue
		runsim "$out/$t.elf" "$out/$t.sim$n" "$n"
		rc=$?
		if [ $rc -ne 0 ] || ! cmp -s "$out/$t.qemu" "$out/$t.sim$n"; then
			bad "$t on the cluster, $n harts: exit $rc, output vs qemu:"
			diff "$out/$t.qemu" "$out/$t.sim$n" | head -10
			tail -3 "$out/$t.sim$n.err"
		fi
	done
	for t in $coreonly; do
		runsim "$out/$t.elf" "$out/$t.sim$n" "$n"
		rc=$?
		[ $rc -eq 0 ] || { bad "$t (core only) on the cluster, $n harts: exit $rc"; grep -A1 FAIL "$out/$t.sim$n" | head; }
	done
	i=$(sed -n 's/^rru-sim: hart 0: .* \([0-9]*\) interrupts.*/\1/p' "$out/random_irq.sim$n.err")
	cyc=$(sed -n 's/^rru-sim: \([0-9]*\) cycles.*/\1/p' "$out/random.sim$n.err")
	if [ "$n" -gt 1 ] && [ "${i:-0}" -lt 100 ]; then
		bad "random_irq on the cluster, $n harts: only ${i:-0} interrupts from the other harts"
	fi
	echo "isa: cluster, $n harts: done (random: $cyc cycles; random_irq: ${i:-0} interrupts)"
done

# The bench rejects bad input with exit 2 and names the file.
printf 'not an elf\n' >"$out/bad.elf"
timeout 10 "$bench" "$out/bad.elf" >/dev/null 2>"$out/bad.err"
rc=$?
[ $rc -eq 2 ] && grep -q "bad.elf: not an ELF" "$out/bad.err" || bad "bench accepted a bad ELF (exit $rc)"
head -c 60 "$out/alu.elf" >"$out/trunc.elf"
timeout 10 "$bench" "$out/trunc.elf" >/dev/null 2>"$out/trunc.err"
rc=$?
[ $rc -eq 2 ] && grep -q "trunc.elf: program headers" "$out/trunc.err" || bad "bench accepted a truncated ELF (exit $rc)"
if [ $fails -ne 0 ]; then
	echo "isa: $fails failure(s)"
	exit 1
fi
echo "isa: all passed"
