#!/bin/sh
# Runs an app ELF under the resident kernel on qemu-system-riscv32 `virt`,
# passing the boot parameters (docs/design.md §6) with qemu's loader device.
# Usage: firmware/qemu-run.sh [-s HARTS] [-t THREADS] [-q QUANTUM] [-T SECONDS] [-v] APP.elf
# Exit status: the program's (0 when every thread returned), 124 on timeout.
set -eu
harts=1 threads=0 quantum=0 secs=60 flags=0
kernel=${RRU_KERNEL:-$(dirname "$0")/../build/firmware/kernel.elf}
while getopts s:t:q:T:vk: opt; do
  case $opt in
    s) harts=$OPTARG ;;
    t) threads=$OPTARG ;;
    q) quantum=$OPTARG ;;
    T) secs=$OPTARG ;;
    v) flags=1 ;;
    k) kernel=$OPTARG ;;
    *) echo "usage: $0 [-s HARTS] [-t THREADS] [-q QUANTUM] [-T SECONDS] [-v] APP.elf" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-s HARTS] [-t THREADS] [-v] APP.elf" >&2; exit 2; }
[ -r "$1" ] || { echo "$0: $1: not readable" >&2; exit 2; }
[ -r "$kernel" ] || { echo "$0: kernel $kernel not built (run make)" >&2; exit 2; }
p=0x8000FFC0   # RRU_BOOT_PARAMS_ADDR
word() { echo "-device loader,addr=$(printf 0x%x $((p + $1))),data=$2,data-len=4"; }
exec timeout "$secs" qemu-system-riscv32 -machine virt -m 128M -smp "$harts" -bios none -nographic \
  -monitor none -serial stdio -kernel "$kernel" -device loader,file="$1" \
  $(word 0 0x42555252) $(word 4 "$threads") $(word 8 "$harts") $(word 12 0x01000000) \
  $(word 16 "$quantum") $(word 20 "$flags")
