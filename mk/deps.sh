#!/bin/sh
# Install the Debian packages openrru needs, only those that are missing.
# Idempotent and silent when everything is present; called by `make deps`.
set -eu
pkgs="make gcc g++ pkg-config clang libclang-rt-14-dev python3
verilator yosys nextpnr-ice40 fpga-icestorm openfpgaloader
gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
libcriterion-dev libftdi1-dev libusb-1.0-0-dev umockdev libumockdev-dev graphviz"
missing=""
for p in $pkgs; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
