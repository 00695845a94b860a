#!/bin/sh
# The libftdi transport against scripted FT2232H boards under umockdev:
# a whole session (open, configure, HELLO, ECHO), no device, several devices.
# Usage: tests/link/run_umockdev.sh build/tests/link/ftdi-umockdev
set -eu
bin=$1
dir=$(dirname "$bin")/umockdev
mkdir -p "$dir"
"$bin" gen "$dir"
export ASAN_OPTIONS=verify_asan_link_order=0
run() { timeout 20 umockdev-run "$@"; }
echo "umockdev: FT2232H session"
run --device "$dir/ft2232h.umockdev" --ioctl /dev/bus/usb/001/002="$dir/ft2232h.ioctl" -- "$bin" session
echo "umockdev: device gone mid-session"
run --device "$dir/ft2232h.umockdev" --ioctl /dev/bus/usb/001/002="$dir/ft2232h.ioctl" -- "$bin" session-lost 2>/dev/null
echo "umockdev: no matching serial -> no device (-2)"
run --device "$dir/ft2232h.umockdev" -- "$bin" expect-error -2 --serial NOPE 2>/dev/null || {
  echo "umockdev: --serial filter failed"; exit 1; }
echo "umockdev: two boards -> several devices (-3), listed"
out=$(run --device "$dir/two.umockdev" -- "$bin" expect-error -3 2>&1 >/dev/null) || true
echo "$out" | grep -q -- "--serial" || { echo "umockdev: no device list in: $out"; exit 1; }
echo "$out" | grep -q "bus 001 device 003" || { echo "umockdev: device 3 not listed: $out"; exit 1; }
echo "umockdev: device node not accessible -> permission denied (-4), udev rule named"
# root ignores file permissions: drop to nobody for this one when root
as_user=""
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && \
  as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
out=$($as_user timeout 20 umockdev-run --device "$dir/ft2232h.umockdev" -- "$bin" expect-error -4 --no-access 2>&1) || {
  echo "umockdev: permission case failed: $out"; exit 1; }
echo "$out" | grep -q "99-openrru.rules" || { echo "umockdev: udev rule not named in: $out"; exit 1; }
echo "umockdev: no board at all -> no device (-2)"
"$bin" expect-error -2
echo "umockdev: all passed"
